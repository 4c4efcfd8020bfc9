// Converts what users pass as x and y (nested arrays or typed arrays) into the row-major
// Float32Array and label/target buffers training uses, checking shapes and values once.
import { rangeError, typeError } from '../errors.ts';
import type { Loss } from './losses.ts';
import type { TargetKind } from './network.ts';

/** number[][] rows, or rows × inputs values row-major in a Float32Array, Float64Array or flat number[]. */
export type FeaturesInput = Float32Array | Float64Array | number[][] | number[];
export type TargetsInput = Int32Array | Float32Array | Float64Array | number[] | number[][];

export interface Features {
  data: Float32Array;
  rows: number;
}

export interface Targets {
  kind: TargetKind;
  labels: Int32Array;
  targets: Float32Array;
}

/** The rows of a typed x (rows × inputs, row-major), with toFeatures' shape checks; values are not read. */
export function featureRows(x: Float32Array | Float64Array, inputs: number, field = 'x'): number {
  if (x.length % inputs !== 0) throw rangeError(`${field}.length`, `a multiple of ${inputs} (rows × inputs, row-major)`, x.length);
  if (x.length === 0) throw rangeError(`${field}`, 'at least one row', 'no rows');
  return x.length / inputs;
}

export function toFeatures(x: FeaturesInput, inputs: number, field = 'x'): Features {
  let data: Float32Array;
  if (Array.isArray(x) && typeof x[0] === 'number') {
    if (x.length % inputs !== 0) throw rangeError(`${field}.length`, `a multiple of ${inputs} (rows × inputs, row-major)`, x.length);
    const bad = x.findIndex((v) => typeof v !== 'number');
    // Stryker disable next-line EqualityOperator: x[0] is a number on this branch, so bad is never 0
    if (bad >= 0) throw typeError(`${field}[${bad}]`, 'a number (x is a flat array of rows × inputs)', x[bad]);
    data = Float32Array.from(x as number[]);
  } else if (Array.isArray(x)) {
    data = new Float32Array(x.length * inputs);
    (x as unknown[]).forEach((row, i) => {
      if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw typeError(`${field}[${i}]`, `an array of ${inputs} numbers`, row);
      const values = row as ArrayLike<number>;
      if (values.length !== inputs) throw rangeError(`${field}[${i}].length`, `${inputs} (the model's inputs)`, values.length);
      data.set(values, i * inputs);
    });
  } else if (x instanceof Float32Array || x instanceof Float64Array) {
    featureRows(x, inputs, field);
    data = x instanceof Float32Array ? x : Float32Array.from(x);
  } else {
    throw typeError(field, 'a Float32Array (rows × inputs, row-major) or an array of rows', x);
  }
  const rows = data.length / inputs;
  if (rows === 0) throw rangeError(`${field}`, 'at least one row', 'no rows');
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw rangeError(`${field}[${Math.floor(i / inputs)}][${i % inputs}]`, 'a finite number', data[i]);
    }
  }
  return { data, rows };
}

/**
 * Class indices for categorical cross-entropy (or one-hot rows), 0/1 targets for binary
 * cross-entropy, real targets for MSE; `rows × outputs` floats in every float case.
 */
export function toTargets(y: TargetsInput, rows: number, outputs: number, loss: Loss, field = 'y'): Targets {
  const flat = Array.isArray(y) ? (Array.isArray(y[0]) ? (y as number[][]).flat() : (y as number[])) : y;
  if (!Array.isArray(flat) && !ArrayBuffer.isView(flat)) throw typeError(field, 'an array or typed array of targets', y);
  if (Array.isArray(y) && Array.isArray(y[0])) {
    (y as number[][]).forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== outputs) throw rangeError(`${field}[${i}].length`, `${outputs} (the model's outputs)`, Array.isArray(row) ? row.length : row);
    });
  }
  const values = flat as ArrayLike<number>;
  if (loss === 'categoricalCrossEntropy' && values.length === rows) {
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const label = values[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= outputs) throw rangeError(`${field}[${i}]`, `a class index in [0, ${outputs - 1}]`, label);
      labels[i] = label;
    }
    return { kind: 'labels', labels, targets: new Float32Array(0) };
  }
  if (values.length !== rows * outputs) {
    const expected = loss === 'categoricalCrossEntropy' ? `${rows} class indices or ${rows}×${outputs} one-hot values` : `${rows}×${outputs} values`;
    throw rangeError(`${field}.length`, expected, values.length);
  }
  const targets = Float32Array.from(values);
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (!Number.isFinite(t)) throw rangeError(`${field}[${Math.floor(i / outputs)}]`, 'finite', t);
    if (loss !== 'mse' && (t < 0 || t > 1)) throw rangeError(`${field}[${Math.floor(i / outputs)}]`, `a probability in [0, 1] for ${loss}`, t);
  }
  return { kind: 'targets', labels: new Int32Array(0), targets };
}

/** Copies the rows order[start..start+rows) into the batch buffers (no allocation). */
export function gatherBatch(
  features: Features, inputs: number, targets: Targets, outputs: number, order: Int32Array, start: number, rows: number,
  x: Float32Array, labels: Int32Array, outs: Float32Array,
): void {
  const source = features.data;
  for (let i = 0; i < rows; i++) {
    const row = order[start + i]!;
    const from = row * inputs;
    const to = i * inputs;
    for (let j = 0; j < inputs; j++) x[to + j] = source[from + j]!;
    if (targets.kind === 'labels') labels[i] = targets.labels[row]!;
    else {
      const t = targets.targets;
      for (let j = 0; j < outputs; j++) outs[i * outputs + j] = t[row * outputs + j]!;
    }
  }
}
