// Bayesian optimisation as a Sampler: a Matérn 5/2 ARD Gaussian process fitted by type-II
// maximum likelihood to the complete trials (and the pruned ones, as no better than the worst
// complete one), expected improvement maximised over the unit cube, every second proposal the
// lower confidence bound μ − σ/2 minimised instead. Until `nStartupTrials` of those are in,
// proposals come from a scrambled Sobol design indexed by trial number. Running trials (asked,
// not yet told) enter the GP with a constant liar's value, so parallel asks spread out: the best
// observed one for EI (nothing left to gain there), the worst for the lower bound's minimiser
// (which would otherwise settle next to a pending point). Once the study has searched out a
// basin (its best observations agree and sit together), that basin is set aside and the GP
// refitted to the points outside it, so the search moves on to another (basins.ts). History is
// read from the StudyView on every call; the only thing kept between calls is the last fitted
// hyperparameters, as one warm start among the fit's starts (turn off with
// `reuseHyperparameters: false` for proposals that depend on the study's history alone, at the
// cost of a slower fit; a reproducible study's view, historyOnly, turns it off too).
// Constraints recorded on the trials (systemAttrs.constraints) get a GP each, and EI, measured
// from the best feasible observation, is weighted by the probability of feasibility
// (feasibility.ts); such a study proposes by that acquisition alone (no exploitation steps, no
// basin restarts, which read the objective without the constraints).
import { fmix32, fnv1a32, fnv1aStep, FNV_OFFSET_BASIS } from '../../../random/hash.ts';
import { SeededRandom } from '../../../random/seeded-random.ts';
import { MultiObjectiveError, rangeError, typeError } from '../../../errors.ts';
import { minimizedValue } from '../../../train/direction.ts';
import { studyDirections } from '../../multi-objective/directions.ts';
import type { Distribution, FrozenTrial, ParamValue, Sampler, StudyView } from '../../types.ts';
import { maximizeExpectedImprovement } from './acquisition.ts';
import { BASIN_RADIUS, basinExhausted, insideRegion, type ExcludedRegion } from './basins.ts';
import { constraintCount, constraintRow, fitFeasibilityModels, type FeasibilityModel } from './feasibility.ts';
import { fitHyperparameters, type FitResult } from './fit.ts';
import { GaussianProcess } from './gaussian-process.ts';
import { ScrambledSobol } from './sobol.ts';
import { intersectSearchSpace, projectUniformPoint, UnitCube } from './unit-cube.ts';

export interface GaussianProcessSamplerOptions {
  /** Seeds the Sobol design and every random draw; defaults to the study's seed. */
  seed?: number;
  /** Complete or pruned trials needed before the GP takes over from the Sobol design (default min(10, 2d + 1) in d dimensions). */
  nStartupTrials?: number;
  /** Random candidates scored by EI per proposal (default 1000; 2000 did no better on bench/tune-bo.ts). */
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
   * 'log' models log(y − min y + δ), δ = 0.1·(max y − min y), in the minimising orientation,
   * which stretches the region near the best values; 'none' models y itself; 'auto' (default)
   * fits both and keeps the one whose evidence for the raw values (marginal likelihood times the
   * Jacobian) is larger, at twice the fitting cost. On bench/tune-bo.ts, Branin wants 'log'
   * (median 17 vs 21 evaluations) and Hartmann6 'none' (35 vs 50); 'auto' gets 19 and 35.
   */
  outputWarping?: 'log' | 'none' | 'auto';
  /**
   * Every `exploitEvery`-th GP proposal minimises the lower confidence bound μ − σ/2 instead of
   * maximising EI, unless that lands on an observed point (default 2; 0: EI only). EI alone
   * keeps exploring where the model is unsure long after the basin is found; alternating closes
   * in on the minimum (Branin: median 24 → 21 evaluations to regret 0.01, bench/tune-bo.ts).
   */
  exploitEvery?: number;
  /**
   * How many searched-out basins may be set aside at once (default 2; 0: never). Once the best
   * max(5, d + 1) observations agree in value and sit within a length scale of each other, the
   * ellipsoid of 1.5 length scales around them is left out of the GP and of the acquisition's
   * search, so the next proposals look for another basin (basins.ts). Hartmann6 on
   * bench/tune-bo.ts (20 seeds): 14/20 → 20/20 runs within 100 evaluations; Branin unchanged.
   */
  restarts?: number;
}

