// The js GEMM against the float64 reference on every path: the direct path for up to SMALL_M
// rows, the packed 4×4 tiles with edge tiles in both directions, every transpose, and the BLAS
// conventions for alpha = 0, beta = 0 (C's old values ignored, even NaN) and k = 0.
import { describe, expect, it } from 'vitest';
import { JsGemm } from '../../../src/backend/js/gemm.ts';
import { SMALL_M } from '../../../src/backend/js/gemm-small.ts';
import { randomValues } from '../backends.ts';
import { referenceEntry, type GemmShape } from '../gemm-reference.ts';

const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** The worst |error| / bound over C; ≤ 1 passes. Returns the first entry that fails, if any. */
function check(gemm: JsGemm, shape: GemmShape, seed: number): string | undefined {
  const { transA, transB, m, n, k, alpha, beta } = shape;
  const a = randomValues(m * k, seed);
  const b = randomValues(k * n, seed + 1);
  const c0 = randomValues(m * n, seed + 2, 4);
  if (beta === 0) c0.fill(NaN);
  const c = c0.slice();
  gemm.gemm(transA, transB, m, n, k, a, b, c, new Float64Array([alpha, beta]));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const { value, bound } = referenceEntry(shape, a, b, c0, i, j);
      if (!(Math.abs(c[i * n + j]! - value) <= bound)) return `${JSON.stringify(shape)}: C[${i}, ${j}] = ${c[i * n + j]}, expected ${value}`;
    }
  }
  return undefined;
}

describe('JsGemm', () => {
  it('matches the reference on shapes around SMALL_M and the 4×4 tile, for every transpose, alpha and beta', () => {
    expect(SMALL_M).toBe(4);
    const gemm = new JsGemm();
    const failures: string[] = [];
    let seed = 1;
    for (const m of [1, 3, 4, 5, 8, 9])
      for (const n of [1, 3, 4, 5, 8, 9])
        for (const k of [1, 3, 7])
          for (const [transA, transB] of TRANSPOSES)
            for (const [alpha, beta] of [[1, 0], [1.5, 0.5], [-0.5, 1]]) {
              const failure = check(gemm, { transA, transB, m, n, k, alpha: alpha!, beta: beta! }, (seed += 3));
              if (failure !== undefined) failures.push(failure);
            }
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('with alpha = 0 or k = 0 only scales C by beta, on both paths', () => {
    const gemm = new JsGemm();
    for (const m of [2, 6]) {
      const c = Float32Array.from({ length: m * 3 }, (_, i) => i + 1);
      gemm.gemm(false, false, m, 3, 5, randomValues(m * 5, 1), randomValues(15, 2), c, new Float64Array([0, 0.5]));
      expect([...c]).toEqual(Array.from({ length: m * 3 }, (_, i) => (i + 1) / 2));
      gemm.gemm(true, true, m, 3, 0, new Float32Array(0), new Float32Array(0), c, new Float64Array([2, 2]));
      expect([...c]).toEqual(Array.from({ length: m * 3 }, (_, i) => i + 1));
      gemm.gemm(false, true, m, 3, 0, new Float32Array(0), new Float32Array(0), c, new Float64Array([1, 0]));
      expect([...c]).toEqual(Array(m * 3).fill(0));
    }
  });

  it('with beta = 1 adds to C, with beta = 0 overwrites it, with beta = 0.5 halves it, and leaves C past m × n alone', () => {
    for (const m of [3, 7]) {
      for (const beta of [1, 0, 0.5]) {
        const a = Float32Array.from({ length: m * 2 }, (_, i) => i);
        const b = new Float32Array([1, 0, 0, 1]);
        const c = new Float32Array(m * 2 + 3).fill(10);
        new JsGemm().gemm(false, false, m, 2, 2, a, b, c, new Float64Array([1, beta]));
        expect([...c]).toEqual([...Array.from({ length: m * 2 }, (_, i) => i + 10 * beta), 10, 10, 10]);
      }
    }
  });

  it('with alpha = 0 reads neither A nor B (BLAS): NaN and infinite operands leave beta · C, on both paths', () => {
    for (const m of [2, 6]) {
      const a = new Float32Array(m * 3).fill(NaN);
      const b = Float32Array.of(Infinity, -Infinity, NaN, 1, 2, 3);
      const c = Float32Array.from({ length: m * 2 }, (_, i) => i);
      new JsGemm().gemm(false, false, m, 2, 3, a, b, c, new Float64Array([0, 2]));
      expect([...c]).toEqual(Array.from({ length: m * 2 }, (_, i) => 2 * i));
    }
  });

  it('gives the same results after its packing scratch grew and when it is reused for a smaller product', () => {
    const gemm = new JsGemm();
    const shapes: GemmShape[] = [
      { transA: false, transB: false, m: 6, n: 5, k: 3, alpha: 1, beta: 0 },
      { transA: true, transB: false, m: 13, n: 17, k: 11, alpha: 1, beta: 0 },
      { transA: false, transB: true, m: 9, n: 6, k: 2, alpha: 1, beta: 0 },
      { transA: false, transB: false, m: 2, n: 9, k: 5, alpha: 1, beta: 0 },
      { transA: false, transB: true, m: 3, n: 2, k: 4, alpha: 1, beta: 0 },
    ];
    expect(shapes.map((shape, i) => check(gemm, shape, 100 + i))).toEqual(shapes.map(() => undefined));
  });
});
