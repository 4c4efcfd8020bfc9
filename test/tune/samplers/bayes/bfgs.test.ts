// Box-constrained BFGS on quadratics whose minima are known: quasi-Newton speed on an
// ill-conditioned bowl, bounds that hold a coordinate, the lazy-gradient protocol, and the stops.
import { describe, expect, it } from 'vitest';
import { minimizeInBox, type Objective } from '../../../../src/tune/samplers/bayes/bfgs.ts';

/** (x0 − 0.3)² + 100·(x1 + 0.2)² + (x0 − 0.3)(x1 + 0.2): minimum 0 at (0.3, −0.2), condition number ~100. */
const bowl: Objective = (x, g) => {
  const a = x[0]! - 0.3;
  const b = x[1]! + 0.2;
  g[0] = 2 * a + b;
  g[1] = 200 * b + a;
  return a * a + 100 * b * b + a * b;
};

const box = (low: number, high: number, m = 2) => [new Float64Array(m).fill(low), new Float64Array(m).fill(high)] as const;

describe('minimizeInBox', () => {
  it('reaches an ill-conditioned minimum in a few quasi-Newton steps (steepest descent would need hundreds)', () => {
    const [lower, upper] = box(-1, 1);
    const result = minimizeInBox(bowl, Float64Array.of(-0.9, 0.8), lower, upper, { maxIterations: 15, relativeTolerance: 0, gradientTolerance: 1e-9 });
    expect(result.x[0]).toBeCloseTo(0.3, 8);
    expect(result.x[1]).toBeCloseTo(-0.2, 8);
    expect(result.value).toBeLessThan(1e-15);
    expect(result.evaluations).toBeLessThan(40);
  });

  it('holds a coordinate at the bound its gradient pushes against, and minimises the rest', () => {
    // x1 ≥ 0: the minimum over the box sits at x1 = 0, where ∂f/∂x0 = 0 gives x0 = 0.3 − 0.1.
    const result = minimizeInBox(bowl, Float64Array.of(0.9, 0.9), Float64Array.of(-1, 0), Float64Array.of(1, 1), { relativeTolerance: 0, gradientTolerance: 1e-10 });
    expect(result.x[1]).toBe(0);
    expect(result.x[0]).toBeCloseTo(0.2, 7);
  });

  it('starts from x0 clamped into the box, and stops at once where f is not finite or the gradient is flat', () => {
    const seen: number[][] = [];
    const infinite: Objective = (x) => {
      seen.push(Array.from(x));
      return Number.POSITIVE_INFINITY;
    };
    const [lower, upper] = box(0, 1);
    expect(minimizeInBox(infinite, Float64Array.of(-3, 5), lower, upper)).toEqual({ x: Float64Array.of(0, 1), value: Number.POSITIVE_INFINITY, evaluations: 1 });
    expect(seen).toEqual([[0, 1]]);
    expect(minimizeInBox(bowl, Float64Array.of(0.3, -0.2), ...box(-1, 1))).toEqual({ x: Float64Array.of(0.3, -0.2), value: 0, evaluations: 1 });
    // At the corner nearest the minimum the gradient points out of the box: every coordinate is held.
    expect(minimizeInBox(bowl, Float64Array.of(0, 0), ...box(0.5, 1))).toMatchObject({ x: Float64Array.of(0.5, 0.5), evaluations: 1 });
    expect(minimizeInBox(bowl, Float64Array.of(-0.9, 0.8), ...box(-1, 1), { maxIterations: 0 }).evaluations).toBe(1);
  });

  it('with lazyGradient scores line-search points by value and takes the gradient of accepted steps only', () => {
    const calls: boolean[] = [];
    const lazy: Objective = (x, g, valueOnly) => {
      calls.push(valueOnly === true);
      if (valueOnly === true) g.fill(Number.NaN); // a value-only call leaves the gradient unset
      else bowl(x, g);
      const a = x[0]! - 0.3;
      const b = x[1]! + 0.2;
      return a * a + 100 * b * b + a * b;
    };
    const options = { maxIterations: 15, relativeTolerance: 0, gradientTolerance: 1e-9 };
    const eager = minimizeInBox(bowl, Float64Array.of(-0.9, 0.8), ...box(-1, 1), options);
    const result = minimizeInBox(lazy, Float64Array.of(-0.9, 0.8), ...box(-1, 1), { ...options, lazyGradient: true });
    expect(Array.from(result.x)).toEqual(Array.from(eager.x));
    expect(calls[0]).toBe(false);
    // Every accepted value-only trial is followed by one full call at the same point.
    expect(calls.filter((c) => !c).length).toBeGreaterThan(3);
    expect(calls.filter((c) => c).length).toBe(result.evaluations - 1);
  });

  it('stops when a step improves f by less than relativeTolerance · max(1, |f|)', () => {
    const loose = minimizeInBox(bowl, Float64Array.of(-0.9, 0.8), ...box(-1, 1), { relativeTolerance: 1e-2 });
    const tight = minimizeInBox(bowl, Float64Array.of(-0.9, 0.8), ...box(-1, 1), { relativeTolerance: 0, gradientTolerance: 1e-9 });
    expect(loose.evaluations).toBeLessThan(tight.evaluations);
    expect(loose.value).toBeGreaterThan(tight.value);
  });
});
