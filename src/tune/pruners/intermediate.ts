// Reading a trial's learning curve (its reported intermediate values). Pruners keep no history of
// their own: everything they decide from is here, in the storage, as reported by trial.report().
import { valueAt } from '../storage/step-values.ts';
import type { FrozenTrial } from '../types.ts';

/** The steps a trial has reported, ascending. */
export function reportedSteps(trial: FrozenTrial): number[] {
  // Steps are integer keys, which Object.keys already lists ascending and finite: the filter and sort are a guard.
  // Stryker disable next-line MethodExpression: dropping the filter or the sort is equivalent for integer keys
  return Object.keys(trial.intermediate)
    .map(Number)
    .filter((step) => Number.isFinite(step))
    // Stryker disable next-line ArrowFunction,ArithmeticOperator: the keys come sorted already
    .sort((a, b) => a - b);
}

/**
 * The value a trial recorded at a rung: its value at the first reported step ≥ `rungStep`
 * (the report at which it reached the rung), or undefined when it never got that far.
 */
export function valueAtRung(trial: FrozenTrial, rungStep: number): number | undefined {
  return valueAt(trial, rungStep, 'rung');
}
