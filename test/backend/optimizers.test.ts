// Optimizers: every compiled backend against the js reference over 6 steps (relative 2e-5,
// absolute 1e-6: the js reference rounds to float32 at fewer places),
// and every backend against trajectories recorded from PyTorch 1.13 itself
// (test/fixtures/torch-optimizers.json, made by scripts/torch-optimizer-fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { COMPILED, LOADED, f32, worstRatio } from './backends.ts';

interface TorchCase {
  name: string;
  optimizer: 'sgd' | 'rmsprop' | 'adam' | 'adagrad';
  options: Record<string, number | boolean>;
  initial: number[];
  gradients: number[][];
  expected: number[][];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-optimizers.json', import.meta.url), 'utf8')) as { torch: string; cases: TorchCase[] };

/** Runs the optimizer over the gradient sequence and returns the parameters after each step. */
function trajectory(backend: Backend, c: TorchCase): Float32Array[] {
  const n = c.initial.length;
  const params = f32(backend, c.initial);
  const grads = backend.allocate(n);
  const zeros = () => backend.allocate(n);
  const state = { momentumBuffer: zeros(), squareAvg: zeros(), gradAvg: zeros(), expAvg: zeros(), expAvgSq: zeros(), sum: zeros() };
  if (c.optimizer === 'adagrad') state.sum.fill(Number(c.options.initialAccumulatorValue ?? 0));
  const options = { lr: 0.01, ...c.options } as never;
  const out: Float32Array[] = [];
  c.gradients.forEach((g, index) => {
    grads.set(g);
    const step = index + 1;
    if (c.optimizer === 'sgd') backend.sgdStep(params, grads, state, options, step);
    else if (c.optimizer === 'rmsprop') backend.rmspropStep(params, grads, state, options, step);
    else if (c.optimizer === 'adam') backend.adamStep(params, grads, state, options, step);
    else backend.adagradStep(params, grads, state, options, step);
    out.push(Float32Array.from(params));
  });
  return out;
}

describe.each(LOADED)('optimizers on %s follow PyTorch %s', (_name, backend) => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_caseName, c) => {
    trajectory(backend, c).forEach((params, step) => {
      expect(worstRatio(params, c.expected[step]!, 2e-5, 1e-6).ratio, `step ${step + 1}`).toBeLessThanOrEqual(1);
    });
  });
});

describe.each(COMPILED)('optimizers on %s match the js reference', (_name, backend) => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_caseName, c) => {
    const mine = trajectory(backend, c);
    const reference = trajectory(LOADED[0]![1], c);
    mine.forEach((params, step) => expect(worstRatio(params, reference[step]!, 2e-5, 1e-6).ratio).toBeLessThanOrEqual(1));
  });
});