/**
 * The GP's targets: log(y − min + δ) with δ a tenth of the range (order-preserving, compresses
 * the bad tail) or y itself, then shifted and scaled to unit spread; with log |∂target/∂y| summed over the points,
 * which turns the GP's evidence for the targets into a density of the raw values, comparable
 * across warpings.
 */
function standardizeTargets(raw: Float64Array, warping: 'log' | 'none'): { values: Float64Array; logJacobian: number } {
  const n = raw.length;
  const values = Float64Array.from(raw);
  let logJacobian = 0;
  if (warping === 'log') {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const v of raw) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    const delta = Math.max(0.1 * (high - low), 1e-12 * Math.max(1, Math.abs(low)));
    for (let i = 0; i < n; i++) {
      values[i] = Math.log(raw[i]! - low + delta);
      logJacobian -= values[i]!;
    }
  }
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let spread = 0;
  for (const v of values) spread += (v - mean) ** 2;
  spread = Math.sqrt(spread / n);
  if (!(spread > 1e-12)) spread = 1;
  // The GP's prior mean, where no data reaches, is the PRIOR_MEAN_QUANTILE of the targets rather
  // than their mean: half the points a study evaluates sit near its best, so their mean would
  // promise unexplored corners more than the typical point delivers, and EI would chase them.
  const sorted = Array.from(values).sort((a, b) => a - b);
  const center = sorted[Math.min(n - 1, Math.floor(PRIOR_MEAN_QUANTILE * n))]!;
  for (let i = 0; i < n; i++) values[i] = (values[i]! - center) / spread;
  logJacobian -= n * Math.log(spread);
  return { values, logJacobian };
}

const MULTI_START_LIMIT = 64;
/** bench/tune-bo.ts, 20 seeds: 0.5 → Hartmann6 median 42 (11/20 within 45), 0.8 → 35 (13–15/20), 1 → 38.5. */
const PRIOR_MEAN_QUANTILE = 0.8;
const INCUMBENT_SPACING = 0.3;
/**
 * κ of the exploitation steps' μ − κσ. The posterior mean alone (κ = 0) steps no further than
 * the data; a little optimism walks down a slope faster. 120 seeds of each harness: Branin runs
 * within 20 evaluations 161 → 186 of 240, Hartmann6 median 40.5 → 38.5 (direct) and 42.5 → 41
 * (study path); κ = 0.25 and 1 did less.
 */
const EXPLOIT_KAPPA = 0.5;

interface Observation {
  x: Float64Array;
  y: number;
  /** The trial's constraint values, when the study records them. */
  constraints?: readonly number[] | undefined;
}

/** A GP fitted to some observations: their inputs and standardised targets, and what restarts need. */
interface FittedModel {
  xs: Float64Array;
  targets: Float64Array;
  logParams: Float64Array;
  /** The best observation's point. */
  incumbent: Float64Array;
  /** 1 / length scale per dimension. */
  inverseScale: Float64Array;
}

function distance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k]! - b[k]!) ** 2;
  return Math.sqrt(sum);
}

/** A 32-bit mix of integers (murmur3's finaliser over a running FNV-1a hash). */
function mixSeed(...parts: number[]): number {
  let h = FNV_OFFSET_BASIS;
  for (const part of parts) h = fmix32(fnv1aStep(h, part | 0));
  return h | 0;
}

