// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel
// Hyperparameter Tuning", MLSys 2020), with the semantics of Optuna's SuccessiveHalvingPruner
// (optuna/pruners/_successive_halving.py):
//
// - Rung k sits at step minResource·η^(minEarlyStoppingRate + k). Rungs at or beyond maxResource
//   (when given) are not promotion points: a trial that gets there has finished its training.
// - When a report takes a trial to or past a rung, the trial's value at that report is its rung
//   value. It is promoted (not pruned) only if it ranks among the top k = max(⌊m/η⌋, 1) of the
//   m rung values of every trial that has reached the rung so far, itself included, in the
//   study's direction. While m < η, k = 1: the first trial at a rung always goes on and the next
//   η − 2 only if they beat everyone before them (Optuna's rule, since no trial can be paused and
//   resumed later).
// - Ties are ranked by trial number, the earlier trial first, so exactly k trials hold the top k
//   as in the paper's top_k. Optuna promotes every trial tied with the k-th value instead; with a
//   coarse metric (accuracy on 360 digits moves in steps of 1/360) that promotes far more than
//   1/η: on the digits benchmark Hyperband then spent 2359 epochs (median) against 2137 here.
// - A NaN value at a rung prunes; fewer than bootstrapCount + 1 values at a rung prune.
//
// Optuna writes the rung values into system attributes; here they are read from the trials'
// intermediate values, so the pruner stays a pure predicate over the StudyView and keeps no
// history: a trial's value at rung k is its value at its first reported step ≥ the rung's step.
// Trials of every state count (a pruned trial's rung values stay, as in Optuna).
//
// A promoted trial continues from its checkpoint: shouldPrune() returning false simply lets the
// objective keep training the same model to the next rung, so promotion costs only the extra
// epochs (the "promoted models continue" accounting of hyperband-brackets.ts).
import { rangeError } from '../../errors.ts';
import { isBetter } from '../../train/direction.ts';
import type { Direction, FrozenTrial, Pruner, StudyView } from '../types.ts';
import { readStepValues, stepValuesFromTrials } from '../storage/step-values.ts';
import { reportedSteps } from './intermediate.ts';
import { integerAtLeast } from './options.ts';

export interface SuccessiveHalvingOptions {
  /** The step of the first rung (before the early-stopping rate), an integer ≥ 1. */
  minResource: number;
  /** η, an integer ≥ 2 (default 3). */
  reductionFactor?: number;
  /** When given, no rung at or beyond this step (an integer ≥ minResource). */
  maxResource?: number;
  /** Shifts every rung up by η^rate (an integer ≥ 0, default 0); Hyperband's brackets use it. */
  minEarlyStoppingRate?: number;
  /** A rung must hold more than this many values before anyone is promoted from it (default 0). */
  bootstrapCount?: number;
}

export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'SuccessiveHalvingPruner';
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly maxResource: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;

  constructor(options: SuccessiveHalvingOptions) {
    const field = (key: string) => `SuccessiveHalvingPruner: ${key}`;
    this.minResource = integerAtLeast(field('minResource'), options.minResource, 1);
    this.reductionFactor = integerAtLeast(field('reductionFactor'), options.reductionFactor ?? 3, 2);
    this.maxResource =
      options.maxResource === undefined ? Infinity : integerAtLeast(field('maxResource'), options.maxResource, this.minResource);
    this.minEarlyStoppingRate = integerAtLeast(field('minEarlyStoppingRate'), options.minEarlyStoppingRate ?? 0, 0);
    this.bootstrapCount = integerAtLeast(field('bootstrapCount'), options.bootstrapCount ?? 0, 0);
  }

  /** The step of rung k: minResource·η^(minEarlyStoppingRate + k). */
  rungStep(k: number): number {
    if (!Number.isSafeInteger(k) || k < 0) throw rangeError('SuccessiveHalvingPruner.rungStep: k', 'an integer >= 0', k);
    return this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + k);
  }

  /** The promotion steps below `upTo` (default maxResource; must be finite then). */
  rungSteps(upTo: number = this.maxResource): number[] {
    if (!Number.isFinite(upTo)) throw rangeError('SuccessiveHalvingPruner.rungSteps: upTo', 'finite (or maxResource set)', upTo);
    const steps: number[] = [];
    for (let k = 0; this.rungStep(k) < Math.min(upTo, this.maxResource); k += 1) steps.push(this.rungStep(k));
    return steps;
  }

  async shouldPrune(study: StudyView, trial: FrozenTrial): Promise<boolean> {
    const steps = reportedSteps(trial);
    const step = steps.at(-1);
    if (step === undefined) return false;
    const previousStep = steps.at(-2) ?? -Infinity;
    const value = trial.intermediate[step]!;

    // Only rungs this report reaches for the first time are decided now; earlier ones were
    // decided by earlier reports (the trial would not be here had it lost one of them).
    for (let k = 0; ; k += 1) {
      const rungStep = this.rungStep(k);
      if (rungStep > step || rungStep >= this.maxResource) return false;
      if (rungStep <= previousStep) continue;
      if (Number.isNaN(value)) return true;
      // A reproducible study compares the trial with lower-numbered trials only, each once it
      // reached the rung or ended: the decision then never depends on which trial ran faster.
      const lower = study.trialsBefore === undefined ? undefined : await study.trialsBefore(trial.number, { reached: rungStep });
      // Otherwise the study's rung values, kept as trials finish: no read of every trial.
      const atRung = lower === undefined ? await readStepValues(study, rungStep, { match: 'rung' }) : stepValuesFromTrials(lower, rungStep, { match: 'rung' });
      // Stryker disable next-line ObjectLiteral: isPromotable skips the trial's own entry; only the count of entries matters
      const competing: RungEntry[] = [{ value, number: trial.number }];
      for (const other of atRung.entries) if (other.number !== trial.number && !Number.isNaN(other.value)) competing.push({ value: other.value, number: other.number });
      if (competing.length <= this.bootstrapCount) return true;
      if (!isPromotable({ value, number: trial.number }, competing, this.reductionFactor, study.direction)) return true;
    }
  }
}

/** A trial's value at a rung. */
export interface RungEntry {
  value: number;
  number: number;
}

/**
 * Does `entry` rank within the top max(⌊m/η⌋, 1) of the m competing entries (itself included),
 * best value first and, among equal values, the lower trial number first?
 */
export function isPromotable(entry: RungEntry, competing: readonly RungEntry[], reductionFactor: number, direction: Direction): boolean {
  const k = Math.max(Math.floor(competing.length / reductionFactor), 1);
  let ahead = 0;
  for (const other of competing) {
    if (other.number === entry.number) continue;
    if (isBetter(direction, other.value, entry.value) || (other.value === entry.value && other.number < entry.number)) ahead += 1;
  }
  return ahead < k;
}
