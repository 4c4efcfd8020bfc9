// The EI maximiser's BFGS refinement on a stand-in GP with a closed-form posterior: the answer
// must be a stationary point of the very score it reports (log EI, log EI + log P(feasible), or
// −(μ − κσ)), in the middle of the cube, in EI's upper and lower tails alike. A wrong gradient
// anywhere (the log-EI ratios, the feasibility slope, the lower bound's) stops BFGS short of it.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { logExpectedImprovement, logNormalCdf, maximizeExpectedImprovement } from '../../../../src/tune/samplers/bayes/acquisition.ts';
import type { GaussianProcess, PredictionWithGradient } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';

interface Posterior {
  mean: (x: Float64Array) => number;
  variance: (x: Float64Array) => number;
  meanGradient: (x: Float64Array, k: number) => number;
  varianceGradient: (x: Float64Array, k: number) => number;
}

function standIn(post: Posterior): GaussianProcess {
  const d = 2;
  return {
    predict(points: Float64Array, m: number, mean: Float64Array, variance: Float64Array): void {
      for (let p = 0; p < m; p++) {
        const x = points.subarray(p * d, p * d + d);
        mean[p] = post.mean(x);
        variance[p] = post.variance(x);
      }
    },
    predictWithGradient(point: Float64Array, out: PredictionWithGradient): PredictionWithGradient {
      out.mean = post.mean(point);
      out.variance = post.variance(point);
      for (let k = 0; k < d; k++) {
        out.meanGradient[k] = post.meanGradient(point, k);
        out.varianceGradient[k] = post.varianceGradient(point, k);
      }
      return out;
    },
  } as unknown as GaussianProcess;
}

// μ = a·|x − c|², σ² = v0 + v1·x_0 + v2·x_1: a bowl whose uncertainty grows toward one corner.
const bowl = (a: number, c: [number, number], v: [number, number, number]): Posterior => ({
  mean: (x) => a * ((x[0]! - c[0]) ** 2 + (x[1]! - c[1]) ** 2),
  variance: (x) => v[0] + v[1] * x[0]! + v[2] * x[1]!,
  meanGradient: (x, k) => 2 * a * (x[k]! - c[k]!),
  varianceGradient: (_x, k) => v[k + 1]!,
});

const plane = { dimension: 2, continuous: [0, 1], groups: [] };

/** The largest central-difference slope of `score` at `x`, over coordinates inside (0, 1). */
function slope(score: (x: Float64Array) => number, x: Float64Array): number {
  const h = 1e-6;
  let largest = 0;
  for (let k = 0; k < x.length; k++) {
    if (x[k]! <= 1e-4 || x[k]! >= 1 - 1e-4) continue;
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[k] = plus[k]! + h;
    minus[k] = minus[k]! - h;
    largest = Math.max(largest, Math.abs((score(plus) - score(minus)) / (2 * h)));
  }
  return largest;
}

