// The space a Parzen estimator works in (Optuna's _calculate_parzen_bounds and internal repr):
// floats as they are, log-scaled floats and ints as their logarithm, categoricals as the index of
// the choice. Ints and stepped floats own [v − step/2, v + step/2], so their kernels span
// [low − step/2, high + step/2] and their densities are masses over those bins. These are the
// intervals src/tune/space.ts maps [0, 1] onto, so decoding goes through fromUnit and snaps to
// the grid exactly as the rest of the tuner does.
import { contains, fromUnit } from '../../space.ts';
import type { Distribution, ParamValue } from '../../types.ts';

export type NumericDistribution = Exclude<Distribution, { type: 'categorical' }>;

export interface ParzenBounds {
  low: number;
  high: number;
  /** The bin width of an int or stepped float (not on a log scale, where bins vary); undefined for continuous ones. */
  step: number | undefined;
}

export function parzenBounds(d: NumericDistribution): ParzenBounds {
  if (d.log) return d.type === 'int' ? { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5), step: undefined } : { low: Math.log(d.low), high: Math.log(d.high), step: undefined };
  if (d.step === undefined) return { low: d.low, high: d.high, step: undefined };
  return { low: d.low - d.step / 2, high: d.high + d.step / 2, step: d.step };
}

/** A value's coordinate in the estimator's space; undefined when the distribution does not hold it. */
export function toInternal(d: Distribution, value: ParamValue | undefined): number | undefined {
  if (value === undefined || !contains(d, value)) return undefined;
  if (d.type === 'categorical') return d.choices.findIndex((c) => Object.is(c, value));
  return d.log ? Math.log(value as number) : (value as number);
}

/** The distribution's value at a coordinate: the nearest grid value for ints and steps, clamped to the bounds. */
export function toExternal(d: Distribution, x: number): ParamValue {
  if (d.type === 'categorical') return d.choices[Math.min(d.choices.length - 1, Math.max(0, Math.round(x)))]!;
  const { low, high } = parzenBounds(d);
  const u = high > low ? (x - low) / (high - low) : 0.5;
  return fromUnit(d, Math.min(1, Math.max(0, u)));
}

/** True when the distribution holds one value only (nothing to sample). */
export function isSingle(d: Distribution): boolean {
  return d.type === 'categorical' ? d.choices.length === 1 : d.low === d.high;
}
