// Bayesian optimisation as a Sampler: a Matérn 5/2 ARD Gaussian process fitted by type-II
// maximum likelihood to the complete trials, expected improvement maximised over the unit cube.
// The first `nStartupTrials` proposals come from a scrambled Sobol design indexed by trial
// number. Running trials (asked, not yet told) enter the GP with the constant liar's value, the
// best observed one, so parallel asks spread out. History is read from the StudyView on every
// call; the only thing kept between calls is the last fitted hyperparameters, as one warm start
// among the fit's starts (turn off with `reuseHyperparameters: false` for proposals that depend on
// the study's history alone, at the cost of a slower fit).
import { SeededRandom } from '../../../random/seeded-random.ts';
import { rangeError } from '../../../errors.ts';
import type { Distribution, FrozenTrial, ParamValue, Sampler, StudyView } from '../../types.ts';
import { maximizeExpectedImprovement } from './acquisition.ts';
import { fitHyperparameters } from './fit.ts';
import { GaussianProcess, type GpData } from './gaussian-process.ts';
import { ScrambledSobol } from './sobol.ts';
import { intersectSearchSpace, projectUniformPoint, UnitCube } from './unit-cube.ts';

export interface GaussianProcessSamplerOptions {
  /** Seeds the Sobol design and every random draw; defaults to the study's seed. */
  seed?: number;
  /** Complete trials needed before the GP takes over from the Sobol design (default 10). */
  nStartupTrials?: number;
  /** Random candidates scored by EI per proposal (default 2000). */
  candidates?: number;
  /** Starts of the hyperparameter fit, warm start included (default 5). */
  fitStarts?: number;
  /** Best candidates refined by BFGS on log EI (default 5). */
  refine?: number;
  /** Treat running trials as observed at the best value so far (default true). */
  constantLiar?: boolean;
  /** Start the next fit from the last optimum as well (default true). */
  reuseHyperparameters?: boolean;
  /**
   * 'log' (default) models log(y − min y + δ), δ = 0.1·(max y − min y), in the minimising
   * orientation, which stretches the region near the best values; 'none' models y itself.
   */
  outputWarping?: 'log' | 'none';
}

/** log(y − min + δ) with δ a tenth of the range: order-preserving, compresses the bad tail. */
function warpLogInPlace(observed: { y: number }[]): void {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const o of observed) {
    low = Math.min(low, o.y);
    high = Math.max(high, o.y);
  }
  const delta = Math.max(0.1 * (high - low), 1e-12 * Math.max(1, Math.abs(low)));
  for (const o of observed) o.y = Math.log(o.y - low + delta);
}

const MULTI_START_LIMIT = 64;

/** A 32-bit mix of integers (murmur3's finaliser over a running hash). */
function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h | 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function checkCount(field: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= min)) throw rangeError(`GaussianProcessSampler: options.${field}`, `an integer >= ${min}`, v);
  return v;
}

export class GaussianProcessSampler implements Sampler {
  readonly name = 'GaussianProcessSampler';
  private readonly seed: number | undefined;
  private readonly nStartupTrials: number;
  private readonly candidates: number;
  private readonly fitStarts: number;
  private readonly refine: number;
  private readonly constantLiar: boolean;
  private readonly reuseHyperparameters: boolean;
  private readonly outputWarping: 'log' | 'none';
  private readonly warmStarts = new Map<string, Float64Array>();

  constructor(options: GaussianProcessSamplerOptions = {}) {
    if (options.seed !== undefined && !Number.isInteger(options.seed)) throw rangeError('GaussianProcessSampler: options.seed', 'an integer', options.seed);
    this.seed = options.seed;
    this.nStartupTrials = checkCount('nStartupTrials', options.nStartupTrials, 10, 1);
    this.candidates = checkCount('candidates', options.candidates, 2000, 1);
    this.fitStarts = checkCount('fitStarts', options.fitStarts, 5, 1);
    this.refine = checkCount('refine', options.refine, 5, 0);
    this.constantLiar = options.constantLiar ?? true;
    this.reuseHyperparameters = options.reuseHyperparameters ?? true;
    this.outputWarping = options.outputWarping ?? 'log';
    if (this.outputWarping !== 'log' && this.outputWarping !== 'none') throw rangeError('GaussianProcessSampler: options.outputWarping', "'log' or 'none'", this.outputWarping);
  }

