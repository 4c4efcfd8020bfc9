// Expected improvement (minimisation): its limits, log form, and the maximiser.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { expectedImprovement, logExpectedImprovement, logNormalCdf, maximizeExpectedImprovement, normalCdf } from '../../../../src/tune/samplers/bayes/acquisition.ts';
import { GaussianProcess } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';

describe('expected improvement', () => {
  it('has Φ and log Φ within the fit\'s 1.2e-7 of the reference values, log Φ far into the lower tail', () => {
    // Reference: scipy.stats.norm.cdf and norm.logcdf.
    const cases: [number, number, number][] = [
      [0, 0.5, -0.6931471805599453],
      [2, 0.9772498680518208, -0.023012909328963476],
      [-3, 0.0013498980316300933, -6.60772622151035],
      [-10, 7.61985302416047e-24, -53.23128515051248],
    ];
    for (const [z, cdf, logCdf] of cases) {
      expect(Math.abs(normalCdf(z) / cdf - 1)).toBeLessThan(1.2e-7);
      expect(Math.abs(logNormalCdf(z) - logCdf)).toBeLessThan(1.2e-7 * Math.max(1, Math.abs(logCdf)));
    }
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084420137539, 4);
    expect(logNormalCdf(8)).toBeLessThan(0);
    expect(logNormalCdf(8)).toBeGreaterThan(-1e-14);
  });

  it('is best − μ when the posterior lies far below the best value, and 0 far above it', () => {
    expect(expectedImprovement(-10, 0.01, 0)).toBeCloseTo(10, 10);
    expect(expectedImprovement(10, 0.01, 0)).toBe(0);
    expect(expectedImprovement(3, 1, 0)).toBeLessThan(1e-3);
    expect(expectedImprovement(3, 1, 0)).toBeGreaterThan(0);
  });

  it('equals σ·φ(0) at μ = best and grows with σ', () => {
    expect(expectedImprovement(1, 4, 1)).toBeCloseTo(2 / Math.sqrt(2 * Math.PI), 7);
    expect(expectedImprovement(0.5, 2, 0)).toBeGreaterThan(expectedImprovement(0.5, 1, 0));
  });

  it('matches the closed form, and log EI stays finite and ordered where EI underflows', () => {
    const phi = (z: number): number => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    for (const z of [-4, -2, -0.5, 0.3, 2]) {
      const exact = z * normalCdf(z) + phi(z);
      expect(expectedImprovement(-z, 1, 0)).toBeCloseTo(exact, 6);
    }
    const a = logExpectedImprovement(50, 1, 0);
    const b = logExpectedImprovement(60, 1, 0);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(a).toBeGreaterThan(b);
    // log EI at z = −50: log φ(50) − 2 log 50 to leading order.
    expect(a).toBeCloseTo(-1250 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(50), 2);
  });

  it('normalCdf agrees with known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 6);
  });
});

