// What the scalers share: reading a Dataset or a flat Float32Array as rows × features, and
// per-column statistics in float64 (population variance, ddof = 0, as scikit-learn).
import { rangeError, typeError } from '../errors.ts';
import { Dataset } from './dataset.ts';

export type ScalerInput = Dataset | Float32Array;

/** The features of `data` and their column count, checked against `expected` when given. */
export function readMatrix(field: string, data: ScalerInput, expected: number | undefined): { x: Float32Array; features: number } {
  if (data instanceof Dataset) {
    if (expected !== undefined && data.features !== expected) {
      throw rangeError(`${field}: dataset features`, `${expected}, the count the scaler was fitted on`, data.features);
    }
    return { x: data.x, features: data.features };
  }
  if (!(data instanceof Float32Array)) throw typeError(field, 'a Dataset or a Float32Array', data);
  if (expected === undefined) throw typeError(`${field}: features`, 'given when the data is a flat Float32Array', expected);
  if (!Number.isInteger(expected) || expected < 1) throw rangeError(`${field}: features`, 'a positive integer', expected);
  if (data.length % expected !== 0) {
    throw rangeError(`${field}: x.length`, `a multiple of ${expected} features`, data.length);
  }
  return { x: data, features: expected };
}

/** `x` wrapped like `like`: a Dataset with the same targets, or the bare array. */
export function wrapLike<T extends ScalerInput>(like: T, x: Float32Array): T {
  return (like instanceof Dataset ? like.withFeatures(x) : x) as T;
}

export interface ColumnStats {
  mean: Float64Array;
  variance: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Two-pass mean and population variance, and the range, of each column. */
export function columnStats(x: Float32Array, features: number): ColumnStats {
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
