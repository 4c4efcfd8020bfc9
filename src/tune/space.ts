// Search-space distributions (optuna/distributions.py): construction with validation, membership,
// a map to and from the unit interval, and the grid of a finite distribution.
//
// The unit map gives every value of a finite distribution an equal slice of [0, 1]: ints and
// stepped floats span [low − step/2, high + step/2] (in log space when log: true) and decode by
// rounding to the grid; categoricals split [0, 1] into one slice per choice, in choice order.
// toUnit returns the centre of a value's slice, so fromUnit(toUnit(v)) === v.
import { describeValue, rangeError, typeError } from '../errors.ts';
import type { Distribution, ParamValue } from './types.ts';

export type FloatDistribution = Extract<Distribution, { type: 'float' }>;
export type IntDistribution = Extract<Distribution, { type: 'int' }>;
export type CategoricalDistribution = Extract<Distribution, { type: 'categorical' }>;

export interface FloatOptions {
  log?: boolean;
  step?: number;
}

export interface IntOptions {
  log?: boolean;
  step?: number;
}

/** Relative tolerance for "(high − low) is a multiple of step" on floats. */
const STEP_TOLERANCE = 1e-9;

function checkBounds(field: string, low: unknown, high: unknown, integer: boolean): asserts low is number {
  const rule = integer ? 'an integer' : 'a finite number';
  const ok = (v: unknown): v is number => typeof v === 'number' && (integer ? Number.isSafeInteger(v) : Number.isFinite(v));
  if (!ok(low)) throw typeError(`${field}: low`, rule, low);
  if (!ok(high)) throw typeError(`${field}: high`, rule, high);
  if (!(low <= high)) throw new RangeError(`${field}: low <= high must hold, got low=${low}, high=${high}`);
}

function stepCount(low: number, high: number, step: number): number {
  const k = (high - low) / step;
  const rounded = Math.round(k);
  return Math.abs(k - rounded) <= STEP_TOLERANCE * Math.max(1, Math.abs(k)) ? rounded : Number.NaN;
}

export function floatDistribution(low: number, high: number, options: FloatOptions = {}): FloatDistribution {
  const field = 'floatDistribution';
  checkBounds(field, low, high, false);
  const log = options.log ?? false;
  if (typeof log !== 'boolean') throw typeError(`${field}: log`, 'a boolean', log);
  if (log && !(low > 0)) throw new RangeError(`${field}: low > 0 must hold when log is true, got low=${low}`);
  if (options.step === undefined) return { type: 'float', low, high, log };
  const step = options.step;
  if (!(typeof step === 'number' && Number.isFinite(step) && step > 0)) throw rangeError(`${field}: step`, 'a finite number > 0', step);
  if (log) throw new RangeError(`${field}: step and log cannot both be set, got step=${step}, log=true`);
  if (Number.isNaN(stepCount(low, high, step))) {
    throw new RangeError(`${field}: (high - low) must be a multiple of step, got low=${low}, high=${high}, step=${step}`);
  }
  return { type: 'float', low, high, log, step };
}

export function intDistribution(low: number, high: number, options: IntOptions = {}): IntDistribution {
  const field = 'intDistribution';
  checkBounds(field, low, high, true);
  const log = options.log ?? false;
  if (typeof log !== 'boolean') throw typeError(`${field}: log`, 'a boolean', log);
  const step = options.step ?? 1;
  if (!(Number.isSafeInteger(step) && step > 0)) throw rangeError(`${field}: step`, 'a positive integer', step);
  if (log && !(low >= 1)) throw new RangeError(`${field}: low >= 1 must hold when log is true, got low=${low}`);
  if (log && step !== 1) throw new RangeError(`${field}: step must be 1 when log is true, got step=${step}`);
  if ((high - low) % step !== 0) {
    throw new RangeError(`${field}: (high - low) must be a multiple of step, got low=${low}, high=${high}, step=${step}`);
  }
  return { type: 'int', low, high, log, step };
}

function isParamValue(v: unknown): v is ParamValue {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

export function categoricalDistribution(choices: readonly ParamValue[]): CategoricalDistribution {
  const field = 'categoricalDistribution: choices';
  if (!Array.isArray(choices)) throw typeError(field, 'an array', choices);
  if (choices.length === 0) throw new RangeError(`${field} must not be empty, got []`);
  const seen: ParamValue[] = [];
  for (const [i, choice] of choices.entries()) {
    if (!isParamValue(choice)) throw typeError(`${field}[${i}]`, 'a finite number, string, boolean or null', choice);
    if (seen.some((s) => Object.is(s, choice))) throw new RangeError(`${field} must be distinct, got ${describeValue(choice)} twice`);
    seen.push(choice);
  }
  return { type: 'categorical', choices: [...choices] };
}

/** Validates a distribution built by hand (e.g. read from a file) by rebuilding it. */
export function validateDistribution(d: Distribution): Distribution {
  if (d === null || typeof d !== 'object') throw typeError('distribution', 'an object', d);
  switch (d.type) {
    case 'float':
      return floatDistribution(d.low, d.high, d.step === undefined ? { log: d.log } : { log: d.log, step: d.step });
    case 'int':
      return intDistribution(d.low, d.high, { log: d.log, step: d.step });
    case 'categorical':
      return categoricalDistribution(d.choices);
    default:
      throw typeError('distribution.type', '"float", "int" or "categorical"', (d as { type: unknown }).type);
  }
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.type === 'categorical' || b.type === 'categorical') {
    return a.type === 'categorical' && b.type === 'categorical' && a.choices.length === b.choices.length && a.choices.every((c, i) => Object.is(c, b.choices[i]));
  }
  return a.type === b.type && a.low === b.low && a.high === b.high && a.log === b.log && (a.step ?? null) === (b.step ?? null);
}

