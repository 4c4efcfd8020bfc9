// Cholesky with adaptive jitter, the triangular solves and the inverse; box-constrained BFGS.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { minimizeInBox } from '../../../../src/tune/samplers/bayes/bfgs.ts';
import { choleskyWithJitter, inverseFromCholesky, logDeterminant, solveCholesky } from '../../../../src/tune/samplers/bayes/cholesky.ts';

function randomSpd(n: number, rng: SeededRandom): Float64Array {
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
    a[i * n + j] = s;
  }
  return a;
}

function multiply(a: Float64Array, x: Float64Array, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k]! * x[k]!;
    return s;
  });
}

describe('choleskyWithJitter', () => {
  it('factorises a well-conditioned SPD matrix without jitter; solve and inverse agree with A', () => {
    const rng = new SeededRandom(1);
    const n = 13;
    const a = randomSpd(n, rng);
    const factor = choleskyWithJitter(a, n);
    expect(factor.jitter).toBe(0);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const x = solveCholesky(factor, b);
    multiply(a, x, n).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 9));
    const inverse = inverseFromCholesky(factor);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * inverse[k * n + j]!;
      expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
    }
  });

  it('log determinant of diag(1, 4, 9) is log 36', () => {
    const factor = choleskyWithJitter(Float64Array.from([1, 0, 0, 0, 4, 0, 0, 0, 9]), 3);
    expect(logDeterminant(factor)).toBeCloseTo(Math.log(36), 12);
  });

  it('handles a singular kernel matrix (two identical points) by adding the smallest jitter that works', () => {
    // Squared-exponential kernel of 0, 0, 0.5, 1: rows 0 and 1 coincide, so A is singular.
    const xs = [0, 0, 0.5, 1];
    const n = xs.length;
    const a = Float64Array.from({ length: n * n }, (_, k) => Math.exp(-((xs[Math.floor(k / n)]! - xs[k % n]!) ** 2)));
    const factor = choleskyWithJitter(a, n);
    expect(factor.jitter).toBeGreaterThan(0);
    expect(factor.jitter).toBeLessThan(1e-6);
    // The factor reproduces A + jitter·I.
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += factor.lower[i * n + k]! * factor.lower[j * n + k]!;
      expect(s).toBeCloseTo(a[i * n + j]! + (i === j ? factor.jitter : 0), 12);
    }
  });

  it('rejects a matrix that is far from positive semi-definite', () => {
    expect(() => choleskyWithJitter(Float64Array.from([1, 0, 0, -1]), 2)).toThrow(/positive semi-definite/);
  });
});

describe('minimizeInBox', () => {
  it('finds the minimum of a Rosenbrock function inside the box, and a minimum on the boundary', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array): number => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const inside = minimizeInBox(rosenbrock, Float64Array.from([-1.2, 1]), Float64Array.from([-2, -2]), Float64Array.from([2, 2]), { maxIterations: 200, relativeTolerance: 0 });
    expect(inside.x[0]).toBeCloseTo(1, 4);
    expect(inside.x[1]).toBeCloseTo(1, 4);
    // With x ≤ 0.5 the constrained minimum sits on the bound x = 0.5, y = 0.25.
    const bounded = minimizeInBox(rosenbrock, Float64Array.from([-1.2, 1]), Float64Array.from([-2, -2]), Float64Array.from([0.5, 2]), { maxIterations: 200, relativeTolerance: 0 });
    expect(bounded.x[0]).toBe(0.5);
    expect(bounded.x[1]).toBeCloseTo(0.25, 4);
  });
});
