// Expected improvement for minimisation, EI(x) = σ·h(z), h(z) = z·Φ(z) + φ(z), z = (best − μ)/σ,
// evaluated in log space so that it keeps ranking points where EI itself underflows; and its
// maximiser over the unit cube: many random candidates (uniform, plus perturbations of the best
// observed points at three scales), then BFGS on log EI from the best few.
import type { SeededRandom } from '../../../random/seeded-random.ts';
import { minimizeInBox } from './bfgs.ts';
import { insideRegion, type ExcludedRegion } from './basins.ts';
import type { GaussianProcess, PredictionWithGradient } from './gaussian-process.ts';
import type { FeasibilityModel } from './feasibility.ts';
import type { CubeLayout } from './unit-cube.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

/** The standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * Mills ratio R(t) = Φ(−t)/φ(t) for t ≥ 0, from the Chebyshev fit of erfc in Numerical Recipes
 * (relative error < 1.2e-7) with the Gaussian factor cancelled, so it never underflows.
 */
function millsRatio(t: number): number {
  const x = t / Math.SQRT2;
  const s = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 + s * (1.00002368 + s * (0.37409196 + s * (0.09678418 + s * (-0.18628806 + s * (0.27886807 + s * (-1.13520398 + s * (1.48851587 + s * (-0.82215223 + s * 0.17087277))))))));
  return SQRT_HALF_PI * s * Math.exp(poly);
}

/** The standard normal distribution function. */
export function normalCdf(z: number): number {
  if (z >= 0) return 1 - normalPdf(z) * millsRatio(z);
  return normalPdf(z) * millsRatio(-z);
}

/** log Φ(z), finite far into the lower tail (where Φ itself underflows). */
export function logNormalCdf(z: number): number {
  if (z >= 0) return Math.log1p(-normalPdf(z) * millsRatio(z));
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(millsRatio(-z));
}

/** d log Φ(z) / dz = φ(z)/Φ(z), without cancellation. */
function logNormalCdfSlope(z: number): number {
  if (z >= 0) return normalPdf(z) / (1 - normalPdf(z) * millsRatio(z));
  return 1 / millsRatio(-z);
}

/** 1 − t·R(t) for t ≥ 0 (= h(−t)/φ(t)); the asymptotic series takes over where it cancels. */
function tailFactor(t: number): number {
  if (t < 20) return 1 - t * millsRatio(t);
  const inv2 = 1 / (t * t);
  return inv2 * (1 - 3 * inv2 * (1 - 5 * inv2));
}

/** log h(z), h(z) = z·Φ(z) + φ(z). */
function logH(z: number): number {
  if (z >= 0) return Math.log(z * normalCdf(z) + normalPdf(z));
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(tailFactor(-z));
}

/** Expected improvement below `best` of a normal posterior N(mean, variance). */
export function expectedImprovement(mean: number, variance: number, best: number): number {
  return Math.exp(logExpectedImprovement(mean, variance, best));
}

/** log EI; finite wherever variance > 0. */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance);
  return Math.log(sigma) + logH((best - mean) / sigma);
}

/** The ratios φ(z)/h(z) and Φ(z)/h(z) that ∂ log EI needs, computed without cancellation. */
function ratios(z: number): { pdf: number; cdf: number } {
  if (z >= 0) {
    const h = z * normalCdf(z) + normalPdf(z);
    return { pdf: normalPdf(z) / h, cdf: normalCdf(z) / h };
  }
  const t = -z;
  const tail = tailFactor(t);
  return { pdf: 1 / tail, cdf: millsRatio(t) / tail };
}

/** −log EI at `point` and its gradient (∂ log EI = (φ(z)·∂σ − Φ(z)·∂μ) / EI). */
function negativeLogEi(gp: GaussianProcess, best: number, point: Float64Array, scratch: PredictionWithGradient, gradient?: Float64Array): number {
  const p = gp.predictWithGradient(point, scratch);
  const sigma = Math.sqrt(p.variance);
  const z = (best - p.mean) / sigma;
  if (gradient !== undefined) {
    const { pdf, cdf } = ratios(z);
    for (let k = 0; k < point.length; k++) {
      const dSigma = p.varianceGradient[k]! / (2 * sigma);
      gradient[k] = -(pdf * dSigma - cdf * p.meanGradient[k]!) / sigma;
    }
  }
  return -(Math.log(sigma) + logH(z));
}

