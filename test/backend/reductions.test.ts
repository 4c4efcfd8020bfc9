// Norms, clipping and L1/L2 penalties: parity with the js reference (relative 1e-5) and the
// defining properties (clip_grad_norm_ scales to maxNorm; clip by value clamps).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { LOADED, f32, randomValues, worstRatio } from './backends.ts';

/** Runs a kernel that leaves its scalar result in result[0], and returns that value. */
function value(run: (result: Float64Array) => void): number {
  const result = new Float64Array(1);
  run(result);
  return result[0]!;
}
const norm = (backend: Backend, n: number, x: Float32Array) => Math.sqrt(value((r) => backend.sumSquares(n, x, r)));

const N = 1031; // prime: exercises every vector tail
const W = randomValues(N, 31, 2);
const G = randomValues(N, 32, 3);

function reference() {
  let squares = 0;
  let absolute = 0;
  for (let i = 0; i < N; i++) {
    squares += G[i]! * G[i]!;
    absolute += Math.abs(W[i]!);
  }
  return { squares, absolute };
}

describe.each(LOADED)('reductions on %s', (_name, backend) => {
  it('sumSquares agrees with a float64 sum', () => {
    const g = f32(backend, G);
    expect(value((r) => backend.sumSquares(N, g, r))).toBeCloseTo(reference().squares, 2);
    expect(norm(backend, N, g)).toBeCloseTo(Math.sqrt(reference().squares), 4);
  });

  it('firstNonFinite finds the first NaN or infinity, before, at and after a 256-element block edge, or returns -1', () => {
    const index = (x: Float32Array, n = x.length) => value((r) => backend.firstNonFinite(n, x, r));
    expect(index(f32(backend, G))).toBe(-1);
    expect(index(f32(backend, []), 0)).toBe(-1);
    for (const at of [0, 254, 255, 256, 257, 700, N - 1]) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const x = f32(backend, G);
        x[at] = bad;
        if (at + 3 < N) x[at + 3] = Number.NaN; // only the first one counts
        expect(index(x)).toBe(at);
        expect(index(x, at)).toBe(-1); // n stops before it
      }
    }
    // The largest finite float and the smallest subnormal are finite.
    expect(index(f32(backend, [3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -0]))).toBe(-1);
  });

  it('clipByNorm scales to maxNorm, returns the norm before clipping, and leaves small gradients alone', () => {
    const g = f32(backend, G);
    const before = value((r) => backend.clipByNorm(N, g, 1, r));
    expect(before).toBeCloseTo(Math.sqrt(reference().squares), 4);
    expect(norm(backend, N, g)).toBeCloseTo(1, 4);
    const small = f32(backend, [0.1, 0.2]);
    value((r) => backend.clipByNorm(2, small, 10, r));
    expect([...small]).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });

  it('clipByValue clamps to [-limit, limit]', () => {
    const g = f32(backend, G);
    backend.clipByValue(N, g, 0.5);
    for (let i = 0; i < N; i++) expect(g[i]).toBe(Math.fround(Math.min(0.5, Math.max(-0.5, G[i]!))));
  });

  it('l1Penalty and l2Penalty return λΣ|w|, λΣw² and add λ·sign(w), 2λ·w', () => {
    const w = f32(backend, W);
    const g1 = f32(backend, G);
    const g2 = f32(backend, G);
    const lambda = 0.01;
    expect(value((r) => backend.l1Penalty(N, w, g1, lambda, r))).toBeCloseTo(lambda * reference().absolute, 4);
    let squares = 0;
    for (const v of W) squares += v * v;
    expect(value((r) => backend.l2Penalty(N, w, g2, lambda, r))).toBeCloseTo(lambda * squares, 4);
    const e1 = G.map((v, i) => v + lambda * Math.sign(W[i]!));
    const e2 = G.map((v, i) => v + 2 * lambda * W[i]!);
    expect(worstRatio(g1, e1, 1e-6, 1e-7).ratio).toBeLessThanOrEqual(1);
    expect(worstRatio(g2, e2, 1e-6, 1e-7).ratio).toBeLessThanOrEqual(1);
  });
});
