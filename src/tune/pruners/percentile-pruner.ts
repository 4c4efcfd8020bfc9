// Percentile pruning, with the semantics of Optuna's PercentilePruner
// (optuna/pruners/_percentile.py). At the trial's latest step:
//
// - never prune while fewer than nStartupTrials trials are complete, before step nWarmupSteps,
//   or on a report that is not the first to reach a pruning step (pruning steps are
//   nWarmupSteps, nWarmupSteps + intervalSteps, …);
// - otherwise take the trial's best intermediate value so far (NaNs ignored; all NaN prunes) and
//   the given percentile of the complete trials' values at the same step (NaNs ignored, linear
//   interpolation as numpy.nanpercentile; for 'maximize' the (100 − p)-th percentile, so p = 25
//   keeps the top 25% in both directions); prune when the best value is worse than it. Fewer
//   than nMinTrials complete trials reporting at that step means no pruning.
import { rangeError } from '../../errors.ts';
import { isBetter } from '../../train/direction.ts';
import type { Direction, FrozenTrial, Pruner, StudyView } from '../types.ts';
import { readStepValues, readTrialCount, sortedPercentile, stepValuesFromTrials } from '../storage/step-values.ts';
import { reportedSteps } from './intermediate.ts';
import { integerAtLeast } from './options.ts';

export interface PercentileOptions {
  /** No pruning until this many trials are complete (default 5). */
  nStartupTrials?: number;
  /** No pruning before this step (default 0). */
  nWarmupSteps?: number;
  /** Prune only at every intervalSteps-th step after the warm-up (default 1). */
  intervalSteps?: number;
  /** The least number of complete trials with a value at the step for pruning there (default 1). */
  nMinTrials?: number;
}

export class PercentilePruner implements Pruner {
  readonly name: string = 'PercentilePruner';
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  constructor(percentile: number, options: PercentileOptions = {}, owner = 'PercentilePruner') {
    if (typeof percentile !== 'number' || !(percentile >= 0 && percentile <= 100)) {
      throw rangeError(`${owner}: percentile`, 'a number in [0, 100]', percentile);
    }
    this.percentile = percentile;
    this.nStartupTrials = integerAtLeast(`${owner}: nStartupTrials`, options.nStartupTrials ?? 5, 0);
    this.nWarmupSteps = integerAtLeast(`${owner}: nWarmupSteps`, options.nWarmupSteps ?? 0, 0);
    this.intervalSteps = integerAtLeast(`${owner}: intervalSteps`, options.intervalSteps ?? 1, 1);
    this.nMinTrials = integerAtLeast(`${owner}: nMinTrials`, options.nMinTrials ?? 1, 1);
  }

  async shouldPrune(study: StudyView, trial: FrozenTrial): Promise<boolean> {
    const steps = reportedSteps(trial);
    const step = steps.at(-1);
    if (step === undefined || step < this.nWarmupSteps) return false;
    // Is this report the first at or past the nearest pruning step at or below `step`?
    const pruningStep = Math.floor((step - this.nWarmupSteps) / this.intervalSteps) * this.intervalSteps + this.nWarmupSteps;
    const previousStep = steps.at(-2) ?? -Infinity;
    if (previousStep >= pruningStep) return false;

    // A reproducible study compares the trial with lower-numbered complete trials only, once
    // every lower trial has ended (fewer than nStartupTrials of them: no need to wait).
    const lower =
      study.trialsBefore === undefined
        ? undefined
        : trial.number < this.nStartupTrials
          ? []
          : (await study.trialsBefore(trial.number)).filter((t) => t.state === 'complete');
    // Otherwise the study's count and step values, kept as trials finish: no read of every trial
    // (asked together, the study reads what changed once for both).
    const [complete, atStep] =
      lower === undefined ? await Promise.all([readTrialCount(study, ['complete']), readStepValues(study, step, { states: ['complete'] })]) : [lower.length, stepValuesFromTrials(lower, step)];
    if (complete === 0 || complete < this.nStartupTrials) return false;

    const best = bestValue(Object.values(trial.intermediate), study.direction);
    if (Number.isNaN(best)) return true;

    if (atStep.entries.length < this.nMinTrials) return false;
    const bar = sortedPercentile(atStep.ascending(), study.direction === 'maximize' ? 100 - this.percentile : this.percentile);
    if (Number.isNaN(bar)) return false;
    return isBetter(study.direction, bar, best);
  }
}

/** The best of the values (NaNs ignored); NaN when there is none. */
function bestValue(values: readonly number[], direction: Direction): number {
  let best = NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || isBetter(direction, v, best)) best = v;
  }
  return best;
}

/** numpy.nanpercentile with linear interpolation; NaN when every value is NaN. */
export function nanPercentile(values: readonly number[], percentile: number): number {
  return sortedPercentile(values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b), percentile);
}
