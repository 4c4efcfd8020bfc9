// Type-II maximum likelihood for the GP's hyperparameters: box-constrained BFGS on the
// log-hyperparameters from several starts. Every start is scored by its log marginal likelihood
// first (one factorisation each); BFGS then runs from the warm start (the previous optimum,
// when there is one) and from the best-scoring others, so five starts cost about two fits.
import type { SeededRandom } from '../../../random/seeded-random.ts';
import { minimizeInBox, type Objective } from './bfgs.ts';
import { hyperparameterCount, MarginalLikelihood, type GpData } from './gaussian-process.ts';

/** Bounds on the hyperparameters themselves (not their logs). */
export interface HyperparameterBounds {
  lengthScale: readonly [number, number];
  signalVariance: readonly [number, number];
  noiseVariance: readonly [number, number];
}

export const DEFAULT_BOUNDS: HyperparameterBounds = {
  lengthScale: [1e-2, 1e2],
  // Outputs are standardised, so the signal variance stays within a few orders of 1.
  signalVariance: [5e-2, 2e1],
  noiseVariance: [1e-6, 1],
};

export interface FitOptions {
  /** Seeded stream for the random starts. */
  rng: SeededRandom;
  /** Starts scored in all, the warm start and the default start included (default 5). */
  starts?: number;
  /**
   * Starts that BFGS runs from, the warm start included (default 2); any other start whose
   * likelihood already beats the warm start's is optimised as well.
   */
  optimizedStarts?: number;
  /** A previous optimum (log-hyperparameters) to start from. */
  warmStart?: Float64Array;
  maxIterations?: number;
  bounds?: HyperparameterBounds;
  /**
   * 'none' (default): type-II ML. 'lognormal': maximise the log posterior (MAP) under
   * log-normal priors as BoTorch does, log ℓ_k ~ N(√2 + ½ log d, 3), log σ_n² ~ N(−8, 2²), σ_f²
   * flat. Experimental: on bench/tune-bo.ts (20 seeds) it worsened Hartmann6 (median 84, 11/20
   * vs 61, 13/20) and Branin (19/20), so it is off by default.
   */
  prior?: 'lognormal' | 'none';
}

export interface FitResult {
  logParams: Float64Array;
  logMarginalLikelihood: number;
}

function logBounds(d: number, bounds: HyperparameterBounds): { lower: Float64Array; upper: Float64Array } {
  const count = hyperparameterCount(d);
  const lower = new Float64Array(count);
  const upper = new Float64Array(count);
  const set = (i: number, field: string, [lo, hi]: readonly [number, number]): void => {
    if (!(lo > 0 && hi > lo)) throw new RangeError(`fit: bounds.${field} must satisfy 0 < low < high, got [${lo}, ${hi}]`);
    lower[i] = Math.log(lo);
    upper[i] = Math.log(hi);
  };
  for (let k = 0; k < d; k++) set(k, 'lengthScale', bounds.lengthScale);
  set(d, 'signalVariance', bounds.signalVariance);
  set(d + 1, 'noiseVariance', bounds.noiseVariance);
  return { lower, upper };
}

/** A start in the middle of the usual range: length scales 0.5, σ_f² = 1, σ_n² = 1e-3. */
export function defaultLogParams(d: number): Float64Array {
  const theta = new Float64Array(hyperparameterCount(d));
  theta.fill(Math.log(0.5), 0, d);
  theta[d] = 0;
  theta[d + 1] = Math.log(1e-3);
  return theta;
}

function randomStart(d: number, rng: SeededRandom): Float64Array {
  const start = new Float64Array(hyperparameterCount(d));
  for (let k = 0; k < d; k++) start[k] = Math.log(0.05) + rng.uniform() * (Math.log(2) - Math.log(0.05));
  start[d] = Math.log(0.5) + rng.uniform() * (Math.log(2) - Math.log(0.5));
  start[d + 1] = Math.log(1e-6) + rng.uniform() * (Math.log(1e-1) - Math.log(1e-6));
  return start;
}

/**
 * Maximises the log marginal likelihood over the log-hyperparameters, within `bounds`, from the
 * warm start, the default start and seeded random starts (length scales log-uniform in
 * [0.05, 2], σ_f² in [0.5, 2], σ_n² in [1e-6, 1e-1]); returns the best optimum found.
 */
