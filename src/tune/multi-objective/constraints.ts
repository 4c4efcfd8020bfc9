// Constraints as Optuna stores them: systemAttrs.constraints, one value per constraint, each ≤ 0
// satisfied. Recorded when a trial finishes (complete or pruned), so finished trials never change.
import { describeValue } from '../../errors.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { FrozenTrial } from '../types.ts';

/** The constraint values recorded on a trial; undefined when none were. */
export function trialConstraints(trial: Pick<FrozenTrial, 'systemAttrs'>): readonly number[] | undefined {
  const constraints = trial.systemAttrs[SYSTEM_ATTRS.constraints];
  return Array.isArray(constraints) ? (constraints as number[]) : undefined;
}

/** Every constraint ≤ 0. A trial with none recorded is feasible (as in Optuna's best_trials). */
export function isFeasible(trial: Pick<FrozenTrial, 'systemAttrs'>): boolean {
  return totalViolation(trial) === 0;
}

/** How far a trial is from feasible: the sum of its positive constraint values (0 when feasible). */
export function totalViolation(trial: Pick<FrozenTrial, 'systemAttrs'>): number {
  let total = 0;
  // Stryker disable next-line ArrayDeclaration,EqualityOperator: a string's characters are never > 0; adding a 0 changes no sum
  for (const c of trialConstraints(trial) ?? []) if (c > 0) total += c;
  return total;
}

/** Constraint values as given to tell or returned by a constraints function: numbers, none NaN. */
export function checkConstraints(constraints: unknown, field: string): number[] {
  if (!Array.isArray(constraints)) throw new TypeError(`${field} must be an array of numbers (each ≤ 0 is feasible), got ${describeValue(constraints)}`);
  constraints.forEach((c, i) => {
    if (typeof c !== 'number' || Number.isNaN(c)) throw new TypeError(`${field}[${i}] must be a number (not NaN), got ${describeValue(c)}`);
  });
  return [...(constraints as number[])];
}
