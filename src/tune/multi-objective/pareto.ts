// The Pareto front (optuna/study/_multi_objective.py): a trial is on it when no other trial is at
// least as good on every objective and better on one. bestTrials honours constraints: the front of
// the feasible trials, or, when none is feasible, of those that violate the constraints least.
import { isBetter, minimizedValue } from '../../train/direction.ts';
import type { Direction, FrozenTrial } from '../types.ts';
import { totalViolation } from './constraints.ts';

/** Does `a` dominate `b`: no worse on every objective, strictly better on one? */
export function dominates(directions: readonly Direction[], a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  // Stryker disable next-line EqualityOperator: one index past the end compares undefined, never better
  for (let i = 0; i < directions.length; i++) {
    const d = directions[i]!;
    if (isBetter(d, b[i]!, a[i]!)) return false;
    if (isBetter(d, a[i]!, b[i]!)) better = true;
  }
  return better;
}

/**
 * The trials that no other one dominates, in number order. Each trial must hold one value per
 * direction. Sorted lexicographically (each objective turned to be minimised), so only a trial
 * sorted before can dominate a trial, and one off the front is dominated by one on it: each trial
 * is checked against the front so far.
 */
export function paretoFront<T extends Pick<FrozenTrial, 'number' | 'values'>>(trials: readonly T[], directions: readonly Direction[]): T[] {
  const lexicographic = (a: T, b: T): number => {
    // Stryker disable next-line EqualityOperator: past the end d is NaN, which sort reads as a tie, as the trial numbers' order below
    for (let i = 0; i < directions.length; i++) {
      const d = minimizedValue(directions[i]!, a.values![i]!) - minimizedValue(directions[i]!, b.values![i]!);
      if (d !== 0) return d;
    }
    // Stryker disable next-line ArithmeticOperator: equal points never dominate each other, and the front is re-sorted by number
    return a.number - b.number;
  };
  const front: T[] = [];
  for (const t of [...trials].sort(lexicographic)) {
    if (!front.some((f) => dominates(directions, f.values!, t.values!))) front.push(t);
  }
  return front.sort((a, b) => a.number - b.number);
}

/**
 * The best trials of a study: the Pareto front of its complete trials that are feasible; when
 * none is feasible, the front of the complete trials with the least total violation. Empty when
 * no trial is complete.
 */
export function bestTrials(trials: readonly FrozenTrial[], directions: readonly Direction[]): FrozenTrial[] {
  return paretoFront(
    leastViolating(trials.filter((t) => t.state === 'complete' && t.values !== null && t.values.length === directions.length)),
    directions,
  );
}

/** The trials that are feasible, or, when none is, those with the least total violation. */
export function leastViolating(trials: readonly FrozenTrial[]): FrozenTrial[] {
  const violation = trials.map((t) => totalViolation(t));
  const least = Math.min(...violation);
  return trials.filter((_, i) => violation[i] === least);
}
