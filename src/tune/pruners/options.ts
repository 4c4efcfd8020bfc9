// Option checks shared by the pruners. Messages follow src/errors.ts: the field, the rule, the value.
import { rangeError } from '../../errors.ts';

/** `value` must be an integer ≥ `min`; returns it. `field` names the owner, e.g. `MedianPruner: nWarmupSteps`. */
export function integerAtLeast(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw rangeError(field, `an integer >= ${min}`, value);
  }
  return value;
}
