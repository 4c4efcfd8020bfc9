// What users pass as x and y (nested arrays, flat arrays, typed arrays) becomes the row-major
// buffers training uses, and each wrong shape or value is refused naming the field, the rule
// and the value.
import { describe, expect, it } from 'vitest';
import { gatherBatch, toFeatures, toTargets } from '../../src/nn/inputs.ts';

describe('toFeatures', () => {
  it('reads rows of numbers, a flat row-major array, a Float64Array and a Float32Array alike', () => {
    const want = Float32Array.of(1, 2, 3, 4, 5, 6);
    for (const x of [[[1, 2], [3, 4], [5, 6]], [1, 2, 3, 4, 5, 6], Float64Array.of(1, 2, 3, 4, 5, 6), want]) {
      expect(toFeatures(x, 2)).toEqual({ data: want, rows: 3 });
    }
    // A Float32Array is used as it is, not copied.
    expect(toFeatures(want, 3).data).toBe(want);
    expect(toFeatures(want, 3).rows).toBe(2);
    // Rows may be typed arrays.
    expect(toFeatures([Float32Array.of(1, 2), Float64Array.of(3, 4)] as unknown as number[][], 2)).toEqual({ data: Float32Array.of(1, 2, 3, 4), rows: 2 });
  });

  it.each([
    ['a flat array not a multiple of inputs', [1, 2, 3], 'RangeError: x.length must be a multiple of 2 (rows × inputs, row-major), got 3'],
    ['a string among flat numbers', [1, 'a', 3, 4], 'TypeError: x[1] must be a number (x is a flat array of rows × inputs), got "a"'],
    ['a row that is not an array', [[1, 2], 7], 'TypeError: x[1] must be an array of 2 numbers, got 7'],
    ['a short row', [[1, 2], [3]], "RangeError: x[1].length must be 2 (the model's inputs), got 1"],
    ['a typed array not a multiple of inputs', Float64Array.of(1, 2, 3), 'RangeError: x.length must be a multiple of 2 (rows × inputs, row-major), got 3'],
    ['a string', 'rows', 'TypeError: x must be a Float32Array (rows × inputs, row-major) or an array of rows, got "rows"'],
    ['an Int32Array', Int32Array.of(1, 2), 'TypeError: x must be a Float32Array (rows × inputs, row-major) or an array of rows, got Int32Array(2)'],
    ['no rows', [], 'RangeError: x must be at least one row, got "no rows"'],
    ['no values', new Float32Array(0), 'RangeError: x must be at least one row, got "no rows"'],
    ['NaN in the second row', [[1, 2], [3, Number.NaN]], 'RangeError: x[1][1] must be a finite number, got NaN'],
    ['Infinity in a flat array', [1, 2, Number.NEGATIVE_INFINITY, 4], 'RangeError: x[1][0] must be a finite number, got -Infinity'],
  ])('refuses %s', (_case, x, message) => {
    const [kind, text] = message.split(/: (.*)/s) as [string, string];
    expect(() => toFeatures(x as never, 2)).toThrow(text);
    expect(() => toFeatures(x as never, 2)).toThrow(kind === 'TypeError' ? TypeError : RangeError);
  });

  it('names the field it is given', () => {
    expect(() => toFeatures([[1, Number.NaN]], 2, 'validationData.x')).toThrow('validationData.x[0][1] must be a finite number, got NaN');
  });
});

