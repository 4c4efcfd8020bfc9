// The Parzen estimator of TPE (Bergstra et al., NeurIPS 2011), as Optuna 3.1 builds it
// (samplers/_tpe/parzen_estimator.py): a weighted mixture with one component per observation
// plus a prior component (the whole range, centred), each component a product over parameters
// of a truncated normal (numeric) or a smoothed one-hot distribution (categorical).
//
// Bandwidths. Univariate: each kernel is as wide as the larger gap to its neighbours among the
// sorted centres, the range's ends counting as neighbours; without `considerEndpoints` the
// outermost kernels take their inner gap only, so one point near an end is not squeezed.
// Multivariate: Scott's rule as in BOHB, 0.2·n^(−1/(d+4)) of the range for every kernel. Magic
// clip bounds every width below by range / min(100, components + 1), so a tight cluster does not
// collapse to a spike. The prior is N(centre, range) whatever the rule.
//
// Densities are true densities: each truncated normal carries its 1/σ. Optuna 3.1.0's own
// truncnorm.logpdf left out the −log σ (later releases add it), so its TPE weighed a narrow
// continuous kernel no more than a wide one; REFERENCE.md's Optuna figures were measured with
// that. `equalKernelHeights` scores that way (TPESampler's default, measured better on
// bench/tune-tpe.ts): g then underrates the densely sampled regions, so proposals stay closer to
// them (more exploitation).
import type { SeededRandom } from '../../../random/seeded-random.ts';
import { normalCdf } from '../bayes/acquisition.ts';
import type { Distribution } from '../../types.ts';
import { parzenBounds } from './internal-repr.ts';

/** Optuna's floor for widths without magic clip and inside logarithms. */
export const EPS = 1e-12;
const SIGMA0_MAGNITUDE = 0.2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export interface ParzenEstimatorParameters {
  /** Add the prior component (always added when there are no observations). */
  considerPrior: boolean;
  /** The prior component's weight against the observations' (before normalising). */
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  /** Weights of n observations in trial-number order (defaultWeights). */
  weights: (n: number) => ArrayLike<number>;
  /** Scott's-rule bandwidths (multivariate TPE) instead of neighbour gaps. */
  multivariate: boolean;
  /** Continuous kernels without their 1/σ, as Optuna 3.1.0 scored candidates (default false). */
  equalKernelHeights?: boolean;
}

export interface NumericKernels {
  readonly type: 'numeric';
  /** Leave the −log σ out of continuous log densities (equalKernelHeights). */
  readonly equalHeights: boolean;
  readonly low: number;
  readonly high: number;
  readonly step: number | undefined;
  /** Centres and widths, one per component (observations in order, then the prior). */
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log of each truncated normal's mass inside [low, high]. */
  readonly logAccept: Float64Array;
  /** Per component, what a continuous log density adds to −z²/2: −log √(2π) − log σ − logAccept. */
  readonly logNorm: Float64Array;
}

export interface CategoricalKernels {
  readonly type: 'categorical';
  readonly choices: number;
  /** Row-major (components × choices) probabilities; each row sums to 1. */
  readonly probabilities: Float64Array;
}

export type Kernels = NumericKernels | CategoricalKernels;

/** Observations in the estimator's space (internal-repr.ts), one array per parameter, all of one length. */
export type Observations = Record<string, Float64Array>;

function mixtureWeights(n: number, withPrior: boolean, parameters: ParzenEstimatorParameters): Float64Array {
  const given = parameters.weights(n);
  if (given.length < n) throw new RangeError(`ParzenEstimator: weights(${n}) must return at least ${n} values, got ${given.length}`);
  const weights = new Float64Array(withPrior ? n + 1 : n);
  for (let i = 0; i < n; i++) {
    const w = given[i]!;
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`ParzenEstimator: weights(${n})[${i}] must be a finite number >= 0, got ${w}`);
    weights[i] = w;
  }
  if (withPrior) weights[n] = parameters.priorWeight;
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(sum > 0)) throw new RangeError(`ParzenEstimator: the weights of ${n} observations must not all be 0`);
  for (let i = 0; i < weights.length; i++) weights[i]! /= sum;
  return weights;
}