/**
 * −Σ_k log P(c_k ≤ 0) at `point` under the constraints' GPs, adding its gradient into `gradient`
 * (∂z = (−∂μ − z·∂σ)/σ for z = (t − μ)/σ).
 */
function negativeLogFeasibility(models: readonly FeasibilityModel[], point: Float64Array, scratch: PredictionWithGradient, gradient: Float64Array): number {
  let value = 0;
  for (const { gp, threshold } of models) {
    const p = gp.predictWithGradient(point, scratch);
    const sigma = Math.sqrt(p.variance);
    const z = (threshold - p.mean) / sigma;
    value -= logNormalCdf(z);
    const slope = logNormalCdfSlope(z);
    for (let k = 0; k < point.length; k++) {
      const dSigma = p.varianceGradient[k]! / (2 * sigma);
      gradient[k] = gradient[k]! + (slope * (p.meanGradient[k]! + z * dSigma)) / sigma;
    }
  }
  return value;
}

/** The lower confidence bound μ − κσ at `point` and its gradient (κ = 0: the posterior mean). */
function lowerBound(gp: GaussianProcess, kappa: number, point: Float64Array, scratch: PredictionWithGradient, gradient: Float64Array): number {
  const p = gp.predictWithGradient(point, scratch);
  gradient.set(p.meanGradient);
  if (kappa === 0) return p.mean;
  const sigma = Math.sqrt(p.variance);
  for (let k = 0; k < gradient.length; k++) gradient[k] = gradient[k]! - (kappa * p.varianceGradient[k]!) / (2 * sigma);
  return p.mean - kappa * sigma;
}

export interface AcquisitionOptions {
  rng: SeededRandom;
  layout: CubeLayout;
  /** Random candidates scored in all (default 1000). */
  candidates?: number;
  /** Best observed points (row-major, count × d) around which a quarter of the candidates are drawn. */
  incumbents?: Float64Array;
  /** How many of the best candidates are refined by BFGS (default 5). */
  refine?: number;
  /** BFGS iterations per refinement (default 25). */
  refineIterations?: number;
  /** 'ei' (default) maximises expected improvement; 'mean' minimises μ − κσ (exploitation). */
  criterion?: 'ei' | 'mean';
  /** κ of the 'mean' criterion (default 0: the posterior mean itself). */
  kappa?: number;
  /**
   * Observed points (row-major, count × d) that the answer must stay `minDistance` away from:
   * a repeat teaches a noise-free model nothing, and a model that has fitted noise would ask for
   * the same point again and again.
   */
  exclude?: Float64Array;
  /** Euclidean distance in the unit cube (default 1e-3). */
  minDistance?: number;
  /** Basins already searched out, which the answer must stay out of. */
  excludeRegions?: readonly ExcludedRegion[];
  /**
   * Constraints' GPs: the 'ei' score becomes log EI + Σ log P(c_k ≤ 0), and with `best` not
   * finite (nothing feasible observed yet) the probability of feasibility alone.
   */
  feasibility?: readonly FeasibilityModel[];
}

function nearAny(points: Float64Array, d: number, point: Float64Array, at: number, minDistance: number): boolean {
  const limit = minDistance * minDistance;
  for (let p = 0; p < points.length; p += d) {
    let sum = 0;
    for (let k = 0; k < d && sum < limit; k++) sum += (points[p + k]! - point[at + k]!) ** 2;
    if (sum < limit) return true;
  }
  return false;
}

const LOCAL_SCALES = [0.01, 0.05, 0.2];

function drawCandidates(count: number, options: AcquisitionOptions): Float64Array {
  const { rng, layout } = options;
  const d = layout.dimension;
  const points = new Float64Array(count * d);
  const incumbents = options.incumbents;
  const incumbentCount = incumbents === undefined ? 0 : incumbents.length / d;
  const local = incumbentCount > 0 ? Math.floor(count / 4) : 0;
  for (let c = 0; c < count; c++) {
    const at = c * d;
    if (c < local) {
      const source = (c % incumbentCount) * d;
      const scale = LOCAL_SCALES[Math.floor(c / incumbentCount) % LOCAL_SCALES.length]!;
      for (let k = 0; k < d; k++) points[at + k] = incumbents![source + k]!;
      for (const k of layout.continuous) points[at + k] = Math.min(Math.max(points[at + k]! + scale * rng.normal(), 0), 1);
      for (const { start, size } of layout.groups) {
        if (rng.uniform() >= 0.2) continue;
        const chosen = rng.below(size);
        for (let j = 0; j < size; j++) points[at + start + j] = j === chosen ? 1 : 0;
      }
      continue;
    }
    for (const k of layout.continuous) points[at + k] = rng.uniform();
    for (const { start, size } of layout.groups) points[at + start + rng.below(size)] = 1;
  }
  return points;
}