describe('toTargets', () => {
  it('reads class indices for categorical cross-entropy from a number[] or an Int32Array', () => {
    for (const y of [[2, 0, 1], Int32Array.of(2, 0, 1), Float32Array.of(2, 0, 1)]) {
      const t = toTargets(y, 3, 3, 'categoricalCrossEntropy');
      expect(t.kind).toBe('labels');
      expect(t.labels).toEqual(Int32Array.of(2, 0, 1));
      expect(t.targets.length).toBe(0);
    }
  });

  it('reads one-hot rows for categorical cross-entropy, and rows of targets for the other losses', () => {
    const oneHot = toTargets([[0, 1], [1, 0], [0, 1]], 3, 2, 'categoricalCrossEntropy');
    expect(oneHot).toEqual({ kind: 'targets', labels: new Int32Array(0), targets: Float32Array.of(0, 1, 1, 0, 0, 1) });
    expect(toTargets([[0.25], [1]], 2, 1, 'binaryCrossEntropy').targets).toEqual(Float32Array.of(0.25, 1));
    expect(toTargets(Float64Array.of(-3.5, 7), 2, 1, 'mse')).toEqual({ kind: 'targets', labels: new Int32Array(0), targets: Float32Array.of(-3.5, 7) });
    // A regressor with one output reads a flat array as one target per row.
    expect(toTargets([1, 2, 3], 3, 1, 'mse').kind).toBe('targets');
  });

  it.each([
    ['a class index past the last class', [0, 3], 'categoricalCrossEntropy', 2, 3, 'RangeError: y[1] must be a class index in [0, 2], got 3'],
    ['a negative class index', [-1, 0], 'categoricalCrossEntropy', 2, 3, 'y[0] must be a class index in [0, 2], got -1'],
    ['a fractional class index', [0, 1.5], 'categoricalCrossEntropy', 2, 3, 'y[1] must be a class index in [0, 2], got 1.5'],
    ['too few labels or one-hot values', [0, 1, 0], 'categoricalCrossEntropy', 2, 3, 'RangeError: y.length must be 2 class indices or 2×3 one-hot values, got 3'],
    ['too few targets', [0.5], 'mse', 2, 1, 'RangeError: y.length must be 2×1 values, got 1'],
    ['a short row', [[1, 2], [3]], 'mse', 2, 2, "RangeError: y[1].length must be 2 (the model's outputs), got 1"],
    ['a non-finite target', [1, Number.NaN], 'mse', 2, 1, 'RangeError: y[1] must be finite, got NaN'],
    ['a non-finite target in a row of two', [[1, 2], [3, Number.POSITIVE_INFINITY]], 'mse', 2, 2, 'RangeError: y[1] must be finite, got Infinity'],
    ['a probability above 1', [[0, 1], [1, 1.5]], 'binaryCrossEntropy', 2, 2, 'RangeError: y[1] must be a probability in [0, 1] for binaryCrossEntropy, got 1.5'],
    ['a negative probability', [-0.25, 1], 'binaryCrossEntropy', 2, 1, 'y[0] must be a probability in [0, 1] for binaryCrossEntropy, got -0.25'],
    ['a one-hot value above 1', [[0, 2], [1, 0]], 'categoricalCrossEntropy', 2, 2, 'y[0] must be a probability in [0, 1] for categoricalCrossEntropy, got 2'],
    ['a number', 5, 'mse', 1, 1, 'TypeError: y must be an array or typed array of targets, got 5'],
  ])('refuses %s', (_case, y, loss, rows, outputs, message) => {
    const [kind, text] = /^(TypeError|RangeError): /.test(message) ? (message.split(/: (.*)/s) as [string, string]) : ['', message];
    expect(() => toTargets(y as never, rows, outputs, loss as never)).toThrow(text);
    if (kind) expect(() => toTargets(y as never, rows, outputs, loss as never)).toThrow(kind === 'TypeError' ? TypeError : RangeError);
  });

  it('accepts the bounds of a probability and of the class range', () => {
    expect(toTargets([0, 1], 2, 1, 'binaryCrossEntropy').targets).toEqual(Float32Array.of(0, 1));
    expect(toTargets([0, 2], 2, 3, 'categoricalCrossEntropy').labels).toEqual(Int32Array.of(0, 2));
  });
});

describe('gatherBatch', () => {
  it('copies the rows named by the order into the batch buffers, with their labels', () => {
    const features = toFeatures([[1, 2], [3, 4], [5, 6], [7, 8]], 2);
    const targets = toTargets([0, 1, 2, 0], 4, 3, 'categoricalCrossEntropy');
    // Buffers of a larger batch: only the first `rows` rows are written.
    const x = new Float32Array(6).fill(-1);
    const labels = new Int32Array(3).fill(-1);
    gatherBatch(features, 2, targets, 3, Int32Array.of(3, 0, 2, 1), 1, 2, x, labels, new Float32Array(0));
    expect(x).toEqual(Float32Array.of(1, 2, 5, 6, -1, -1));
    expect(labels).toEqual(Int32Array.of(0, 2, -1));
  });

  it('copies every output of a row of targets', () => {
    const features = toFeatures([[1], [2], [3]], 1);
    const targets = toTargets([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], 3, 2, 'mse');
    const x = new Float32Array(3).fill(-1);
    const outs = new Float32Array(6).fill(-1);
    gatherBatch(features, 1, targets, 2, Int32Array.of(2, 0, 1), 0, 2, x, new Int32Array(0), outs);
    expect(x).toEqual(Float32Array.of(3, 1, -1));
    expect(outs).toEqual(Float32Array.of(0.5, 0.6, 0.1, 0.2, -1, -1));
  });
});
