// What an objective's result means for its trial: one value per direction, complete; a NaN
// fails it and an infinite value diverges it, as a single value does. A result of the wrong
// shape is a programming error: a typed error naming the rule.
import { describeValue } from '../../errors.ts';
import type { Direction } from '../types.ts';

export type Outcome = { state: 'complete'; values: number[] } | { state: 'failed' | 'diverged'; reason: string };

/** Throws a TypeError or RangeError when `result` is not one number per direction. */
export function checkObjectiveResult(result: unknown, directions: readonly Direction[], field: string): number | number[] {
  const n = directions.length;
  if (typeof result === 'number') {
    if (n === 1) return result;
    throw new RangeError(`${field} must be an array of ${n} numbers (one per direction: ${directions.join(', ')}), got a single number ${result}`);
  }
  if (!Array.isArray(result)) throw new TypeError(`${field} must be ${n === 1 ? 'a number' : `an array of ${n} numbers`}, got ${describeValue(result)}`);
  if (result.length !== n) throw new RangeError(`${field} must hold one value per direction (${n}: ${directions.join(', ')}), got ${result.length} values`);
  result.forEach((v, i) => {
    if (typeof v !== 'number') throw new TypeError(`${field}[${i}] must be a number, got ${describeValue(v)}`);
  });
  return [...(result as number[])];
}

/** The finished state of a checked result. */
export function objectiveOutcome(result: number | readonly number[]): Outcome {
  const values = typeof result === 'number' ? [result] : [...result];
  const at = (i: number): string => (values.length === 1 ? '' : ` at values[${i}]`);
  const nan = values.findIndex((v) => Number.isNaN(v));
  if (nan >= 0) return { state: 'failed', reason: `objective returned NaN${at(nan)}` };
  const infinite = values.findIndex((v) => !Number.isFinite(v));
  if (infinite >= 0) return { state: 'diverged', reason: `objective returned ${values[infinite]}${at(infinite)}` };
  return { state: 'complete', values };
}