describe('maximizeExpectedImprovement', () => {
  it('with a categorical group, incumbents and a constraint, proposes a valid one-hot point in the feasible region', () => {
    // Dimension 3: x in [0, 1] and a choice of two (one-hot). Objective (x − 0.3)² + [choice a];
    // constraint 0.5 − x ≤ 0, so the feasible optimum is x = 0.5 with choice b.
    const rows: number[][] = [];
    for (const x of [0, 0.2, 0.4, 0.6, 0.8, 1]) for (const b of [0, 1]) rows.push([x, 1 - b, b]);
    const data = (f: (r: number[]) => number) => {
      const raw = rows.map(f);
      const m = raw.reduce((s, v) => s + v, 0) / raw.length;
      return { x: Float64Array.from(rows.flat()), y: Float64Array.from(raw, (v) => v - m), n: rows.length, d: 3 };
    };
    const params = Float64Array.from([Math.log(0.4), 0, 0, 0, Math.log(1e-6)]);
    const objective = data((r) => (r[0]! - 0.3) ** 2 + r[1]!);
    const gp = new GaussianProcess(objective, params);
    const constraint = data((r) => 0.5 - r[0]!);
    const threshold = 0 - (rows.map((r) => 0.5 - r[0]!).reduce((s, v) => s + v, 0) / rows.length);
    const feasibility = [{ gp: new GaussianProcess(constraint, params), threshold }];
    const layout = { dimension: 3, continuous: [0], groups: [{ start: 1, size: 2 }] };
    const feasibleBest = Math.min(...objective.y.filter((_, i) => rows[i]![0]! >= 0.5));
    for (const best of [feasibleBest, Number.POSITIVE_INFINITY]) {
      const { point } = maximizeExpectedImprovement(gp, best, { rng: new SeededRandom(4), layout, candidates: 300, incumbents: Float64Array.from([0.6, 0, 1]), feasibility });
      if (best === feasibleBest) expect([point[1], point[2]]).toEqual([0, 1]);
      expect(point[1]! + point[2]!).toBe(1);
      expect(point[0]).toBeGreaterThanOrEqual(0.45);
      expect(point[0]).toBeLessThanOrEqual(1);
    }
  });

  it('proposes a point near the minimum of a 1-D parabola sampled on a coarse grid', () => {
    const xs = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const raw = xs.map((x) => (x - 0.47) ** 2);
    const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
    const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / raw.length);
    const y = Float64Array.from(raw, (v) => (v - mean) / sd);
    const gp = new GaussianProcess({ x: Float64Array.from(xs), y, n: xs.length, d: 1 }, Float64Array.from([Math.log(0.4), 0, Math.log(1e-6)]));
    const { point } = maximizeExpectedImprovement(gp, Math.min(...y), { rng: new SeededRandom(1), layout: { dimension: 1, continuous: [0], groups: [] }, candidates: 200 });
    expect(point[0]).toBeGreaterThan(0.4);
    expect(point[0]).toBeLessThan(0.6);
    expect(point[0]).toBeGreaterThanOrEqual(0);
    expect(point[0]).toBeLessThanOrEqual(1);
  });

  it("'mean' lands on the posterior mean's minimum, and an excluded point is never the answer", () => {
    const xs = [0, 0.25, 0.5, 0.75, 1];
    const raw = xs.map((x) => (x - 0.5) ** 2);
    const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
    const y = Float64Array.from(raw, (v) => v - mean);
    const gp = new GaussianProcess({ x: Float64Array.from(xs), y, n: xs.length, d: 1 }, Float64Array.from([Math.log(0.3), 0, Math.log(1e-6)]));
    const layout = { dimension: 1, continuous: [0], groups: [] };
    const free = maximizeExpectedImprovement(gp, Math.min(...y), { rng: new SeededRandom(2), layout, candidates: 200, criterion: 'mean' });
    // The minimum of the mean sits on the observation at 0.5 itself.
    expect(Math.abs(free.point[0]! - 0.5)).toBeLessThan(1e-3);
    const excluded = maximizeExpectedImprovement(gp, Math.min(...y), { rng: new SeededRandom(2), layout, candidates: 200, criterion: 'mean', exclude: Float64Array.from(xs), minDistance: 0.01 });
    for (const x of xs) expect(Math.abs(excluded.point[0]! - x)).toBeGreaterThanOrEqual(0.01);
    expect(Math.abs(excluded.point[0]! - 0.5)).toBeLessThan(0.1);
    // A region set aside (0.5 ± 0.15): the answer lands just outside it, candidates and BFGS alike.
    const region = { center: Float64Array.from([0.5]), inverseScale: Float64Array.from([1 / 0.15]), radius: 1 };
    const outside = maximizeExpectedImprovement(gp, Math.min(...y), { rng: new SeededRandom(2), layout, candidates: 200, criterion: 'mean', excludeRegions: [region] });
    expect(Math.abs(outside.point[0]! - 0.5)).toBeGreaterThanOrEqual(0.15);
    expect(Math.abs(outside.point[0]! - 0.5)).toBeLessThan(0.25);
    // κ > 0: μ − κσ leaves the observation for the unsure gap next to it, not the far edge.
    const optimistic = maximizeExpectedImprovement(gp, Math.min(...y), { rng: new SeededRandom(2), layout, candidates: 200, criterion: 'mean', kappa: 0.5 });
    expect(Math.abs(optimistic.point[0]! - 0.5)).toBeGreaterThan(0.01);
    expect(Math.abs(optimistic.point[0]! - 0.5)).toBeLessThan(0.25);
  });
});
