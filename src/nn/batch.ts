// Loads one batch given as typed arrays straight into a workspace, validating as it copies:
// the path trainOnBatch and predictInto take, which allocates nothing.
import { rangeError, typeError } from '../errors.ts';
import type { Loss } from './losses.ts';
import type { TargetKind } from './network.ts';
import type { Workspace } from './workspace.ts';

/** Rows in a row-major feature array, checked against the model's inputs. */
export function batchRows(x: Float32Array, inputs: number, field = 'x'): number {
  if (!(x instanceof Float32Array)) throw typeError(field, 'a Float32Array (rows × inputs, row-major)', x);
  if (x.length === 0 || x.length % inputs !== 0) throw rangeError(`${field}.length`, `a positive multiple of ${inputs} (rows × inputs)`, x.length);
  return x.length / inputs;
}

/** Rejects a non-finite value among the first `count` entries of x (rows of `inputs`). */
export function checkFinite(x: Float32Array, count: number, inputs: number, field = 'x'): void {
  for (let i = 0; i < count; i++) {
    const v = x[i]!;
    if (!(v - v === 0)) throw rangeError(`${field}[${Math.floor(i / inputs)}][${i % inputs}]`, 'a finite number', v);
  }
}

/** Copies `rows` rows of x starting at row `from` into ws.x, rejecting non-finite values. */
export function copyFeatures(x: Float32Array, from: number, rows: number, inputs: number, ws: Workspace, field = 'x'): void {
  const offset = from * inputs;
  const count = rows * inputs;
  for (let i = 0; i < count; i++) {
    const v = x[offset + i]!;
    if (!(v - v === 0)) throw rangeError(`${field}[${from + Math.floor(i / inputs)}][${i % inputs}]`, 'a finite number', v);
    ws.x[i] = v;
  }
}

/** Copies the batch's targets into ws.labels (class indices) or ws.targets; returns which. */
export function copyTargets(y: Int32Array | Float32Array, rows: number, outputs: number, loss: Loss, ws: Workspace, field = 'y'): TargetKind {
  if (y instanceof Int32Array) {
    if (loss !== 'categoricalCrossEntropy') throw typeError(field, `a Float32Array of ${rows}×${outputs} targets for ${loss}`, y);
    if (y.length !== rows) throw rangeError(`${field}.length`, `${rows} class indices`, y.length);
    for (let i = 0; i < rows; i++) {
      const label = y[i]!;
      if (label < 0 || label >= outputs) throw rangeError(`${field}[${i}]`, `a class index in [0, ${outputs - 1}]`, label);
      ws.labels[i] = label;
    }
    return 'labels';
  }
  if (!(y instanceof Float32Array)) throw typeError(field, 'an Int32Array of class indices or a Float32Array of targets', y);
  if (y.length !== rows * outputs) throw rangeError(`${field}.length`, `${rows}×${outputs} values`, y.length);
  for (let i = 0; i < y.length; i++) {
    const t = y[i]!;
    if (!(t - t === 0) || (loss !== 'mse' && (t < 0 || t > 1))) throw rangeError(`${field}[${Math.floor(i / outputs)}]`, loss === 'mse' ? 'finite' : 'a probability in [0, 1]', t);
    ws.targets[i] = t;
  }
  return 'targets';
}
