// Fused losses: parity with the js reference (relative 1e-5), js gradients against central
// finite differences of the js loss, and the stability of BCE from logits at |z| ≥ 50.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { COMPILED, JS, f32, i32, randomValues, worstRatio } from './backends.ts';
import { runBoth } from './parity.ts';

const ROWS = 6;
const COLS = 5;
const LABELS = [0, 4, 2, 2, 1, 3];
const ONE_HOT = Float32Array.from({ length: ROWS * COLS }, (_, i) => (LABELS[Math.floor(i / COLS)] === i % COLS ? 1 : 0));
const BINARY = Float32Array.from(randomValues(ROWS * COLS, 21), (v) => (v > 0 ? 1 : 0));
const TARGETS = randomValues(ROWS * COLS, 22);

type LossCall = (b: Backend, x: Record<string, Float32Array>) => number;
/** Calls a loss kernel and hands back the mean loss it left in result[0]. */
const lossOf = (run: (result: Float64Array) => void): number => {
  const result = new Float64Array(1);
  run(result);
  return result[0]!;
};
const LOSSES: [string, LossCall][] = [
  ['softmaxCrossEntropyIndex', (b, x) => lossOf((r) => b.softmaxCrossEntropyIndex(ROWS, COLS, x.z!, i32(b, LABELS), x.p!, x.d!, r))],
  ['softmaxCrossEntropyOneHot', (b, x) => lossOf((r) => b.softmaxCrossEntropyOneHot(ROWS, COLS, x.z!, f32(b, ONE_HOT), x.p!, x.d!, r))],
  ['sigmoidBinaryCrossEntropy', (b, x) => lossOf((r) => b.sigmoidBinaryCrossEntropy(ROWS, COLS, x.z!, f32(b, BINARY), x.p!, x.d!, r))],
  ['meanSquaredError', (b, x) => lossOf((r) => b.meanSquaredError(ROWS, COLS, x.z!, f32(b, TARGETS), x.d!, r))],
];

function inputs(scale = 3) {
  return { z: randomValues(ROWS * COLS, 23, scale), p: new Float32Array(ROWS * COLS), d: new Float32Array(ROWS * COLS) };
}

describe.each(COMPILED)('losses on %s match the js reference', (_name, backend) => {
  it.each(LOSSES)('%s: loss, probabilities and gradient', (_loss, call) => {
    const { js, other } = runBoth(backend, inputs(), call);
    expect(other.result).toBeCloseTo(js.result, 5);
    expect(worstRatio(other.arrays.p!, js.arrays.p!, 1e-5, 1e-7).ratio).toBeLessThanOrEqual(1);
    expect(worstRatio(other.arrays.d!, js.arrays.d!, 1e-5, 1e-7).ratio).toBeLessThanOrEqual(1);
  });

  it('binary cross-entropy from logits stays finite and exact at |z| = 50 and 100', () => {
    const z = f32(backend, [50, -50, 100, -100]);
    const y = f32(backend, [0, 1, 1, 0]);
    const p = f32(backend, new Float32Array(4));
    const d = f32(backend, new Float32Array(4));
    const loss = lossOf((r) => backend.sigmoidBinaryCrossEntropy(1, 4, z, y, p, d, r));
    expect(loss).toBeCloseTo((50 + 50 + 0 + 0) / 4, 4);
    expect([...d].map((v) => Math.round(v * 4))).toEqual([1, -1, 0, 0]);
  });
});

describe('js loss gradients equal central finite differences', () => {
  it.each(LOSSES)('%s', (_loss, call) => {
    const x = inputs(1);
    const z = Float64Array.from(x.z);
    call(JS, x);
    const gradient = Float32Array.from(x.d);
    const h = 1e-2;
    for (let i = 0; i < z.length; i += 4) {
      const probe = (delta: number) => {
        const y = inputs(1);
        y.z.set(z);
        y.z[i] = z[i]! + delta;
        return call(JS, y);
      };
      expect(gradient[i]).toBeCloseTo((probe(h) - probe(-h)) / (2 * h), 3);
    }
  });
});
