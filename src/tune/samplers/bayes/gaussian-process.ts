// Gaussian-process regression with a Matérn 5/2 ARD kernel plus observation noise, on inputs in
// the unit cube and standardised outputs (zero prior mean). Hyperparameters travel as one
// vector of logs, [log ℓ_1 … log ℓ_d, log σ_f², log σ_n²], so that fitting is unconstrained
// up to box bounds:
//   k(x, x') = σ_f² (1 + √5 r + 5r²/3) exp(−√5 r),  r² = Σ_k (x_k − x'_k)² / ℓ_k²
//   K = k(X, X) + σ_n² I
import { choleskyWithJitter, inverseFromCholesky, logDeterminant, solveCholesky, solveLower, type CholeskyFactor } from './cholesky.ts';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);
/** Posterior variances are floored here so that σ never reaches 0 in the acquisition. */
const MIN_VARIANCE = 1e-12;

/** n training points in d dimensions (row-major x) with their (standardised) targets. */
export interface GpData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** The number of log-hyperparameters for d input dimensions: d length scales, σ_f², σ_n². */
export function hyperparameterCount(d: number): number {
  return d + 2;
}

/** k as a function of r² with σ_f² = 1. */
function maternValue(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** −2·dk/d(r²) with σ_f² = 1: (5/3)(1 + √5 r) e^{−√5 r}. */
function maternSlope(r2: number): number {
  const r = Math.sqrt(r2);
  return (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

function scaledDistance2(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, inverseScale2: Float64Array, d: number): number {
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const delta = a[aOffset + k]! - b[bOffset + k]!;
    r2 += delta * delta * inverseScale2[k]!;
  }
  return r2;
}

interface Unpacked {
  inverseScale2: Float64Array;
  signalVariance: number;
  noiseVariance: number;
}

function unpack(logParams: Float64Array, d: number): Unpacked {
  if (logParams.length !== d + 2) throw new RangeError(`gaussian process: logParams must hold d + 2 = ${d + 2} values, got ${logParams.length}`);
  const inverseScale2 = new Float64Array(d);
  for (let k = 0; k < d; k++) inverseScale2[k] = Math.exp(-2 * logParams[k]!);
  return { inverseScale2, signalVariance: Math.exp(logParams[d]!), noiseVariance: Math.exp(logParams[d + 1]!) };
}

/** K(X, X) + σ_n² I as a full symmetric row-major matrix. */
function covariance(data: GpData, p: Unpacked): Float64Array {
  const { x, n, d } = data;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = p.signalVariance + p.noiseVariance;
    for (let j = 0; j < i; j++) {
      const value = p.signalVariance * maternValue(scaledDistance2(x, i * d, x, j * d, p.inverseScale2, d));
      k[i * n + j] = value;
      k[j * n + i] = value;
    }
  }
  return k;
}

/**
 * The log marginal likelihood log p(y | X, θ) = −½ yᵀK⁻¹y − ½ log det K − (n/2) log 2π of one
 * data set, evaluated repeatedly (the fit's inner loop) in buffers allocated once. The last
 * evaluation is kept: asking for the gradient at the θ just evaluated reuses its factorisation,
 * so a line search can score trials by value alone and pay for the gradient only on acceptance.
 */
export class MarginalLikelihood {
  readonly data: GpData;
  private readonly kernel: Float64Array;
  private readonly lower: Float64Array;
  private readonly inverse: Float64Array;
  private readonly scratch: Float64Array;
  /** σ_f²·(5/3)(1 + √5 r)e^{−√5 r} for each pair i > j, at index i(i−1)/2 + j. */
  private readonly slopes: Float64Array;
  private readonly alpha: Float64Array;
  private readonly inverseScale2: Float64Array;
  private readonly accumulated: Float64Array;
  private readonly theta: Float64Array;
  private factor: CholeskyFactor | undefined;
  private value = Number.NaN;
  private cached = false;

  constructor(data: GpData) {
    const { n, d } = data;
    this.data = data;
    this.kernel = new Float64Array(n * n);
    this.lower = new Float64Array(n * n);
    this.inverse = new Float64Array(n * n);
    this.scratch = new Float64Array(n * n);
    this.slopes = new Float64Array((n * (n - 1)) / 2);
    this.alpha = new Float64Array(n);
    this.inverseScale2 = new Float64Array(d);
    this.accumulated = new Float64Array(d);
    this.theta = new Float64Array(d + 2);
  }

  // Stryker disable next-line BlockStatement: equivalent, without the cache every evaluation refactorises (same values, more work)
  private sameTheta(logParams: Float64Array): boolean {
    if (!this.cached) return false;
    for (let i = 0; i < logParams.length; i++) if (logParams[i] !== this.theta[i]) return false;
    // Stryker disable next-line BooleanLiteral: equivalent, a cache that never hits only refactorises (same values)
    return true;
  }

  /** Factorises K(θ) and solves for α; the value, or −Infinity when K cannot be factorised. */
  private prepare(logParams: Float64Array): number {
    const { x, y, n, d } = this.data;
    if (logParams.length !== d + 2) throw new RangeError(`gaussian process: logParams must hold d + 2 = ${d + 2} values, got ${logParams.length}`);
    if (this.sameTheta(logParams)) return this.value;
    this.theta.set(logParams);
    // Stryker disable next-line BooleanLiteral: equivalent, a cache never filled only refactorises (same values)
    this.cached = true;
    const inverseScale2 = this.inverseScale2;
    for (let k = 0; k < d; k++) inverseScale2[k] = Math.exp(-2 * logParams[k]!);
    const signalVariance = Math.exp(logParams[d]!);
    const noiseVariance = Math.exp(logParams[d + 1]!);
    const kernel = this.kernel;
    const slopes = this.slopes;
    // Only the lower triangle: all the factorisation reads.
    let pair = 0;
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      const xi = i * d;
      for (let j = 0; j < i; j++) {
        const xj = j * d;
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const delta = x[xi + k]! - x[xj + k]!;
          r2 += delta * delta * inverseScale2[k]!;
        }
        const r = Math.sqrt(r2);
        const e = signalVariance * Math.exp(-SQRT5 * r);
        kernel[rowI + j] = (1 + SQRT5 * r + (5 / 3) * r2) * e;
        slopes[pair++] = (5 / 3) * (1 + SQRT5 * r) * e;
      }
      kernel[rowI + i] = signalVariance + noiseVariance;
    }
    try {
      this.factor = choleskyWithJitter(kernel, n, this.lower);
    } catch {
      this.factor = undefined;
      this.value = Number.NEGATIVE_INFINITY;
      return this.value;
    }
    const alpha = solveCholesky(this.factor, y, this.alpha);
    let fit = 0;
    for (let i = 0; i < n; i++) fit += y[i]! * alpha[i]!;
    this.value = -0.5 * fit - 0.5 * logDeterminant(this.factor) - 0.5 * n * LOG_2PI;
    return this.value;
  }

  /**
   * The log marginal likelihood at θ (log-hyperparameters); when `gradient` is given, writes
   * ∂/∂θ for each log-hyperparameter, ½ tr((ααᵀ − K⁻¹) ∂K/∂θ). Returns −Infinity when K cannot
   * be factorised (the gradient is then left untouched).
   */
  evaluate(logParams: Float64Array, gradient?: Float64Array): number {
    const value = this.prepare(logParams);
    if (gradient === undefined || this.factor === undefined) return value;
    const { x, n, d } = this.data;
    const alpha = this.alpha;
    const kernel = this.kernel;
    const slopes = this.slopes;
    const signalVariance = Math.exp(logParams[d]!);
    const noiseVariance = Math.exp(logParams[d + 1]!);
    // W = ααᵀ − K⁻¹, symmetric; ∂LML/∂θ = ½ Σ_ij W_ij ∂K_ij/∂θ (lower triangle of K⁻¹ only).
    // Stryker disable next-line BooleanLiteral: equivalent, the full inverse has the same lower triangle, the only part read below
    const w = inverseFromCholesky(this.factor, this.inverse, this.scratch, true);
    const accumulated = this.accumulated;
    accumulated.fill(0);
    let traceW = 0;
    for (let i = 0; i < n; i++) traceW += alpha[i]! * alpha[i]! - w[i * n + i]!;
    // Diagonal: ∂K_ii/∂log σ_f² = σ_f², ∂K_ii/∂log σ_n² = σ_n², length scales do not touch it.
    let signal = signalVariance * traceW;
    let pair = 0;
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      const xi = i * d;
      const ai = alpha[i]!;
      for (let j = 0; j < i; j++) {
        const wij = ai * alpha[j]! - w[rowI + j]!;
        // Off-diagonal pairs count twice; K_ij = σ_f² k(r) is ∂K_ij/∂log σ_f².
        signal += 2 * wij * kernel[rowI + j]!;
        // ∂K_ij/∂log ℓ_k = σ_f² · (5/3)(1 + √5 r) e^{−√5 r} · Δ_k² / ℓ_k².
        const common = 2 * wij * slopes[pair++]!;
        const xj = j * d;
        for (let k = 0; k < d; k++) {
          const delta = x[xi + k]! - x[xj + k]!;
          accumulated[k] = accumulated[k]! + common * delta * delta;
        }
      }
    }
    for (let k = 0; k < d; k++) gradient[k] = 0.5 * accumulated[k]! * this.inverseScale2[k]!;
    gradient[d] = 0.5 * signal;
    gradient[d + 1] = 0.5 * noiseVariance * traceW;
    return value;
  }
}