describe('maximizeExpectedImprovement: refinement', () => {
  const post = bowl(4, [0.4, 0.55], [0.02, 0.05, 0.01]);
  const gp = standIn(post);
  const options = { rng: new SeededRandom(11), layout: plane, candidates: 30, refine: 3, refineIterations: 100 };

  // best above the bowl's floor (z ≥ 0 near it), a little below, far below (z < −20, the asymptotic
  // tail) and so far below that φ(z) underflows (z < −40).
  for (const best of [0.3, -0.3, -8, -15]) {
    it(`lands on a stationary point of log EI and reports log EI there (best ${best})`, () => {
      const score = (x: Float64Array): number => logExpectedImprovement(post.mean(x), post.variance(x), best);
      const { point, logEi } = maximizeExpectedImprovement(gp, best, options);
      expect(logEi).toBeCloseTo(score(point), 10);
      expect(point[0]).toBeGreaterThan(0.05);
      expect(point[1]).toBeGreaterThan(0.05);
      expect(slope(score, point)).toBeLessThan(1e-3 * Math.max(1, Math.abs(logEi)));
    });
  }

  it('weights log EI by log P(feasible), with the constraint holding or failing at the answer', () => {
    // Constraint μ_c = x_0 + x_1, σ_c² = 0.01 + 0.02·x_1, feasible below t.
    const constraint = standIn({ mean: (x) => x[0]! + x[1]!, variance: (x) => 0.01 + 0.02 * x[1]!, meanGradient: () => 1, varianceGradient: (_x, k) => (k === 1 ? 0.02 : 0) });
    for (const threshold of [0.7, 1.2]) {
      const logP = (x: Float64Array): number => logNormalCdf((threshold - x[0]! - x[1]!) / Math.sqrt(0.01 + 0.02 * x[1]!));
      const feasibility = [{ gp: constraint, threshold }];
      for (const best of [0.1, Number.POSITIVE_INFINITY]) {
        const score = (x: Float64Array): number => (Number.isFinite(best) ? logExpectedImprovement(post.mean(x), post.variance(x), best) : 0) + logP(x);
        const { point, logEi } = maximizeExpectedImprovement(gp, best, { ...options, feasibility });
        expect(logEi).toBeCloseTo(score(point), 10);
        expect(slope(score, point)).toBeLessThan(2e-3 * Math.max(1, Math.abs(logEi)));
        // Feasibility alone climbs to where the constraint all but surely holds.
        if (!Number.isFinite(best)) expect(logEi).toBeGreaterThan(-1e-3);
        // Two constraints: their log-probabilities add up.
        if (Number.isFinite(best)) {
          const twice = maximizeExpectedImprovement(gp, best, { ...options, feasibility: [...feasibility, ...feasibility] });
          const doubled = (x: Float64Array): number => logExpectedImprovement(post.mean(x), post.variance(x), best) + 2 * logP(x);
          expect(twice.logEi).toBeCloseTo(doubled(twice.point), 10);
          expect(slope(doubled, twice.point)).toBeLessThan(2e-3 * Math.max(1, Math.abs(twice.logEi)));
        }
      }
    }
  });

  it("'mean' minimises μ − κσ: the bowl's centre for κ = 0, a stationary point toward the unsure corner for κ > 0", () => {
    const centre = maximizeExpectedImprovement(gp, 0, { ...options, criterion: 'mean' });
    expect(centre.point[0]).toBeCloseTo(0.4, 5);
    expect(centre.point[1]).toBeCloseTo(0.55, 5);
    expect(centre.logEi).toBeCloseTo(0, 9);
    const kappa = 0.5;
    const score = (x: Float64Array): number => -(post.mean(x) - kappa * Math.sqrt(post.variance(x)));
    const optimistic = maximizeExpectedImprovement(gp, 0, { ...options, criterion: 'mean', kappa });
    expect(optimistic.logEi).toBeCloseTo(score(optimistic.point), 10);
    expect(slope(score, optimistic.point)).toBeLessThan(1e-5);
    expect(optimistic.point[0]).toBeGreaterThan(0.402);
  });

  it('climbs the probability of feasibility alone where the constraint most likely fails, to an inner optimum', () => {
    // μ_c = x_0 + x_1 ≥ 0 > t everywhere, σ_c² = 0.01 + a·x_1: z = (t − μ_c)/σ_c < 0, and the growing
    // σ_c pulls x_1 up while μ_c pushes it down: P peaks at x_0 = 0, x_1 = |t| − 0.02/a, where
    // z = −√(2(|t| + x_1)/a): about −0.77 for (t, a) = (−0.3, 2) and −4 for (−0.58, 0.125).
    for (const [threshold, a] of [[-0.3, 2], [-0.58, 0.125]] as const) {
      const constraint = standIn({ mean: (x) => x[0]! + x[1]!, variance: (x) => 0.01 + a * x[1]!, meanGradient: () => 1, varianceGradient: (_x, k) => (k === 1 ? a : 0) });
      const score = (x: Float64Array): number => logNormalCdf((threshold - x[0]! - x[1]!) / Math.sqrt(0.01 + a * x[1]!));
      const { point, logEi } = maximizeExpectedImprovement(gp, Number.POSITIVE_INFINITY, { ...options, feasibility: [{ gp: constraint, threshold }] });
      expect(logEi).toBeCloseTo(score(point), 10);
      expect(point[0]).toBe(0);
      expect(point[1]).toBeCloseTo(-threshold - 0.02 / a, 3);
    }
  });
});
