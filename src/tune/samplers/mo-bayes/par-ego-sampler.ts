// ParEGO (Knowles, IEEE TEC 2006) as a Sampler: every ask draws its own weights λ on the
// simplex (seeded by the trial number), scalarises each complete trial's objectives by the
// augmented Chebyshev function of their normalised values (scalarize.ts), and lets the GP
// sampler (samplers/bayes) propose the next point for that single objective: the same GP fit,
// expected improvement, Sobol start-up and constant liar. Different asks pull towards different
// parts of the Pareto front. Constraints (systemAttrs.constraints) pass through to the GP
// sampler, which weighs expected improvement by the probability of feasibility.
//
// Pruned trials carry one reported value, not one per objective: they are left out of the
// scalarised history. The sampler keeps nothing between calls but the GP's warm start, which a
// reproducible study's view (historyOnly) turns off.
import { rangeError } from '../../../errors.ts';
import { SeededRandom } from '../../../random/seeded-random.ts';
import { minimizedValue } from '../../../train/direction.ts';
import { isFeasible } from '../../multi-objective/constraints.ts';
import { studyDirections } from '../../multi-objective/directions.ts';
import { nonDominatedRanks } from '../../multi-objective/non-dominated-sort.ts';
import { mixSeeds } from '../../seeds.ts';
import type { Distribution, FrozenTrial, ParamValue, Sampler, StudyView, TrialState } from '../../types.ts';
import { GaussianProcessSampler } from '../bayes/bayes-sampler.ts';
import { augmentedChebyshev, normalization, simplexWeights } from './scalarize.ts';
import { copyTrial } from '../../copy-trial.ts';

export interface ParEGOSamplerOptions {
  /** Seeds the weights and the GP sampler; defaults to the study's seed. */
  seed?: number;
  /** Complete trials before the GP takes over from the Sobol design (default min(10, 2d + 1) in d dimensions). */
  nStartupTrials?: number;
  /** Weight ρ of the augmentation term Σ λ_k u_k (default 0.05, Knowles's). */
  rho?: number;
  /** Random candidates scored by EI per proposal (default 2000). */
  candidates?: number;
  /** Best candidates refined by BFGS (default 10). */
  refine?: number;
  /** Treat running trials as observed at the best scalarised value (default true). */
  constantLiar?: boolean;
}

function scalarizedTrial(t: FrozenTrial, value: number | null): FrozenTrial {
  return { ...t, value, values: value === null ? null : [value] };
}

/**
 * The study as ParEGO's GP sees it for `trial`: one objective to minimise, this ask's f_λ (weights
 * seeded by `seed` and the trial number), null for trials that are not complete with finite values.
 */
export async function scalarizedView(study: StudyView, trial: FrozenTrial, seed: number | undefined, rho: number): Promise<StudyView> {
  const directions = studyDirections(study);
  const all = await study.getTrials();
  const complete = all.filter((t) => t.state === 'complete' && t.values !== null && t.values.length === directions.length && t.values.every(Number.isFinite));
  const minimized = complete.map((t) => t.values!.map((v, k) => minimizedValue(directions[k]!, v)));
  // The front that sets the scale: of the feasible trials when there are any.
  const feasible = complete.map((t) => isFeasible(t));
  const pool = feasible.includes(true) ? minimized.filter((_, i) => feasible[i]) : minimized;
  const ranks = nonDominatedRanks(pool);
  const scale = normalization(minimized, pool.filter((_, i) => ranks[i] === 0));
  const weights = simplexWeights(directions.length, new SeededRandom(mixSeeds(seed ?? study.seed, trial.number, 0x9a2e90)));
  const scalarized = new Map<number, number>();
  complete.forEach((t, i) => scalarized.set(t.number, augmentedChebyshev(minimized[i]!, weights, scale, rho)));
  const trials = all.map((t) => scalarizedTrial(t, scalarized.get(t.number) ?? null));
  return {
    direction: 'minimize',
    directions: ['minimize'],
    seed: study.seed,
    ...(study.historyOnly === undefined ? {} : { historyOnly: study.historyOnly }),
    getTrials: async (states?: readonly TrialState[]) => trials.filter((t) => states === undefined || states.includes(t.state)).map(copyTrial),
  };
}

export class ParEGOSampler implements Sampler {
  readonly name = 'ParEGOSampler';
  private readonly seed: number | undefined;
  private readonly rho: number;
  private readonly gp: GaussianProcessSampler;

  constructor(options: ParEGOSamplerOptions = {}) {
    if (options.seed !== undefined && !Number.isInteger(options.seed)) throw rangeError('ParEGOSampler: options.seed', 'an integer', options.seed);
    const rho = options.rho ?? 0.05;
    if (!(Number.isFinite(rho) && rho >= 0)) throw rangeError('ParEGOSampler: options.rho', 'a finite number >= 0', rho);
    this.seed = options.seed;
    this.rho = rho;
    this.gp = new GaussianProcessSampler({
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.nStartupTrials === undefined ? {} : { nStartupTrials: options.nStartupTrials }),
      candidates: options.candidates ?? 2000,
      refine: options.refine ?? 10,
      constantLiar: options.constantLiar ?? true,
      // The target changes with every ask's weights, so a basin searched out under one λ says
      // nothing about the next: no restarts, and EI on every ask.
      restarts: 0,
      exploitEvery: 0,
    });
  }

  async inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Promise<Record<string, Distribution>> {
    return this.gp.inferRelativeSearchSpace(study, trial);
  }

  async sampleRelative(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Promise<Record<string, ParamValue>> {
    // Stryker disable next-line ConditionalExpression: the GP sampler returns {} for an empty space too; this skips the scalarising
    if (Object.keys(space).length === 0) return {};
    return this.gp.sampleRelative(await scalarizedView(study, trial, this.seed, this.rho), trial, space);
  }

  async sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue> {
    return this.gp.sampleIndependent(study, trial, name, distribution);
  }
}