function checkCount(field: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= min)) throw rangeError(`GaussianProcessSampler: options.${field}`, `an integer >= ${min}`, v);
  return v;
}

function checkFlag(field: string, value: boolean | undefined, fallback: boolean): boolean {
  const v = value ?? fallback;
  // A string such as 'false' would otherwise switch the option on.
  if (typeof v !== 'boolean') throw typeError(`GaussianProcessSampler: options.${field}`, 'a boolean', v);
  return v;
}

/** The smallest target among observations whose constraints all hold; Infinity when none does. */
function feasibleBest(observed: readonly Observation[], targets: Float64Array): number {
  let best = Number.POSITIVE_INFINITY;
  observed.forEach((o, i) => {
    if (o.constraints !== undefined && o.constraints.every((c) => c <= 0)) best = Math.min(best, targets[i]!);
  });
  return best;
}

export class GaussianProcessSampler implements Sampler {
  readonly name = 'GaussianProcessSampler';
  private readonly seed: number | undefined;
  private readonly nStartupTrials: number | undefined;
  private readonly candidates: number;
  private readonly fitStarts: number;
  private readonly refine: number;
  private readonly constantLiar: boolean;
  private readonly reuseHyperparameters: boolean;
  private readonly outputWarping: 'log' | 'none' | 'auto';
  private readonly exploitEvery: number;
  private readonly restarts: number;
  private readonly warmStarts = new Map<string, Float64Array>();

  constructor(options: GaussianProcessSamplerOptions = {}) {
    if (options.seed !== undefined && !Number.isInteger(options.seed)) throw rangeError('GaussianProcessSampler: options.seed', 'an integer', options.seed);
    this.seed = options.seed;
    this.nStartupTrials = options.nStartupTrials === undefined ? undefined : checkCount('nStartupTrials', options.nStartupTrials, 10, 1);
    this.candidates = checkCount('candidates', options.candidates, 1000, 1);
    this.fitStarts = checkCount('fitStarts', options.fitStarts, 5, 1);
    this.refine = checkCount('refine', options.refine, 5, 0);
    this.constantLiar = checkFlag('constantLiar', options.constantLiar, true);
    this.reuseHyperparameters = checkFlag('reuseHyperparameters', options.reuseHyperparameters, true);
    this.outputWarping = options.outputWarping ?? 'auto';
    this.exploitEvery = checkCount('exploitEvery', options.exploitEvery, 2, 0);
    this.restarts = checkCount('restarts', options.restarts, 2, 0);
    if (this.outputWarping !== 'log' && this.outputWarping !== 'none' && this.outputWarping !== 'auto') throw rangeError('GaussianProcessSampler: options.outputWarping', "'log', 'none' or 'auto'", this.outputWarping);
  }

  private baseSeed(study: StudyView): number {
    return this.seed ?? study.seed;
  }

  async inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Promise<Record<string, Distribution>> {
    return intersectSearchSpace(await study.getTrials(['complete', 'pruned']));
  }

