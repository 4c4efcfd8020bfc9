// What the scalers share: reading every input shape MLP.predict takes as rows × features, and
// per-column statistics in float64 (population variance, ddof = 0, as scikit-learn).
import { rangeError, typeError } from '../errors.ts';
import { Dataset } from './dataset.ts';

/**
 * Every shape MLP.predict takes: a Dataset, a flat row-major Float32Array, Float64Array or
 * number[] (the feature count known), or number[][] rows.
 */
export type ScalerInput = Dataset | Float32Array | Float64Array | number[] | number[][];

/** What MLP's inference path needs of a fitted scaler (StandardScaler, MinMaxScaler). */
export interface RowScaler {
  readonly features: number | undefined;
  /** Scales source[offset, offset + count) (whole rows) into out[0, count); allocates nothing. */
  transformInto(source: ArrayLike<number>, offset: number, count: number, out: Float32Array | Float64Array): void;
}

/** The features of `data` and their column count, checked against `expected` when given. */
export function readMatrix(field: string, data: ScalerInput, expected: number | undefined): { x: Float32Array | Float64Array; features: number } {
  if (data instanceof Dataset) {
    if (expected !== undefined && data.features !== expected) {
      throw rangeError(`${field}: dataset features`, `${expected}, the count the scaler was fitted on`, data.features);
    }
    return { x: data.x, features: data.features };
  }
  if (Array.isArray(data) && data.length > 0 && typeof data[0] !== 'number') return readRows(field, data as unknown[], expected);
  const flat = Array.isArray(data) ? Float64Array.from(data as number[]) : data;
  if (!(flat instanceof Float32Array || flat instanceof Float64Array)) {
    throw typeError(field, 'a Dataset, a flat Float32Array, Float64Array or number[], or number[][] rows', data);
  }
  if (Array.isArray(data)) {
    const bad = (data as unknown[]).findIndex((v) => typeof v !== 'number');
    if (bad >= 0) throw typeError(`${field}: x[${bad}]`, 'a number', data[bad]);
  }
  if (expected === undefined) throw typeError(`${field}: features`, `given when the data is a flat ${Array.isArray(data) ? 'number[]' : flat.constructor.name}`, expected);
  if (!Number.isInteger(expected) || expected < 1) throw rangeError(`${field}: features`, 'a positive integer', expected);
  if (flat.length % expected !== 0) {
    throw rangeError(`${field}: x.length`, `a multiple of ${expected} features`, flat.length);
  }
  return { x: flat, features: expected };
}

/** number[][] rows as one row-major Float64Array; every row as long as the first (or `expected`). */
function readRows(field: string, rows: readonly unknown[], expected: number | undefined): { x: Float64Array; features: number } {
  const first = rows[0];
  const width = expected ?? (Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<number>).length : 0);
  if (!Number.isInteger(width) || width < 1) throw rangeError(`${field}: x[0].length`, 'a positive integer (one value per feature)', width);
  const x = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) && !(row instanceof Float32Array || row instanceof Float64Array)) throw typeError(`${field}: x[${r}]`, `an array of ${width} numbers`, row);
    if (row.length !== width) throw rangeError(`${field}: x[${r}].length`, `${width}${expected === undefined ? ' (the length of x[0])' : ', the count the scaler was fitted on'}`, row.length);
    for (let c = 0; c < width; c++) {
      const v: unknown = row[c];
      if (typeof v !== 'number') throw typeError(`${field}: x[${r}][${c}]`, 'a number', v);
      x[r * width + c] = v;
    }
  });
  return { x, features: width };
}

/** A buffer for the transform of `like`: float32 where the input is float32, else float64. */
export function outputBuffer(like: ScalerInput, length: number): Float32Array | Float64Array {
  return like instanceof Dataset || like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** `out` shaped like `like`: a Dataset with the same targets, the typed array, a flat number[] or number[][] rows. */
export function wrapLike<T extends ScalerInput>(like: T, out: Float32Array | Float64Array, features: number): T {
  if (like instanceof Dataset) return like.withFeatures(out as Float32Array) as T;
  if (!Array.isArray(like)) return out as T;
  if (typeof like[0] === 'number' || like.length === 0) return Array.from(out) as T;
  return Array.from({ length: out.length / features }, (_, r) => Array.from(out.subarray(r * features, (r + 1) * features))) as T;
}

export interface ColumnStats {
  mean: Float64Array;
  variance: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Two-pass mean and population variance, and the range, of each column. */
export function columnStats(x: ArrayLike<number>, features: number): ColumnStats {
  const rows = x.length / features;
  if (rows === 0) throw rangeError('fit: rows', 'at least 1', rows);
  const mean = new Float64Array(features);
  const variance = new Float64Array(features);
  const min = new Float64Array(features).fill(Infinity);
  const max = new Float64Array(features).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) {
      const v = x[r * features + c]!;
      if (!Number.isFinite(v)) throw rangeError(`fit: x[${r * features + c}] (row ${r}, column ${c})`, 'a finite number', v);
      mean[c]! += v;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
    }
  }
  for (let c = 0; c < features; c++) mean[c]! /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) {
      const d = x[r * features + c]! - mean[c]!;
      variance[c]! += d * d;
    }
  }
  for (let c = 0; c < features; c++) variance[c]! /= rows;
  return { mean, variance, min, max };
}

/** A JSON array of `length` finite numbers, or a TypeError naming the field. */
export function numbersFromJSON(field: string, value: unknown, length?: number): Float64Array {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw typeError(field, 'a non-empty array of finite numbers', value);
  }
  if (length !== undefined && value.length !== length) throw rangeError(`${field}.length`, `${length}`, value.length);
  return Float64Array.from(value as number[]);
}