export function fitHyperparameters(data: GpData, options: FitOptions): FitResult {
  const { d } = data;
  const { lower, upper } = logBounds(d, options.bounds ?? DEFAULT_BOUNDS);
  const count = hyperparameterCount(d);
  const likelihood = new MarginalLikelihood(data);
  const usePrior = (options.prior ?? 'none') === 'lognormal';
  const scaleMean = Math.SQRT2 + 0.5 * Math.log(d);
  const scaleVariance = 3;
  const noiseMean = -8;
  const noiseVariance = 4;
  /** log prior (up to a constant), adding its gradient into `gradient` when given. */
  const logPrior = (theta: Float64Array, gradient?: Float64Array): number => {
    if (!usePrior) return 0;
    let value = 0;
    for (let k = 0; k < d; k++) {
      const z = theta[k]! - scaleMean;
      value -= (0.5 * z * z) / scaleVariance;
      if (gradient !== undefined) gradient[k] = gradient[k]! - z / scaleVariance;
    }
    const z = theta[d + 1]! - noiseMean;
    value -= (0.5 * z * z) / noiseVariance;
    if (gradient !== undefined) gradient[d + 1] = gradient[d + 1]! - z / noiseVariance;
    return value;
  };
  const logPosterior = (_data: GpData, theta: Float64Array): number => likelihood.evaluate(theta) + logPrior(theta);
  const objective: Objective = (theta, gradient, valueOnly) => {
    if (valueOnly === true) {
      const lml = likelihood.evaluate(theta);
      return Number.isFinite(lml) ? -(lml + logPrior(theta)) : Number.POSITIVE_INFINITY;
    }
    const lml = likelihood.evaluate(theta, gradient);
    if (!Number.isFinite(lml)) return Number.POSITIVE_INFINITY;
    const posterior = lml + logPrior(theta, gradient);
    for (let i = 0; i < count; i++) gradient[i] = -gradient[i]!;
    return -posterior;
  };
  const clamp = (theta: Float64Array): Float64Array => theta.map((v, i) => Math.min(Math.max(v, lower[i]!), upper[i]!));

  const warm = options.warmStart !== undefined && options.warmStart.length === count ? clamp(options.warmStart) : undefined;
  const others: Float64Array[] = [clamp(defaultLogParams(d))];
  const total = Math.max(options.starts ?? 5, 1);
  while (others.length + (warm === undefined ? 0 : 1) < total) others.push(clamp(randomStart(d, options.rng)));
  const scored = others.map((theta, index) => ({ theta, index, lml: logPosterior(data, theta) }));
  scored.sort((a, b) => (b.lml === a.lml ? a.index - b.index : Number.isNaN(a.lml) ? 1 : Number.isNaN(b.lml) ? -1 : b.lml - a.lml));
  const optimized = Math.max(options.optimizedStarts ?? 2, 1);
  const chosen = [...(warm === undefined ? [] : [warm]), ...scored.map((s) => s.theta)].slice(0, optimized);
  if (warm !== undefined) {
    // A start that already beats the warm start before any optimisation runs too.
    const warmLml = logPosterior(data, warm);
    for (const s of scored) if (s.lml > warmLml && !chosen.includes(s.theta)) chosen.push(s.theta);
  }

  let best: FitResult | undefined;
  for (const start of chosen) {
    // 1e-3 nats per log-unit: what is left to gain there changes nothing the acquisition sees.
    const { x, value } = minimizeInBox(objective, start, lower, upper, { maxIterations: options.maxIterations ?? 50, relativeTolerance: 1e-6, gradientTolerance: 1e-3, lazyGradient: true });
    if (!Number.isFinite(value)) continue;
    if (best === undefined || -value > best.logMarginalLikelihood) best = { logParams: x, logMarginalLikelihood: -value };
  }
  if (best === undefined) {
    // Every start failed to factorise: fall back to a very smooth, noisy model.
    const logParams = clamp(defaultLogParams(d));
    logParams[d + 1] = Math.min(Math.log(1e-1), upper[d + 1]!);
    return { logParams, logMarginalLikelihood: likelihood.evaluate(logParams) };
  }
  // Report the likelihood itself, not the posterior that was maximised.
  return { logParams: best.logParams, logMarginalLikelihood: likelihood.evaluate(best.logParams) };
}