  async sampleRelative(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Promise<Record<string, ParamValue>> {
    const directions = studyDirections(study);
    if (directions.length > 1) {
      throw new MultiObjectiveError(`GaussianProcessSampler: the study must have one objective, got ${directions.length} (${directions.join(', ')}); use ParEGOSampler (sampler type parego) or NSGAIISampler for several`);
    }
    if (Object.keys(space).length === 0) return {};
    const cube = new UnitCube(space);
    const d = cube.dimension;
    const trials = await study.getTrials(this.constantLiar ? ['complete', 'running', 'pruned'] : ['complete', 'pruned']);
    const observed: Observation[] = [];
    const pending: Float64Array[] = [];
    const prunedObs: Observation[] = [];
    const constraints = constraintCount(trials);
    for (const t of trials) {
      if (t.number === trial.number) continue;
      const x = cube.encode(t.params);
      if (x === undefined) continue;
      if (t.state === 'complete') {
        if (t.value !== null && Number.isFinite(t.value)) observed.push({ x, y: minimizedValue(study.direction, t.value), constraints: constraintRow(t, constraints) });
      } else if (t.state === 'pruned') {
        if (t.value !== null && Number.isFinite(t.value)) prunedObs.push({ x, y: minimizedValue(study.direction, t.value), constraints: constraintRow(t, constraints) });
      } else {
        pending.push(x);
      }
    }
    // A pruned trial's last value was measured early, but the pruner judged it worse than its
    // peers: it enters the GP as no better than the worst complete trial. Under Hyperband most
    // trials are pruned, and leaving them out left the GP blind to most of the study (on digits,
    // BO + Hyperband needed about twice the epochs to reach random search's best without them;
    // docs/tuning-techniques.md has today's figures).
    const completeCount = observed.length;
    if (prunedObs.length > 0) {
      let worst = Number.NEGATIVE_INFINITY;
      for (const o of observed) worst = Math.max(worst, o.y);
      for (const o of prunedObs) observed.push({ ...o, y: completeCount > 0 ? Math.max(o.y, worst) : o.y });
    }

    const startupTrials = this.nStartupTrials ?? Math.min(10, 2 * d + 1);
    if (observed.length < startupTrials) {
      const point = new ScrambledSobol(d, this.baseSeed(study)).point(trial.number);
      projectUniformPoint(point, cube.layout);
      return cube.decode(point);
    }

    const rng = new SeededRandom(mixSeed(this.baseSeed(study), trial.number, 0x6270));
    const key = cube.names.map((name, i) => `${name}:${JSON.stringify(cube.distributions[i])}`).join('|');
    const constrained = observed.filter((o) => o.constraints !== undefined);
    const feasibility = constrained.length === 0 ? [] : fitFeasibilityModels(constrained.map((o) => o.x), constrained.map((o) => o.constraints!), d, rng);
    const exploit = feasibility.length === 0 && this.exploitEvery > 0 && (observed.length - startupTrials) % this.exploitEvery === this.exploitEvery - 1;
    // A searched-out basin is set aside and the GP refitted to the points outside it, up to
    // `restarts` times; each level warm-starts from its own previous fit.
    const regions: ExcludedRegion[] = [];
    let kept = observed;
    for (let level = 0; ; level++) {
      const model = this.fitModel(kept, d, `${level}|${key}`, rng, study.historyOnly === true);
      if (level < this.restarts && feasibility.length === 0 && basinExhausted(kept, model.incumbent, model.inverseScale)) {
        const region: ExcludedRegion = { center: model.incumbent, inverseScale: model.inverseScale, radius: BASIN_RADIUS };
        const outside = kept.filter((o) => !insideRegion(region, o.x));
        if (outside.length >= startupTrials) {
          regions.push(region);
          kept = outside;
          continue;
        }
      }
      return cube.decode(this.propose(model, kept, pending, cube, rng, regions, exploit ? 'mean' : 'ei', feasibility));
    }
  }

  /** The GP's hyperparameters and targets for `observed`, with the warping that explains them best. */
  private fitModel(observed: readonly Observation[], d: number, key: string, rng: SeededRandom, historyOnly: boolean): FittedModel {
    const n = observed.length;
    const xs = new Float64Array(n * d);
    observed.forEach((o, i) => xs.set(o.x, i * d));
    const raw = Float64Array.from(observed, (o) => o.y);
    const warpings: ('log' | 'none')[] = this.outputWarping === 'auto' ? ['log', 'none'] : [this.outputWarping];
    let model: { targets: Float64Array; fit: FitResult; evidence: number } | undefined;
    for (const warping of warpings) {
      const { values: targets, logJacobian } = standardizeTargets(raw, warping);
      const warmKey = `${warping}|${key}`;
      const warmStart = this.reuseHyperparameters && !historyOnly ? this.warmStarts.get(warmKey) : undefined;
      // BFGS from two starts while factorisations are cheap; past MULTI_START_LIMIT observations
      // from one: the warm start when there is one, else the best-scoring start (plus any start
      // that already beats it).
      const optimizedStarts = n <= MULTI_START_LIMIT ? 2 : 1;
      const fit = fitHyperparameters({ x: xs, y: targets, n, d }, { rng, starts: this.fitStarts, optimizedStarts, ...(warmStart === undefined ? {} : { warmStart }) });
      if (this.reuseHyperparameters) this.warmStarts.set(warmKey, fit.logParams);
      // The density of the raw values: the GP's evidence for the transformed ones times the Jacobian.
      const evidence = fit.logMarginalLikelihood + logJacobian;
      if (model === undefined || evidence > model.evidence) model = { targets, fit, evidence };
    }
    const { targets, fit } = model!;
    let incumbent = 0;
    for (let i = 1; i < n; i++) if (targets[i]! < targets[incumbent]!) incumbent = i;
    return { xs, targets, logParams: fit.logParams, incumbent: observed[incumbent]!.x, inverseScale: Float64Array.from(fit.logParams.subarray(0, d), (v) => Math.exp(-v)) };
  }

  /**
   * The acquisition's optimum outside `regions`: EI's maximiser, or the minimiser of
   * μ − EXPLOIT_KAPPA·σ ('mean'), with the pending points entered as constant liars.
   */
  private propose(model: FittedModel, observed: readonly Observation[], pending: readonly Float64Array[], cube: UnitCube, rng: SeededRandom, regions: readonly ExcludedRegion[], criterion: 'ei' | 'mean', feasibility: readonly FeasibilityModel[]): Float64Array {
    const d = cube.dimension;
    const n = observed.length;
    const x = new Float64Array((n + pending.length) * d);
    const y = new Float64Array(n + pending.length);
    x.set(model.xs);
    y.set(model.targets);
    let best = Number.POSITIVE_INFINITY;
    let worst = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      best = Math.min(best, y[i]!);
      worst = Math.max(worst, y[i]!);
    }
    pending.forEach((p, i) => {
      x.set(p, (n + i) * d);
      y[n + i] = criterion === 'mean' ? worst : best;
    });

    // Hyperparameters come from the real observations only; the lies shape the posterior.
    const gp = new GaussianProcess({ x, y, n: n + pending.length, d }, model.logParams);
    const ranked = observed.map((o, i) => i).sort((a, b) => y[a]! - y[b]! || a - b);
    // Up to five of the best points, each at least INCUMBENT_SPACING from the others, so that the
    // local candidates also probe a second basin instead of crowding the first.
    const chosen: number[] = [];
    for (const i of ranked) {
      if (chosen.length >= 5) break;
      if (chosen.some((j) => distance(observed[i]!.x, observed[j]!.x) < INCUMBENT_SPACING)) continue;
      chosen.push(i);
    }
    const incumbents = new Float64Array(chosen.length * d);
    chosen.forEach((i, r) => incumbents.set(observed[i]!.x, r * d));
    const options = { rng, layout: cube.layout, candidates: this.candidates, incumbents, refine: this.refine, exclude: x, excludeRegions: regions, criterion, kappa: EXPLOIT_KAPPA, feasibility };
    // With constraints, improvement counts from the best feasible observation (none: feasibility alone).
    const incumbent = feasibility.length === 0 ? best : feasibleBest(observed, y);
    return maximizeExpectedImprovement(gp, incumbent, options).point;
  }

  async sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue> {
    const cube = new UnitCube({ [name]: distribution });
    const rng = new SeededRandom(mixSeed(this.baseSeed(study), trial.number, fnv1a32(name) | 0));
    const point = new Float64Array(cube.dimension);
    for (let k = 0; k < point.length; k++) point[k] = rng.uniform();
    projectUniformPoint(point, cube.layout);
    return cube.decode(point)[name]!;
  }
}
