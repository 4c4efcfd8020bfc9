// One batch of typed arrays is validated as it is copied into a workspace (trainOnBatch and
// predictInto's path): the values land where the kernels read them, and a bad one is named by
// its row and column.
import { describe, expect, it } from 'vitest';
import { batchRows, checkFinite, copyFeatures, copyTargets } from '../../src/nn/batch.ts';
import { resolveConfig } from '../../src/nn/config.ts';
import { createWorkspace } from '../../src/nn/workspace.ts';
import { JS } from '../backend/backends.ts';

const workspace = () => createWorkspace(JS, resolveConfig({ inputs: 2, layers: [{ units: 3, activation: 'softmax' }] }), 4);

describe('batchRows', () => {
  it('counts the rows of a Float32Array of rows × inputs', () => {
    expect(batchRows(new Float32Array(6), 3)).toBe(2);
    expect(batchRows(new Float32Array(1), 1)).toBe(1);
  });

  it('refuses anything else, naming the field', () => {
    expect(() => batchRows([1, 2] as never, 2)).toThrow(new TypeError('x must be a Float32Array (rows × inputs, row-major), got Array(2)'));
    expect(() => batchRows(new Float32Array(0), 2, 'rows')).toThrow(new RangeError('rows.length must be a positive multiple of 2 (rows × inputs), got 0'));
    expect(() => batchRows(new Float32Array(5), 2)).toThrow(new RangeError('x.length must be a positive multiple of 2 (rows × inputs), got 5'));
  });
});

describe('checkFinite', () => {
  it('checks the first `count` values only, naming a bad one by row and column', () => {
    const x = Float32Array.of(1, 2, 3, Number.POSITIVE_INFINITY, Number.NaN, 0);
    expect(() => checkFinite(x, 3, 2)).not.toThrow();
    expect(() => checkFinite(x, 4, 2)).toThrow(new RangeError('x[1][1] must be a finite number, got Infinity'));
    expect(() => checkFinite(Float32Array.of(0, 0, 0, 0, Number.NaN), 5, 2, 'batch')).toThrow(new RangeError('batch[2][0] must be a finite number, got NaN'));
  });
});

describe('copyFeatures', () => {
  it('copies `rows` rows from row `from` into the workspace', () => {
    const ws = workspace();
    ws.x.fill(-1);
    copyFeatures(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), 1, 2, 2, ws);
    expect(Array.from(ws.x)).toEqual([3, 4, 5, 6, -1, -1, -1, -1]);
  });

  it('names a non-finite value by its row in the whole array', () => {
    const ws = workspace();
    expect(() => copyFeatures(Float32Array.of(1, 2, Number.NaN, 4), 0, 2, 2, ws)).toThrow(new RangeError('x[1][0] must be a finite number, got NaN'));
    expect(() => copyFeatures(Float32Array.of(1, 2, 3, 4, 5, Number.NaN), 1, 2, 2, ws, 'rows')).toThrow(new RangeError('rows[2][1] must be a finite number, got NaN'));
  });
});

describe('copyTargets', () => {
  it('copies class indices into ws.labels and float targets into ws.targets, and says which', () => {
    const ws = workspace();
    ws.labels.fill(-1);
    expect(copyTargets(Int32Array.of(2, 0), 2, 3, 'categoricalCrossEntropy', ws)).toBe('labels');
    // Only the batch's rows are written.
    expect(Array.from(ws.labels)).toEqual([2, 0, -1, -1]);
    expect(copyTargets(Float32Array.of(0, 0, 1, 1, 0, 0), 2, 3, 'categoricalCrossEntropy', ws)).toBe('targets');
    expect(Array.from(ws.targets.subarray(0, 6))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(copyTargets(Float32Array.of(-7, 9.5), 2, 1, 'mse', ws)).toBe('targets');
    expect(Array.from(ws.targets.subarray(0, 2))).toEqual([-7, 9.5]);
    // The bounds of the class range and of a probability are accepted.
    expect(() => copyTargets(Int32Array.of(0, 2), 2, 3, 'categoricalCrossEntropy', ws)).not.toThrow();
    expect(() => copyTargets(Float32Array.of(0, 1), 2, 1, 'binaryCrossEntropy', ws)).not.toThrow();
  });

  it.each([
    ['class indices for a regressor', Int32Array.of(0, 1), 1, 'mse', new TypeError('y must be a Float32Array of 2×1 targets for mse, got Int32Array(2)')],
    ['too few class indices', Int32Array.of(0), 3, 'categoricalCrossEntropy', new RangeError('y.length must be 2 class indices, got 1')],
    ['a class index past the last', Int32Array.of(0, 3), 3, 'categoricalCrossEntropy', new RangeError('y[1] must be a class index in [0, 2], got 3')],
    ['a negative class index', Int32Array.of(-1, 0), 3, 'categoricalCrossEntropy', new RangeError('y[0] must be a class index in [0, 2], got -1')],
    ['a plain array', [0, 1], 1, 'mse', new TypeError('y must be an Int32Array of class indices or a Float32Array of targets, got Array(2)')],
    ['too few targets', Float32Array.of(1, 2, 3), 2, 'mse', new RangeError('y.length must be 2×2 values, got 3')],
    ['a non-finite regression target', Float32Array.of(1, Number.NaN), 1, 'mse', new RangeError('y[1] must be finite, got NaN')],
    ['a probability above 1', Float32Array.of(0, 1, 0.5, 1.25), 2, 'binaryCrossEntropy', new RangeError('y[1] must be a probability in [0, 1], got 1.25')],
    ['a negative probability', Float32Array.of(-0.5, 1), 1, 'binaryCrossEntropy', new RangeError('y[0] must be a probability in [0, 1], got -0.5')],
    ['a NaN probability', Float32Array.of(0, Number.NaN), 1, 'binaryCrossEntropy', new RangeError('y[1] must be a probability in [0, 1], got NaN')],
  ])('refuses %s', (_case, y, outputs, loss, error) => {
    expect(() => copyTargets(y as never, 2, outputs, loss as never, workspace())).toThrow(error);
  });
});
