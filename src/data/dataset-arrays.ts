// Checks and flattens the arrays handed to Dataset.fromArrays; every message names the cell.
import { rangeError, typeError } from '../errors.ts';
import type { Targets, Task } from './dataset.ts';

type Rows = readonly (readonly number[])[];

function checkValue(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
    throw rangeError(field, 'a finite float32 number', value);
  }
  return value;
}

/** `x` as one row-major Float32Array and its column count. */
export function flattenFeatures(x: Rows | Float32Array, features: number | undefined): { data: Float32Array; features: number } {
  if (x instanceof Float32Array) {
    if (features === undefined) throw typeError('features', 'given when x is a flat Float32Array', features);
    if (!Number.isInteger(features) || features < 1) throw rangeError('features', 'a positive integer', features);
    if (x.length === 0 || x.length % features !== 0) {
      throw rangeError('x.length', `a positive multiple of features=${features}`, x.length);
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]!)) throw rangeError(`x[${i}] (row ${Math.floor(i / features)}, column ${i % features})`, 'a finite number', x[i]);
    }
    return { data: x, features };
  }
  if (!Array.isArray(x) || x.length === 0) throw typeError('x', 'a non-empty array of rows or a Float32Array', x);
  const first: unknown = x[0];
  const width = features ?? (Array.isArray(first) ? first.length : 0);
  if (!Number.isInteger(width) || width < 1) throw rangeError('x[0].length', 'a positive integer (one value per feature)', width);
  const data = new Float32Array(x.length * width);
  x.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw typeError(`x[${r}]`, 'an array of numbers', row);
    if (row.length !== width) throw new RangeError(`x[${r}] has ${row.length} values, expected ${width}`);
    for (let c = 0; c < width; c++) data[r * width + c] = checkValue(`x[${r}][${c}]`, row[c]);
  });
  return { data, features: width };
}

function isClassIndex(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;
}

/** `y` as class labels or regression values, one entry (or one row) per row of x. */
export function flattenTargets(y: readonly number[] | Rows | Targets, rows: number, task: Task | undefined): Targets {
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw typeError('task', '"classification" or "regression"', task);
  }
  if (y instanceof Int32Array || (Array.isArray(y) && !Array.isArray(y[0]))) {
    const values = y as ArrayLike<number>;
    if (values.length !== rows) throw new RangeError(`y has ${values.length} labels, expected ${rows} (one per row of x)`);
    for (let i = 0; i < rows; i++) checkValue(`y[${i}]`, values[i]);
    if (task === 'regression') return Float32Array.from(values);
    if (y instanceof Int32Array) return y;
    let classes = true;
    for (let i = 0; i < rows && classes; i++) classes = isClassIndex(values[i]!);
    if (task === 'classification' && !classes) {
      const bad = Array.from(values).findIndex((v) => !isClassIndex(v));
      throw rangeError(`y[${bad}]`, 'a non-negative integer class index', values[bad]);
    }
    return classes ? Int32Array.from(values) : Float32Array.from(values);
  }
  if (task === 'classification') throw typeError('y', 'class labels (Int32Array or number[]) for classification', y);
  if (y instanceof Float32Array) {
    if (y.length === 0 || y.length % rows !== 0) {
      throw new RangeError(`y has ${y.length} values, expected a positive multiple of ${rows} (rows of x)`);
    }
    for (let i = 0; i < y.length; i++) checkValue(`y[${i}]`, y[i]);
    return y;
  }
  if (!Array.isArray(y)) throw typeError('y', 'an Int32Array, a Float32Array, number[] or number[][]', y);
  if (y.length !== rows) throw new RangeError(`y has ${y.length} rows, expected ${rows} (one per row of x)`);
  const width = (y[0] as readonly number[]).length;
  if (width < 1) throw rangeError('y[0].length', 'a positive integer (one value per output)', width);
  const out = new Float32Array(rows * width);
  (y as Rows).forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw typeError(`y[${r}]`, 'an array of numbers', row);
    if (row.length !== width) throw new RangeError(`y[${r}] has ${row.length} values, expected ${width}`);
    for (let c = 0; c < width; c++) out[r * width + c] = checkValue(`y[${r}][${c}]`, row[c]);
  });
  return out;
}

/** Checks that every label is a class index below `classCount` (when given); returns the largest (−1 if none). */
export function checkLabels(y: Int32Array, classCount: number | undefined): number {
  let largest = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v < 0 || (classCount !== undefined && v >= classCount)) {
      throw rangeError(`y[${i}]`, classCount === undefined ? 'a non-negative class index' : `a class index in [0, ${classCount})`, v);
    }
    if (v > largest) largest = v;
  }
  return largest;
}

/** Checks that every entry of `indices` is a row index in [0, rows). */
export function checkIndices(field: string, indices: Int32Array | readonly number[], rows: number): void {
  if (!(indices instanceof Int32Array) && !Array.isArray(indices)) throw typeError(field, 'an Int32Array or number[] of row indices', indices);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i! < 0 || i! >= rows) throw rangeError(`${field}[${k}]`, `an integer in [0, ${rows})`, i);
  }
}