/**
 * The log marginal likelihood log p(y | X, θ) = −½ yᵀK⁻¹y − ½ log det K − (n/2) log 2π; when
 * `gradient` is given, writes ∂/∂θ for each log-hyperparameter, ½ tr((ααᵀ − K⁻¹) ∂K/∂θ).
 * Returns −Infinity when K cannot be factorised. (One-off; a fit reuses a MarginalLikelihood.)
 */
export function logMarginalLikelihood(data: GpData, logParams: Float64Array, gradient?: Float64Array): number {
  return new MarginalLikelihood(data).evaluate(logParams, gradient);
}

/** A posterior prediction at one point, with its gradient with respect to the point. */
export interface PredictionWithGradient {
  mean: number;
  variance: number;
  readonly meanGradient: Float64Array;
  readonly varianceGradient: Float64Array;
}

/** The GP conditioned on `data` under fixed hyperparameters: posterior mean and variance of f. */
export class GaussianProcess {
  readonly data: GpData;
  readonly logParams: Float64Array;
  private readonly params: Unpacked;
  private readonly factor: CholeskyFactor;
  private readonly alpha: Float64Array;
  private readonly kStar: Float64Array;
  private readonly solved: Float64Array;

  constructor(data: GpData, logParams: Float64Array) {
    this.data = data;
    this.logParams = Float64Array.from(logParams);
    this.params = unpack(this.logParams, data.d);
    this.factor = choleskyWithJitter(covariance(data, this.params), data.n);
    this.alpha = solveCholesky(this.factor, data.y);
    this.kStar = new Float64Array(data.n);
    this.solved = new Float64Array(data.n);
  }

