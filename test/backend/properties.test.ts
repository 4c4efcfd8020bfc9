// Property-based parity over random shapes (fast-check): lengths 1..300 and matrices up to
// 40×40, including primes and sizes that are no multiple of 4, 8 or 16, so every SIMD body and
// scalar tail runs. Compiled backends against the js reference; tolerances as in the
// per-family suites (relative 2e-5, absolute 1e-5).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { ELEMENTWISE_ACTIVATIONS } from '../../src/backend/kernel-codes.ts';
import { COMPILED, i32, randomValues, worstRatio } from './backends.ts';
import { runBoth } from './parity.ts';

const KINDS = ELEMENTWISE_ACTIVATIONS;
const OPTIONS = { numRuns: 60, seed: 4242 };
const dims = fc.record({ rows: fc.integer({ min: 1, max: 40 }), cols: fc.integer({ min: 1, max: 40 }), seed: fc.integer({ min: 1, max: 1e9 }) });

function expectClose(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const { ratio, index } = worstRatio(actual, expected, 2e-5, 1e-5);
  if (ratio > 1) throw new Error(`${name}[${index}] = ${actual[index]}, expected ${expected[index]}`);
}

describe.each(COMPILED)('random shapes on %s match the js reference', (_name, backend: Backend) => {
  it('activations forward and backward', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.constantFrom(...KINDS), fc.integer({ min: 1, max: 1e9 }), (n, kind, seed) => {
        const zeros = new Float32Array(n);
        const { js, other } = runBoth(backend, { z: randomValues(n, seed, 8), a: zeros, dA: randomValues(n, seed + 1), dZ: zeros }, (b, x) => {
          b.activationForward(kind, n, x.z!, x.a!, 0.2);
          b.activationBackward(kind, n, x.z!, x.a!, x.dA!, x.dZ!, 0.2);
        });
        expectClose(`${kind} a`, other.arrays.a!, js.arrays.a!);
        expectClose(`${kind} dZ`, other.arrays.dZ!, js.arrays.dZ!);
      }),
      OPTIONS,
    );
  });

  it('prelu', () => {
    fc.assert(
      fc.property(dims, ({ rows, cols, seed }) => {
        const size = rows * cols;
        const { js, other } = runBoth(
          backend,
          { z: randomValues(size, seed, 5), dA: randomValues(size, seed + 1), slope: randomValues(cols, seed + 3, 0.3), p: new Float32Array(size), dp: new Float32Array(size), dSlope: new Float32Array(cols) },
          (b, x) => {
            b.preluForward(rows, cols, x.z!, x.slope!, x.p!);
            b.preluBackward(rows, cols, x.z!, x.slope!, x.dA!, x.dp!, x.dSlope!);
          },
        );
        for (const key of ['p', 'dp', 'dSlope']) expectClose(key, other.arrays[key]!, js.arrays[key]!);
      }),
      OPTIONS,
    );
  });

  it('fused losses', () => {
    fc.assert(
      fc.property(dims, ({ rows, cols, seed }) => {
        const size = rows * cols;
        const labels = Array.from({ length: rows }, (_, i) => (i * 7 + seed) % cols);
        const targets = randomValues(size, seed + 4).map((v) => (v > 0 ? 1 : 0));
        const losses: Record<string, number> = {};
        const { js, other } = runBoth(
          backend,
          { z: randomValues(size, seed, 6), t: targets, p1: new Float32Array(size), d1: new Float32Array(size), p2: new Float32Array(size), d2: new Float32Array(size), d3: new Float32Array(size) },
          (b, x) => {
            const result = new Float64Array(1);
            b.softmaxCrossEntropyIndex(rows, cols, x.z!, i32(b, labels), x.p1!, x.d1!, result);
            losses[`${b.name} cce`] = result[0]!;
            b.sigmoidBinaryCrossEntropy(rows, cols, x.z!, x.t!, x.p2!, x.d2!, result);
            losses[`${b.name} bce`] = result[0]!;
            b.meanSquaredError(rows, cols, x.z!, x.t!, x.d3!, result);
            losses[`${b.name} mse`] = result[0]!;
          },
        );
        for (const key of ['p1', 'd1', 'p2', 'd2', 'd3']) expectClose(key, other.arrays[key]!, js.arrays[key]!);
        for (const loss of ['cce', 'bce', 'mse']) expectClose(loss, [losses[`${backend.name} ${loss}`]!], [losses[`js ${loss}`]!]);
      }),
      OPTIONS,
    );
  });

  it('norms, clipping and penalties', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 1e9 }), (n, seed) => {
        const values: Record<string, number> = {};
        const { js, other } = runBoth(backend, { w: randomValues(n, seed, 2), g1: randomValues(n, seed + 1, 3), g2: randomValues(n, seed + 2), g3: randomValues(n, seed + 3) }, (b, x) => {
          const result = new Float64Array(1);
          b.clipByNorm(n, x.g1!, 0.5, result);
          values[`${b.name} norm`] = result[0]!;
          b.clipByValue(n, x.g2!, 0.25);
          b.l1Penalty(n, x.w!, x.g3!, 0.01, result);
          values[`${b.name} l1`] = result[0]!;
          b.l2Penalty(n, x.w!, x.g3!, 0.02, result);
          values[`${b.name} l2`] = result[0]!;
        });
        for (const key of ['g1', 'g2', 'g3']) expectClose(key, other.arrays[key]!, js.arrays[key]!);
        for (const key of ['norm', 'l1', 'l2']) expectClose(key, [values[`${backend.name} ${key}`]!], [values[`js ${key}`]!]);
      }),
      OPTIONS,
    );
  });
});