function numericKernels(observed: Float64Array, d: Exclude<Distribution, { type: 'categorical' }>, withPrior: boolean, sigma0: number | undefined, parameters: ParzenEstimatorParameters): NumericKernels {
  const { low, high, step } = parzenBounds(d);
  const n = observed.length;
  const size = withPrior ? n + 1 : n;
  const mus = new Float64Array(size);
  mus.set(observed);
  if (withPrior) mus[n] = 0.5 * (low + high);
  const sigmas = new Float64Array(size);
  if (sigma0 !== undefined) {
    sigmas.fill(sigma0 * (high - low));
  } else {
    const order = Array.from(mus.keys()).sort((a, b) => mus[a]! - mus[b]! || a - b);
    // Sorted centres with the range's ends around them.
    const ends = [low, ...order.map((i) => mus[i]!), high];
    const gaps = order.map((_, k) => Math.max(ends[k + 1]! - ends[k]!, ends[k + 2]! - ends[k + 1]!));
    if (!parameters.considerEndpoints && ends.length >= 4) {
      gaps[0] = ends[2]! - ends[1]!;
      gaps[gaps.length - 1] = ends[ends.length - 2]! - ends[ends.length - 3]!;
    }
    order.forEach((i, k) => (sigmas[i] = gaps[k]!));
  }
  const maxSigma = high - low;
  const minSigma = parameters.considerMagicClip ? (high - low) / Math.min(100, 1 + size) : EPS;
  for (let i = 0; i < size; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]!));
  if (withPrior) sigmas[n] = high - low;
  const logAccept = Float64Array.from(mus, (mu, i) => Math.log(normalCdf((high - mu) / sigmas[i]!) - normalCdf((low - mu) / sigmas[i]!)));
  const equalHeights = parameters.equalKernelHeights === true;
  const logNorm = Float64Array.from(sigmas, (sigma, i) => -LOG_SQRT_2PI - (equalHeights ? 0 : Math.log(sigma)) - logAccept[i]!);
  return { type: 'numeric', equalHeights, low, high, step, mus, sigmas, logAccept, logNorm };
}

function categoricalKernels(observed: Float64Array, choices: number, withPrior: boolean, priorWeight: number): CategoricalKernels {
  const n = observed.length;
  const rows = withPrior ? n + 1 : n;
  // Every choice gets priorWeight spread over the rows, each observed choice one more.
  const probabilities = new Float64Array(rows * choices).fill(priorWeight / rows);
  for (let i = 0; i < n; i++) probabilities[i * choices + observed[i]!]! += 1;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < choices; c++) sum += probabilities[r * choices + c]!;
    for (let c = 0; c < choices; c++) probabilities[r * choices + c]! /= sum;
  }
  return { type: 'categorical', choices, probabilities };
}

/** Index of the first cumulative weight above u (numpy's choice / searchsorted), the last one at worst. */
function pick(weights: Float64Array, offset: number, count: number, u: number): number {
  let cumulative = 0;
  for (let k = 0; k < count; k++) {
    cumulative += weights[offset + k]!;
    if (u < cumulative) return k;
  }
  return count - 1;
}

export class ParzenEstimator {
  /** Normalised mixture weights, observations in order then the prior. */
  readonly weights: Float64Array;
  readonly kernels: Readonly<Record<string, Kernels>>;
  private readonly names: readonly string[];