  /** The jitter the covariance needed (0 when it factorised as it was). */
  get jitter(): number {
    return this.factor.jitter;
  }

  private crossCovariance(points: Float64Array, offset: number): void {
    const { x, n, d } = this.data;
    for (let i = 0; i < n; i++) {
      this.kStar[i] = this.params.signalVariance * maternValue(scaledDistance2(points, offset, x, i * d, this.params.inverseScale2, d));
    }
  }

  /**
   * Posterior mean and variance of the latent f at m points (row-major m × d). The points go
   * through the triangular solve together (V = L⁻¹·K(X, points), n × m), so the inner loops run
   * along contiguous rows of V.
   */
  predict(points: Float64Array, m: number, mean: Float64Array, variance: Float64Array): void {
    const { x, n, d } = this.data;
    const { inverseScale2, signalVariance } = this.params;
    const { lower } = this.factor;
    const v = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const row = i * m;
      for (let p = 0; p < m; p++) v[row + p] = signalVariance * maternValue(scaledDistance2(points, p * d, x, i * d, inverseScale2, d));
    }
    mean.fill(0, 0, m);
    for (let i = 0; i < n; i++) {
      const a = this.alpha[i]!;
      const row = i * m;
      for (let p = 0; p < m; p++) mean[p] = mean[p]! + a * v[row + p]!;
    }
    for (let i = 0; i < n; i++) {
      const row = i * m;
      const rowL = i * n;
      let k = 0;
      // Four earlier rows at a time: one load and store of row i per four multiply-adds.
      for (; k + 4 <= i; k += 4) {
        const l0 = lower[rowL + k]!;
        const l1 = lower[rowL + k + 1]!;
        const l2 = lower[rowL + k + 2]!;
        const l3 = lower[rowL + k + 3]!;
        const r0 = k * m;
        const r1 = r0 + m;
        const r2 = r1 + m;
        const r3 = r2 + m;
        for (let p = 0; p < m; p++) v[row + p] = v[row + p]! - l0 * v[r0 + p]! - l1 * v[r1 + p]! - l2 * v[r2 + p]! - l3 * v[r3 + p]!;
      }
      for (; k < i; k++) {
        const l = lower[rowL + k]!;
        const rowK = k * m;
        for (let p = 0; p < m; p++) v[row + p] = v[row + p]! - l * v[rowK + p]!;
      }
      const inverseDiagonal = 1 / lower[rowL + i]!;
      for (let p = 0; p < m; p++) v[row + p] = v[row + p]! * inverseDiagonal;
    }
    for (let p = 0; p < m; p++) variance[p] = signalVariance;
    for (let i = 0; i < n; i++) {
      const row = i * m;
      for (let p = 0; p < m; p++) variance[p] = variance[p]! - v[row + p]! * v[row + p]!;
    }
    for (let p = 0; p < m; p++) variance[p] = Math.max(variance[p]!, MIN_VARIANCE);
  }

  /** Posterior mean and variance at one point with their gradients ∂/∂x (d entries each). */
  predictWithGradient(point: Float64Array, out: PredictionWithGradient): PredictionWithGradient {
    const { x, n, d } = this.data;
    const { inverseScale2, signalVariance } = this.params;
    this.crossCovariance(point, 0);
    // K⁻¹ k*, for the variance gradient −2 (∂k*/∂x)ᵀ K⁻¹ k*.
    solveCholesky(this.factor, this.kStar, this.solved);
    let mu = 0;
    let explained = 0;
    for (let i = 0; i < n; i++) {
      mu += this.kStar[i]! * this.alpha[i]!;
      explained += this.kStar[i]! * this.solved[i]!;
    }
    out.meanGradient.fill(0);
    out.varianceGradient.fill(0);
    for (let i = 0; i < n; i++) {
      // ∂k*_i/∂x_k = −σ_f² (5/3)(1 + √5 r) e^{−√5 r} (x_k − X_ik) / ℓ_k².
      const slope = maternSlope(scaledDistance2(point, 0, x, i * d, inverseScale2, d));
      const meanWeight = -signalVariance * slope * this.alpha[i]!;
      const varianceWeight = 2 * signalVariance * slope * this.solved[i]!;
      for (let k = 0; k < d; k++) {
        const scaled = (point[k]! - x[i * d + k]!) * inverseScale2[k]!;
        out.meanGradient[k] = out.meanGradient[k]! + meanWeight * scaled;
        out.varianceGradient[k] = out.varianceGradient[k]! + varianceWeight * scaled;
      }
    }
    out.mean = mu;
    const variance = signalVariance - explained;
    out.variance = Math.max(variance, MIN_VARIANCE);
    if (variance <= MIN_VARIANCE) out.varianceGradient.fill(0);
    return out;
  }
}
