// Hyperband as a pruner (Li et al., JMLR 2018), with the semantics of Optuna's HyperbandPruner
// (optuna/pruners/_hyperband.py): a set of successive-halving brackets, one
// SuccessiveHalvingPruner each, over whatever sampler the study uses. Bayesian optimisation plus
// Hyperband is `{ sampler, pruner: new HyperbandPruner({ maxResource }) }`.
//
// - Brackets: with s_max = ⌊log_η(maxResource / minResource)⌋ there are s_max + 1 of them.
//   Bracket b (0 … s_max) is the paper's s = s_max − b: its rungs start at minResource·η^b
//   (minEarlyStoppingRate = b), so bracket 0 is the most aggressive.
// - Assignment: a trial's bracket depends on its number alone (deterministic, the same in every
//   worker, nothing stored). The number is hashed and taken modulo the total budget
//   Σ_b n_b, where n_b = ⌈(s_max + 1)·η^s / (s + 1)⌉ is the paper's n for s = s_max − b;
//   bracket b owns a share n_b of that range. For maxResource/minResource = 81 and η = 3 the
//   budgets are 81, 34, 15, 8, 5 (143 in all), so about 57% of trials land in bracket 0. Optuna
//   hashes `${studyName}_${number}` with CRC-32; the StudyView has no name, so the number alone is
//   hashed here (a murmur3 finaliser).
// - Pruning: a trial is judged by its bracket's successive-halving rule (see
//   successive-halving-pruner.ts), comparing it only with trials of the same bracket.
// - Unlike Optuna, no rung sits at or beyond maxResource: a trial that has trained to
//   maxResource is finished, never pruned at the last step (the paper's final round keeps all
//   n_s configurations).
//
// A promoted trial continues from its checkpoint: the objective keeps training the same model
// while shouldPrune() says false, so a bracket costs the "promoted models continue" total of
// hyperband-brackets.ts. The pruner is asynchronous (ASHA) rather than the paper's synchronous
// rounds: trials are never paused waiting for a round to fill.
import { rangeError } from '../../errors.ts';
import { fmix32 } from '../../random/hash.ts';
import type { FrozenTrial, LowerTrialsOptions, Pruner, StepValueQuery, StudyView, TrialState } from '../types.ts';
import { stepValuesOf } from '../storage/step-values.ts';
import { ceilDiv, floorLog } from './hyperband-brackets.ts';
import { integerAtLeast } from './options.ts';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.ts';

export interface HyperbandOptions {
  /** The first rung of the most aggressive bracket (an integer ≥ 1, default 1). */
  minResource?: number;
  /** R: the most steps (epochs) a trial trains for (an integer ≥ minResource). */
  maxResource: number;
  /** η, an integer ≥ 2 (default 3). */
  reductionFactor?: number;
  /** Passed to every bracket's SuccessiveHalvingPruner (default 0). */
  bootstrapCount?: number;
}

/** murmur3's 32-bit finaliser: a well-mixed hash of a non-negative safe integer. */
function hashTrialNumber(trialNumber: number): number {
  return fmix32(trialNumber ^ fmix32(Math.floor(trialNumber / 2 ** 32)));
}

export class HyperbandPruner implements Pruner {
  readonly name = 'HyperbandPruner';
  readonly minResource: number;
  readonly maxResource: number;
  readonly reductionFactor: number;
  /** Bracket b's share of the trial budget (the paper's n for s = s_max − b). */
  readonly bracketBudgets: readonly number[];
  private readonly pruners: readonly SuccessiveHalvingPruner[];
  private readonly totalBudget: number;

  constructor(options: HyperbandOptions) {
    const field = (key: string) => `HyperbandPruner: ${key}`;
    this.minResource = integerAtLeast(field('minResource'), options.minResource ?? 1, 1);
    this.maxResource = integerAtLeast(field('maxResource'), options.maxResource, this.minResource);
    this.reductionFactor = integerAtLeast(field('reductionFactor'), options.reductionFactor ?? 3, 2);
    const bootstrapCount = integerAtLeast(field('bootstrapCount'), options.bootstrapCount ?? 0, 0);

    // Largest s with minResource·η^s ≤ maxResource, in integers.
    const sMax = floorLog(Math.floor(this.maxResource / this.minResource), this.reductionFactor);
    const budgets: number[] = [];
    const pruners: SuccessiveHalvingPruner[] = [];
    for (let b = 0; b <= sMax; b += 1) {
      const s = sMax - b;
      budgets.push(ceilDiv((sMax + 1) * this.reductionFactor ** s, s + 1));
      pruners.push(
        new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: this.reductionFactor,
          maxResource: this.maxResource,
          minEarlyStoppingRate: b,
          bootstrapCount,
        }),
      );
    }
    this.bracketBudgets = budgets;
    this.pruners = pruners;
    // Stryker disable next-line ArithmeticOperator: a negated total gives the same remainders in bracketOf (x % -m === x % m for x >= 0)
    this.totalBudget = budgets.reduce((sum, n) => sum + n, 0);
  }

  get nBrackets(): number {
    return this.pruners.length;
  }

  /** The bracket (0 … nBrackets − 1) of trial `trialNumber`; deterministic in the number alone. */
  bracketOf(trialNumber: number): number {
    if (!Number.isSafeInteger(trialNumber) || trialNumber < 0) {
      throw rangeError('HyperbandPruner.bracketOf: trialNumber', 'an integer >= 0', trialNumber);
    }
    let n = hashTrialNumber(trialNumber) % this.totalBudget;
    for (let b = 0; b < this.bracketBudgets.length; b += 1) {
      n -= this.bracketBudgets[b]!;
      if (n < 0) return b;
    }
    // Stryker disable next-line StringLiteral: unreachable (see the loop above)
    throw new Error('HyperbandPruner.bracketOf: unreachable');
  }

  /** The successive-halving pruner of bracket b (its rungs: `bracketPruner(b).rungSteps()`). */
  bracketPruner(bracket: number): SuccessiveHalvingPruner {
    const pruner = this.pruners[bracket];
    if (pruner === undefined) throw rangeError('HyperbandPruner.bracketPruner: bracket', `an integer in [0, ${this.nBrackets - 1}]`, bracket);
    return pruner;
  }

  async shouldPrune(study: StudyView, trial: FrozenTrial): Promise<boolean> {
    const bracket = this.bracketOf(trial.number);
    return this.bracketPruner(bracket).shouldPrune(this.bracketView(study, bracket), trial);
  }

  /** The study as seen from one bracket: only the trials assigned to it. */
  private bracketView(study: StudyView, bracket: number): StudyView {
    return {
      direction: study.direction,
      seed: study.seed,
      getTrials: async (states?: readonly TrialState[]) =>
        (await study.getTrials(states)).filter((t) => this.bracketOf(t.number) === bracket),
      ...(study.stepValues === undefined
        ? {}
        : { stepValues: async (step: number, query?: StepValueQuery) => stepValuesOf((await study.stepValues!(step, query)).entries.filter((e) => this.bracketOf(e.number) === bracket)) }),
      ...(study.trialsBefore === undefined
        ? {}
        : {
            trialsBefore: (number: number, options: LowerTrialsOptions = {}) =>
              study.trialsBefore!(number, { ...options, include: (m) => this.bracketOf(m) === bracket && (options.include?.(m) ?? true) }),
          }),
    };
  }
}
