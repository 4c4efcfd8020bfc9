// The good/bad split of TPE (Optuna's _split_trials): the `nBelow` best trials are good, the rest
// bad. Complete trials rank first, by value in the study's direction; pruned trials fill what is
// left of the good set, those that went further first and, at the same step, by their last
// reported value; running trials (the constant liar) are always bad. Both sets come back in
// trial-number order, the order the weights are given in.
//
// With constraints (Optuna 3.x's constraints_func in TPE): feasible trials rank before infeasible
// ones, and infeasible ones by their total violation, so while fewer than `nBelow` trials are
// feasible the good set is every feasible trial and the least violating others; past that, it
// is the best feasible trials and every infeasible trial is bad.
import { minimizedValue } from '../../../train/direction.ts';
import { SYSTEM_ATTRS } from '../../system-attrs.ts';
import type { Direction, FrozenTrial } from '../../types.ts';

export interface TrialSplit {
  below: FrozenTrial[];
  above: FrozenTrial[];
}

/** A complete trial's value turned so that smaller is better; a missing or NaN value is worst. */
function orientedValue(trial: FrozenTrial, direction: Direction): number {
  const value = trial.value;
  if (value === null || Number.isNaN(value)) return Number.POSITIVE_INFINITY;
  return minimizedValue(direction, value);
}

/** (−last step, oriented last value): smaller is better; no report ranks after every report. */
function prunedScore(trial: FrozenTrial, direction: Direction): [number, number] {
  let step = Number.NEGATIVE_INFINITY;
  for (const key of Object.keys(trial.intermediate)) step = Math.max(step, Number(key));
  if (step === Number.NEGATIVE_INFINITY) return [1, 0];
  const value = trial.intermediate[step]!;
  if (Number.isNaN(value)) return [-step, Number.POSITIVE_INFINITY];
  return [-step, minimizedValue(direction, value)];
}

const byNumber = (a: FrozenTrial, b: FrozenTrial): number => a.number - b.number;

/**
 * How far a finished trial is from feasible: the sum of its positive constraint values
 * (systemAttrs.constraints, each ≤ 0 satisfied), 0 when feasible. A trial with none recorded, or
 * with a value that is not a number, ranks after every other (Infinity), as in Optuna's TPE.
 */
export function trialViolation(trial: FrozenTrial): number {
  const constraints = trial.systemAttrs[SYSTEM_ATTRS.constraints];
  if (!Array.isArray(constraints)) return Number.POSITIVE_INFINITY;
  let total = 0;
  for (const c of constraints) {
    if (typeof c !== 'number' || Number.isNaN(c)) return Number.POSITIVE_INFINITY;
    if (c > 0) total += c;
  }
  return total;
}

/** True when a complete or pruned trial recorded constraints: the split then honours them. */
export function constraintsRecorded(trials: readonly FrozenTrial[]): boolean {
  return trials.some((t) => (t.state === 'complete' || t.state === 'pruned') && t.systemAttrs[SYSTEM_ATTRS.constraints] !== undefined);
}

/**
 * Splits complete, pruned and running trials; other states are left out. With `violation`, the
 * split honours constraints (running trials count as infinitely violating).
 */
export function splitTrials(trials: readonly FrozenTrial[], nBelow: number, direction: Direction, violation?: (trial: FrozenTrial) => number): TrialSplit {
  if (violation !== undefined) return splitConstrained(trials, nBelow, direction, violation);
  // Scores computed once; Array.prototype.sort is stable, so ties keep trial-number order, as
  // Python's sorted does.
  const complete = trials
    .filter((t) => t.state === 'complete')
    .sort(byNumber)
    .map((trial) => ({ trial, value: orientedValue(trial, direction) }))
    .sort((a, b) => a.value - b.value || 0)
    .map((e) => e.trial);
  const pruned = trials
    .filter((t) => t.state === 'pruned')
    .sort(byNumber)
    .map((trial) => ({ trial, score: prunedScore(trial, direction) }))
    .sort(({ score: [sa, va] }, { score: [sb, vb] }) => sa - sb || (va === vb ? 0 : va < vb ? -1 : 1))
    .map((e) => e.trial);
  const running = trials.filter((t) => t.state === 'running');
  const fromComplete = Math.min(nBelow, complete.length);
  const fromPruned = Math.min(nBelow - fromComplete, pruned.length);
  const below = [...complete.slice(0, fromComplete), ...pruned.slice(0, fromPruned)];
  const above = [...complete.slice(fromComplete), ...pruned.slice(fromPruned), ...running];
  return { below: below.sort(byNumber), above: above.sort(byNumber) };
}

/** Optuna's _split_observation_pairs with violations: by violation first, then by value among the feasible. */
function splitConstrained(trials: readonly FrozenTrial[], nBelow: number, direction: Direction, violation: (trial: FrozenTrial) => number): TrialSplit {
  const scored = trials
    .filter((t) => t.state === 'complete' || t.state === 'pruned' || t.state === 'running')
    .sort(byNumber)
    .map((trial) => ({ trial, violation: trial.state === 'running' ? Number.POSITIVE_INFINITY : violation(trial) }));
  // Stable, so equal violations (Infinity among them) keep trial-number order.
  const byViolation = [...scored].sort((a, b) => (a.violation < b.violation ? -1 : a.violation > b.violation ? 1 : 0));
  if (nBelow >= byViolation.length || byViolation[nBelow]!.violation > 0) {
    return { below: byViolation.slice(0, nBelow).map((e) => e.trial).sort(byNumber), above: byViolation.slice(nBelow).map((e) => e.trial).sort(byNumber) };
  }
  const feasible = scored.filter((e) => e.violation === 0).map((e) => e.trial);
  const infeasible = scored.filter((e) => e.violation !== 0).map((e) => e.trial);
  const { below, above } = splitTrials(feasible, nBelow, direction);
  return { below, above: [...above, ...infeasible].sort(byNumber) };
}