  constructor(observations: Observations, space: Record<string, Distribution>, parameters: ParzenEstimatorParameters) {
    this.names = Object.keys(space);
    if (this.names.length === 0) throw new RangeError('ParzenEstimator: space must hold at least one parameter, got {}');
    const n = observations[this.names[0]!]?.length ?? 0;
    for (const name of this.names) {
      const length = observations[name]?.length;
      if (length !== n) throw new RangeError(`ParzenEstimator: observations.${name} must hold ${n} values like the others, got ${length ?? 'none'}`);
    }
    const withPrior = parameters.considerPrior || n === 0;
    this.weights = mixtureWeights(n, withPrior, parameters);
    const sigma0 = parameters.multivariate ? SIGMA0_MAGNITUDE * Math.max(n, 1) ** (-1 / (this.names.length + 4)) : undefined;
    const kernels: Record<string, Kernels> = {};
    for (const name of this.names) {
      const d = space[name]!;
      kernels[name] = d.type === 'categorical' ? categoricalKernels(observations[name]!, d.choices.length, withPrior, parameters.priorWeight) : numericKernels(observations[name]!, d, withPrior, sigma0, parameters);
    }
    this.kernels = kernels;
  }

  /**
   * `size` draws from the mixture, in the estimator's space and rounded onto each distribution's
   * grid by `snap` (what is evaluated is the value a trial would get).
   */
  sample(rng: SeededRandom, size: number, snap: (name: string, x: number) => number): Observations {
    const components = new Int32Array(size);
    for (let s = 0; s < size; s++) components[s] = pick(this.weights, 0, this.weights.length, rng.uniform());
    const samples: Observations = {};
    for (const name of this.names) {
      const kernel = this.kernels[name]!;
      const out = new Float64Array(size);
      for (let s = 0; s < size; s++) {
        const j = components[s]!;
        if (kernel.type === 'categorical') {
          out[s] = pick(kernel.probabilities, j * kernel.choices, kernel.choices, rng.uniform());
          continue;
        }
        // Rejection keeps the exact truncated normal: a centre lies inside the range and a width
        // is at most the range, so at least a third of the draws land (three tries on average).
        let x: number;
        do x = kernel.mus[j]! + kernel.sigmas[j]! * rng.normal();
        while (!(x >= kernel.low && x <= kernel.high));
        out[s] = snap(name, x);
      }
      samples[name] = out;
    }
    return samples;
  }

  /** log density of the mixture at each sample (log mass for ints, stepped floats and categoricals). */
  logPdf(samples: Observations): Float64Array {
    const size = samples[this.names[0]!]!.length;
    const m = this.weights.length;
    const result = new Float64Array(size);
    const terms = new Float64Array(m);
    const logWeights = Float64Array.from(this.weights, Math.log);
    for (let s = 0; s < size; s++) {
      terms.set(logWeights);
      for (const name of this.names) {
        const kernel = this.kernels[name]!;
        const x = samples[name]![s]!;
        if (kernel.type === 'categorical') {
          for (let j = 0; j < m; j++) terms[j]! += Math.log(kernel.probabilities[j * kernel.choices + x]!);
        } else if (kernel.step === undefined) {
          for (let j = 0; j < m; j++) {
            const z = (x - kernel.mus[j]!) / Math.max(kernel.sigmas[j]!, EPS);
            terms[j]! += -0.5 * z * z + kernel.logNorm[j]!;
          }
        } else {
          for (let j = 0; j < m; j++) terms[j]! += binLogMass(kernel, j, x);
        }
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < m; j++) max = Math.max(max, terms[j]!);
      if (max === Number.NEGATIVE_INFINITY) {
        result[s] = max;
        continue;
      }
      let sum = 0;
      for (let j = 0; j < m; j++) sum += Math.exp(terms[j]! - max);
      result[s] = max + Math.log(sum);
    }
    return result;
  }
}

/** log of component j's mass over the bin of x (an int or stepped float), within the range. */
function binLogMass(kernel: NumericKernels, j: number, x: number): number {
  const mu = kernel.mus[j]!;
  const sigma = kernel.sigmas[j]!;
  const step = kernel.step!;
  const upper = Math.min(x + step / 2, kernel.high);
  const lower = Math.max(x - step / 2, kernel.low);
  const mass = normalCdf((upper - mu) / sigma) - normalCdf((lower - mu) / sigma);
  return Math.log(mass + EPS) - Math.log(Math.exp(kernel.logAccept[j]!) + EPS);
}