/** A short description for messages: `float(low=0, high=1, log)`. */
export function formatDistribution(d: Distribution): string {
  if (d.type === 'categorical') return `categorical(${d.choices.map((c) => describeValue(c)).join(', ')})`;
  const extras = [d.log ? 'log' : '', d.step !== undefined && !(d.type === 'int' && d.step === 1) ? `step=${d.step}` : ''].filter(Boolean);
  return `${d.type}(low=${d.low}, high=${d.high}${extras.map((e) => `, ${e}`).join('')})`;
}

function onStep(value: number, low: number, step: number): boolean {
  const k = (value - low) / step;
  return Math.abs(k - Math.round(k)) <= STEP_TOLERANCE * Math.max(1, Math.abs(k));
}

export function contains(d: Distribution, value: unknown): boolean {
  if (d.type === 'categorical') return d.choices.some((c) => Object.is(c, value));
  if (typeof value !== 'number' || !Number.isFinite(value) || value < d.low || value > d.high) return false;
  if (d.type === 'int') return Number.isInteger(value) && (value - d.low) % d.step === 0;
  return d.step === undefined || onStep(value, d.low, d.step);
}

type NumericDistribution = FloatDistribution | IntDistribution;

/** The interval [a, b] (in log space when log) that [0, 1] maps onto. */
function unitRange(d: NumericDistribution): [number, number] {
  const half = d.step === undefined ? 0 : d.step / 2;
  if (d.log) return [Math.log(d.low - half), Math.log(d.high + half)];
  return [d.low - half, d.high + half];
}

/** Snaps a value to the distribution: nearest grid point for ints and stepped floats, clamped. */
function snap(d: NumericDistribution, value: number): number {
  if (d.step === undefined) return Math.min(d.high, Math.max(d.low, value));
  const k = Math.min(Math.round((d.high - d.low) / d.step), Math.max(0, Math.round((value - d.low) / d.step)));
  return d.type === 'int' ? d.low + k * d.step : Math.min(d.high, Math.max(d.low, roundToStep(d.low + k * d.step, d.step)));
}

/** Removes binary noise such as 0.30000000000000004 from low + k·step. */
function roundToStep(value: number, step: number): number {
  const digits = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 6));
  return Number(value.toFixed(digits));
}

/** Maps a value of the distribution into [0, 1] (the centre of its slice for finite distributions). */
export function toUnit(d: Distribution, value: ParamValue): number {
  if (!contains(d, value)) throw new RangeError(`toUnit: value must lie in ${formatDistribution(d)}, got ${describeValue(value)}`);
  if (d.type === 'categorical') return (d.choices.findIndex((c) => Object.is(c, value)) + 0.5) / d.choices.length;
  const [a, b] = unitRange(d);
  if (a === b) return 0.5;
  const x = d.log ? Math.log(value as number) : (value as number);
  return Math.min(1, Math.max(0, (x - a) / (b - a)));
}

/** Maps u in [0, 1] to a value of the distribution (rounded to ints and steps, clamped to bounds). */
export function fromUnit(d: Distribution, u: number): ParamValue {
  if (!(typeof u === 'number' && u >= 0 && u <= 1)) throw rangeError('fromUnit: u', 'a number in [0, 1]', u);
  if (d.type === 'categorical') return d.choices[Math.min(d.choices.length - 1, Math.floor(u * d.choices.length))]!;
  const [a, b] = unitRange(d);
  const x = a + u * (b - a);
  return snap(d, d.log ? Math.exp(x) : x);
}

/** The number of values of a finite distribution; Infinity for a continuous float. */
export function gridSize(d: Distribution): number {
  if (d.type === 'categorical') return d.choices.length;
  if (d.type === 'float' && d.step === undefined) return Number.POSITIVE_INFINITY;
  return Math.round((d.high - d.low) / d.step!) + 1;
}

/** Every value of a finite distribution in increasing order (categoricals in choice order). */
export function gridValues(d: Distribution): ParamValue[] {
  if (d.type === 'categorical') return [...d.choices];
  if (d.type === 'float' && d.step === undefined) {
    throw new RangeError(`gridValues: distribution must be finite (int, stepped float or categorical), got ${formatDistribution(d)}`);
  }
  const step = d.step!;
  const n = gridSize(d);
  return Array.from({ length: n }, (_, k) => (d.type === 'int' ? d.low + k * step : Math.min(d.high, roundToStep(d.low + k * step, step))));
}
