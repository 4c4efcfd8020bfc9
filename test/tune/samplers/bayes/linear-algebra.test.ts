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
    expect(() => choleskyWithJitter(Float64Array.from([4, 0, 0, -3]), 2)).toThrow(
      new RangeError('cholesky: the matrix must be positive semi-definite, got a failed pivot even with jitter 0.1 × mean diagonal 3.5'),
    );
  });

  it('tries jitters from 1e-10 up to 1e-1 times the mean diagonal (1 for a zero diagonal), the first that works', () => {
    // [[4, 4], [4, 4]] is singular (second pivot exactly 0); 1e-10 × 4 already makes it positive.
    expect(choleskyWithJitter(Float64Array.from([4, 4, 4, 4]), 2).jitter).toBeCloseTo(4e-10, 22);
    expect(choleskyWithJitter(new Float64Array(4), 2).jitter).toBe(1e-10);
    // Eigenvalues 2.05 and −0.05: only the last jitter, 0.1, is enough.
    expect(choleskyWithJitter(Float64Array.from([1, 1.05, 1.05, 1]), 2).jitter).toBeCloseTo(0.1, 12);
  });

  it('writes into the buffers it is given; the inverse can fill its lower triangle only', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const lower = new Float64Array(9).fill(7);
    const factor = choleskyWithJitter(a, 3, lower);
    expect(factor.lower).toBe(lower);
    expect([lower[1], lower[2], lower[5]]).toEqual([0, 0, 0]);
    expect(Array.from(lower.subarray(0, 2))).toEqual([2, 0]);
    expect(lower[3]).toBe(1);
    expect(lower[4]).toBe(2);
    const b = Float64Array.of(1, 2, 3);
    const x = solveCholesky(factor, b);
    multiply(a, x, 3).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));
    expect(Array.from(b)).toEqual([1, 2, 3]);
    // Solving in place gives the same.
    const inPlace = Float64Array.of(1, 2, 3);
    solveCholesky(factor, inPlace, inPlace);
    expect(inPlace).toEqual(x);
    const full = inverseFromCholesky(factor);
    const lowerOnly = inverseFromCholesky(factor, new Float64Array(9), new Float64Array(9), true);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(lowerOnly[i * 3 + j]).toBe(j <= i ? full[i * 3 + j] : 0);
    expect(full[1]).toBe(full[3]);
    expect(() => choleskyWithJitter(new Float64Array(8), 3)).toThrow(new RangeError('cholesky: a must hold n*n = 9 entries, got 8'));
    expect(() => choleskyWithJitter(a, 3, new Float64Array(4))).toThrow(new RangeError('cholesky: lower must hold n*n = 9 entries, got 4'));
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