/** Refines the continuous coordinates of `start` by box-constrained BFGS on −log EI in [0, 1]. */
function refine(gp: GaussianProcess, best: number, start: Float64Array, layout: CubeLayout, iterations: number, criterion: 'ei' | 'mean', kappa: number, feasibility: readonly FeasibilityModel[]): { point: Float64Array; value: number } {
  const d = layout.dimension;
  const free = layout.continuous;
  const point = Float64Array.from(start);
  const scratch: PredictionWithGradient = { mean: 0, variance: 0, meanGradient: new Float64Array(d), varianceGradient: new Float64Array(d) };
  const fullGradient = new Float64Array(d);
  const objective = (z: Float64Array, gradient: Float64Array): number => {
    for (let i = 0; i < free.length; i++) point[free[i]!] = z[i]!;
    let value: number;
    if (criterion === 'mean') value = lowerBound(gp, kappa, point, scratch, fullGradient);
    else if (Number.isFinite(best)) value = negativeLogEi(gp, best, point, scratch, fullGradient);
    else {
      value = 0;
      fullGradient.fill(0);
    }
    if (feasibility.length > 0) value += negativeLogFeasibility(feasibility, point, scratch, fullGradient);
    for (let i = 0; i < free.length; i++) gradient[i] = fullGradient[free[i]!]!;
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  const z0 = Float64Array.from(free, (k) => start[k]!);
  const { x, value } = minimizeInBox(objective, z0, new Float64Array(free.length), new Float64Array(free.length).fill(1), { maxIterations: iterations, relativeTolerance: 1e-9 });
  for (let i = 0; i < free.length; i++) point[free[i]!] = x[i]!;
  return { point, value: -value };
}

/** The point of the cube with the largest EI found (and its log EI). */
export function maximizeExpectedImprovement(gp: GaussianProcess, best: number, options: AcquisitionOptions): { point: Float64Array; logEi: number } {
  const d = options.layout.dimension;
  const count = Math.max(1, options.candidates ?? 1000);
  const points = drawCandidates(count, options);
  const mean = new Float64Array(count);
  const variance = new Float64Array(count);
  gp.predict(points, count, mean, variance);
  const scores = new Float64Array(count);
  const criterion = options.criterion ?? 'ei';
  const kappa = options.kappa ?? 0;
  for (let c = 0; c < count; c++) {
    if (criterion === 'mean') scores[c] = -(mean[c]! - kappa * Math.sqrt(variance[c]!));
    else scores[c] = Number.isFinite(best) ? logExpectedImprovement(mean[c]!, variance[c]!, best) : 0;
  }
  const feasibility = options.feasibility ?? [];
  for (const { gp: model, threshold } of feasibility) {
    model.predict(points, count, mean, variance);
    for (let c = 0; c < count; c++) scores[c] = scores[c]! + logNormalCdf((threshold - mean[c]!) / Math.sqrt(variance[c]!));
  }
  const exclude = options.exclude ?? new Float64Array(0);
  const minDistance = options.minDistance ?? 1e-3;
  const regions = options.excludeRegions ?? [];
  const allowed = (point: Float64Array, at: number): boolean => !nearAny(exclude, d, point, at, minDistance) && !regions.some((r) => insideRegion(r, point, at));
  const ranked = Array.from({ length: count }, (_, c) => c).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const open = ranked.filter((c) => allowed(points, c * d));
  // Every candidate repeats an observation only when the cube has no room left: take the best.
  const order = open.length > 0 ? open : ranked;

  let bestPoint: Float64Array = points.slice(order[0]! * d, order[0]! * d + d);
  let bestScore = scores[order[0]!]!;
  const refineCount = options.layout.continuous.length === 0 ? 0 : Math.min(options.refine ?? 5, order.length);
  for (let r = 0; r < refineCount; r++) {
    const start = points.subarray(order[r]! * d, order[r]! * d + d);
    const { point, value } = refine(gp, best, start, options.layout, options.refineIterations ?? 25, criterion, kappa, feasibility);
    if (value > bestScore && allowed(point, 0)) {
      bestScore = value;
      bestPoint = point;
    }
  }
  return { point: bestPoint, logEi: bestScore };
}
