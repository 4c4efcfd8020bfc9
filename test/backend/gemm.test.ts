// GEMM parity: every backend against a float64 triple loop, over random shapes (1×1, primes,
// sizes that are not multiples of any vector width), all transpose combinations and alpha/beta.
// Tolerance: |C − C_ref| ≤ 2e-6·(k + 2)·(|α|·Σ_p|a_ip·b_pj| + |β·c_ij|) + 1e-6 for each element,
// a float32 rounding bound for a length-k dot product.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { LOADED, f32, randomValues } from './backends.ts';
import { referenceMatrix, type GemmShape } from './gemm-reference.ts';

interface Case extends GemmShape {
  seed: number;
}

/**
 * The reference of each case, computed once for the file: every backend checks the same cases
 * (the property's seed is fixed), and the float64 triple loop over the panel-crossing shapes
 * (16 million products each) cost more CPU than the kernels under test. It is computed from the
 * case's own float32 inputs, not from the backend's arrays after the call, so a kernel that
 * wrote into A or B would fail here rather than pass against a reference of what it wrote.
 */
const references = new Map<string, ReturnType<typeof referenceMatrix>>();

function inputs(c: Case): { a: Float32Array; b: Float32Array; initial: Float32Array } {
  const initial = randomValues(c.m * c.n, c.seed + 2);
  if (c.beta === 0) initial.fill(Number.NaN, 0, Math.min(3, initial.length)); // beta = 0 must ignore old C
  return { a: randomValues(c.m * c.k, c.seed), b: randomValues(c.k * c.n, c.seed + 1), initial };
}

function check(backend: Backend, c: Case): void {
  const values = inputs(c);
  const a = f32(backend, values.a);
  const b = f32(backend, values.b);
  const out = f32(backend, values.initial);
  backend.gemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, b, c.beta, out);
  const key = JSON.stringify(c);
  let reference = references.get(key);
  if (reference === undefined) references.set(key, (reference = referenceMatrix(c, values.a, values.b, values.initial)));
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      const value = reference.values[i * c.n + j]!;
      const bound = reference.bounds[i * c.n + j]!;
      const error = Math.abs(out[i * c.n + j]! - value);
      if (!(error <= bound)) {
        throw new Error(`${backend.name} gemm ${JSON.stringify(c)}: C[${i},${j}] = ${out[i * c.n + j]}, expected ${value} (error ${error} > ${bound})`);
      }
    }
  }
  for (const array of [a, b, out]) backend.release(array);
}

const size = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(1, 2, 3, 5, 7, 13, 17, 31, 33, 47, 61, 65, 97, 127, 129));
const caseArbitrary = fc.record({
  transA: fc.boolean(),
  transB: fc.boolean(),
  m: size,
  n: size,
  k: size,
  alpha: fc.constantFrom(1, -1, 0.5, 2),
  beta: fc.constantFrom(0, 1, 0.5, -2),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
});

describe.each(LOADED)('gemm on %s', (_name, backend) => {
  it('matches the float64 reference on random shapes, transposes, alpha and beta', () => {
    fc.assert(fc.property(caseArbitrary, (c) => check(backend, c)), { numRuns: 150, seed: 20261129 });
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('handles a panel-crossing shape with transA=%s transB=%s', (transA, transB) => {
    check(backend, { transA, transB, m: 203, n: 259, k: 301, alpha: 1, beta: 0, seed: 5 });
    check(backend, { transA, transB, m: 10, n: 128, k: 128, alpha: 1, beta: 1, seed: 6 });
  });

  it('handles empty dimensions: k = 0 scales C by beta, m or n = 0 touch nothing', () => {
    const c = f32(backend, [1, 2, 3, 4]);
    backend.gemm(false, false, 2, 2, 0, 1, f32(backend, []), f32(backend, []), 0.5, c);
    expect([...c]).toEqual([0.5, 1, 1.5, 2]);
    backend.gemm(false, false, 0, 2, 3, 1, f32(backend, []), f32(backend, [1, 2, 3, 4, 5, 6]), 0, c);
    expect([...c]).toEqual([0.5, 1, 1.5, 2]);
  });

  it('computes 1×1 and respects subarray offsets', () => {
    const buffer = f32(backend, [9, 3, 9, 4, 9, 0]);
    backend.gemm(false, false, 1, 1, 1, 1, buffer.subarray(1, 2), buffer.subarray(3, 4), 0, buffer.subarray(5, 6));
    expect(buffer[5]).toBe(12);
  });
});