  private baseSeed(study: StudyView): number {
    return this.seed ?? study.seed;
  }

  async inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Promise<Record<string, Distribution>> {
    return intersectSearchSpace(await study.getTrials(['complete']));
  }

  async sampleRelative(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Promise<Record<string, ParamValue>> {
    if (Object.keys(space).length === 0) return {};
    const cube = new UnitCube(space);
    const d = cube.dimension;
    const trials = await study.getTrials(this.constantLiar ? ['complete', 'running'] : ['complete']);
    const sign = study.direction === 'maximize' ? -1 : 1;
    const observed: { x: Float64Array; y: number }[] = [];
    const pending: Float64Array[] = [];
    for (const t of trials) {
      if (t.number === trial.number) continue;
      const x = cube.encode(t.params);
      if (x === undefined) continue;
      if (t.state === 'complete') {
        if (t.value !== null && Number.isFinite(t.value)) observed.push({ x, y: sign * t.value });
      } else {
        pending.push(x);
      }
    }

    if (observed.length < this.nStartupTrials) {
      const point = new ScrambledSobol(d, this.baseSeed(study)).point(trial.number);
      projectUniformPoint(point, cube.layout);
      return cube.decode(point);
    }

    const rng = new SeededRandom(mixSeed(this.baseSeed(study), trial.number, 0x6270));
    const n = observed.length;
    if (this.outputWarping === 'log') warpLogInPlace(observed);
    let mean = 0;
    for (const o of observed) mean += o.y;
    mean /= n;
    let spread = 0;
    for (const o of observed) spread += (o.y - mean) ** 2;
    spread = Math.sqrt(spread / n);
    if (!(spread > 1e-12)) spread = 1;

    const x = new Float64Array((n + pending.length) * d);
    const y = new Float64Array(n + pending.length);
    let best = Number.POSITIVE_INFINITY;
    observed.forEach((o, i) => {
      x.set(o.x, i * d);
      y[i] = (o.y - mean) / spread;
      best = Math.min(best, y[i]!);
    });
    // The constant liar: every pending point "observed" at the best value so far.
    pending.forEach((p, i) => {
      x.set(p, (n + i) * d);
      y[n + i] = best;
    });

    // Hyperparameters come from the real observations only; the lies shape the posterior.
    const key = cube.names.map((name, i) => `${name}:${JSON.stringify(cube.distributions[i])}`).join('|');
    const fitData: GpData = { x: x.subarray(0, n * d), y: y.subarray(0, n), n, d };
    const warmStart = this.reuseHyperparameters ? this.warmStarts.get(key) : undefined;
    // BFGS from two starts while factorisations are cheap; past MULTI_START_LIMIT observations
    // from the warm start alone (plus any start that already beats it).
    const optimizedStarts = warmStart === undefined || n <= MULTI_START_LIMIT ? 2 : 1;
    const fit = fitHyperparameters(fitData, { rng, starts: this.fitStarts, optimizedStarts, ...(warmStart === undefined ? {} : { warmStart }) });
    if (this.reuseHyperparameters) this.warmStarts.set(key, fit.logParams);

    const gp = new GaussianProcess({ x, y, n: n + pending.length, d }, fit.logParams);
    const ranked = observed.map((o, i) => i).sort((a, b) => y[a]! - y[b]! || a - b);
    const incumbentCount = Math.min(5, n);
    const incumbents = new Float64Array(incumbentCount * d);
    for (let i = 0; i < incumbentCount; i++) incumbents.set(observed[ranked[i]!]!.x, i * d);
    const { point } = maximizeExpectedImprovement(gp, best, { rng, layout: cube.layout, candidates: this.candidates, incumbents, refine: this.refine });
    return cube.decode(point);
  }

  async sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue> {
    const cube = new UnitCube({ [name]: distribution });
    const rng = new SeededRandom(mixSeed(this.baseSeed(study), trial.number, hashString(name)));
    const point = new Float64Array(cube.dimension);
    for (let k = 0; k < point.length; k++) point[k] = rng.uniform();
    projectUniformPoint(point, cube.layout);
    return cube.decode(point)[name]!;
  }
}
