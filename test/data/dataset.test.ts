// Dataset: shapes, checked values, subsets.
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.ts';

describe('Dataset.fromArrays', () => {
  it('stores nested rows row-major with class labels', () => {
    const d = Dataset.fromArrays([[1, 2], [3, 4], [5, 6]], [0, 2, 1], { featureNames: ['a', 'b'] });
    expect([...d.x]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.y).toBeInstanceOf(Int32Array);
    expect([...d.y]).toEqual([0, 2, 1]);
    expect([d.rows, d.features, d.classCount, d.outputs, d.task]).toEqual([3, 2, 3, 3, 'classification']);
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(d.classNames).toEqual(['0', '1', '2']);
  });

  it('takes a flat Float32Array with a feature count, and regression targets', () => {
    const d = Dataset.fromArrays(new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([0.5, 1.5]), { features: 3 });
    expect([d.rows, d.features, d.outputs, d.task]).toEqual([2, 3, 1, 'regression']);
    expect(d.featureNames).toEqual(['x0', 'x1', 'x2']);
    expect(() => d.classCount).toThrow('classCount must be read from a classification dataset, got "regression"');
  });

  it('reads number[] targets as regression when fractional or asked, and number[][] as several outputs', () => {
    expect(Dataset.fromArrays([[1], [2]], [0.5, 1]).task).toBe('regression');
    expect(Dataset.fromArrays([[1], [2]], [0, 1], { task: 'regression' }).y).toBeInstanceOf(Float32Array);
    const multi = Dataset.fromArrays([[1], [2]], [[1, 2, 3], [4, 5, 6]]);
    expect([multi.outputs, multi.y.length]).toEqual([3, 6]);
  });

  it('uses classNames for the class count', () => {
    const d = Dataset.fromArrays([[1], [2]], new Int32Array([0, 0]), { classNames: ['a', 'b', 'c'] });
    expect(d.classCount).toBe(3);
  });

  it('names the row, the cell and the count that break the shape', () => {
    const x = [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4, 5]];
    expect(() => Dataset.fromArrays(x, [0, 0, 0, 0])).toThrow('x[3] has 5 values, expected 4');
    expect(() => Dataset.fromArrays([[1, 2], [3, NaN]], [0, 1])).toThrow('x[1][1] must be a finite float32 number, got NaN');
    expect(() => Dataset.fromArrays([[1, Infinity]], [0])).toThrow('x[0][1] must be a finite float32 number, got Infinity');
    expect(() => Dataset.fromArrays([[1e39]], [0])).toThrow('x[0][0] must be a finite float32 number, got 1e+39');
    expect(() => Dataset.fromArrays(new Float32Array([1, 2, 3, NaN]), [0, 1], { features: 2 })).toThrow(
      'x[3] (row 1, column 1) must be a finite number, got NaN',
    );
    expect(() => Dataset.fromArrays(new Float32Array(5), [0], { features: 2 })).toThrow('x.length must be a positive multiple of features=2, got 5');
    expect(() => Dataset.fromArrays(new Float32Array(4), [0, 1])).toThrow('features must be given when x is a flat Float32Array, got undefined');
    expect(() => Dataset.fromArrays([], [])).toThrow('x must be a non-empty array of rows or a Float32Array, got Array(0)');
  });

  it('checks the targets against the rows', () => {
    const x = [[1], [2], [3]];
    expect(() => Dataset.fromArrays(x, [0, 1])).toThrow('y has 2 labels, expected 3 (one per row of x)');
    expect(() => Dataset.fromArrays(x, [0, 1, NaN])).toThrow('y[2] must be a finite float32 number, got NaN');
    expect(() => Dataset.fromArrays(x, new Int32Array([0, -1, 2]))).toThrow('y[1] must be a non-negative class index, got -1');
    expect(() => Dataset.fromArrays(x, [0, 1, 2], { classNames: ['a', 'b'] })).toThrow('y[2] must be a class index in [0, 2), got 2');
    expect(() => Dataset.fromArrays(x, [0, 1.5, 2], { task: 'classification' })).toThrow(
      'y[1] must be a non-negative integer class index, got 1.5',
    );
    expect(() => Dataset.fromArrays(x, new Float32Array(4))).toThrow('y has 4 values, expected a positive multiple of 3 (rows of x)');
    expect(() => Dataset.fromArrays(x, [[1, 2], [3, 4], [5]])).toThrow('y[2] has 1 values, expected 2');
    expect(() => Dataset.fromArrays([[1, 2]], [0], { featureNames: ['a'] })).toThrow('x[0] has 2 values, expected 1');
  });
});

describe('Dataset.subset', () => {
  const d = Dataset.fromArrays([[0, 1], [10, 11], [20, 21], [30, 31]], [0, 1, 2, 1], { featureNames: ['a', 'b'], classNames: ['p', 'q', 'r'] });

  it('copies rows in the given order and keeps the names', () => {
    const s = d.subset([3, 0, 3]);
    expect([...s.x]).toEqual([30, 31, 0, 1, 30, 31]);
    expect([...s.y]).toEqual([1, 0, 1]);
    expect(s.featureNames).toEqual(['a', 'b']);
    expect(s.classNames).toEqual(['p', 'q', 'r']);
    s.x[0] = -1;
    expect(d.x[6]).toBe(30);
  });

  it('keeps regression outputs, even for an empty subset', () => {
    const r = Dataset.fromArrays([[1], [2]], [[1, 2], [3, 4]]);
    expect([...r.subset(new Int32Array([1])).y]).toEqual([3, 4]);
    expect(r.subset([]).outputs).toBe(2);
  });

  it('rejects indices outside the rows', () => {
    expect(() => d.subset([0, 4])).toThrow('indices[1] must be an integer in [0, 4), got 4');
    expect(() => d.subset([0.5])).toThrow('indices[0] must be an integer in [0, 4), got 0.5');
  });

  it('row() is a view of one row', () => {
    expect([...d.row(2)]).toEqual([20, 21]);
    expect(() => d.row(4)).toThrow('row must be an integer in [0, 4), got 4');
  });
});

describe('new Dataset', () => {
  const x = new Float32Array([1, 2, 3, 4, 5, 6]);

  it('names the field, the rule and the value for each broken part', () => {
    expect(() => new Dataset({ x, y: new Int32Array(3), features: 0 })).toThrow(new RangeError('features must be a positive integer, got 0'));
    expect(() => new Dataset({ x, y: new Int32Array(3), features: 1.5 })).toThrow('features must be a positive integer, got 1.5');
    expect(() => new Dataset({ x: [1, 2] as never, y: new Int32Array(1), features: 2 })).toThrow(
      new TypeError('x must be a Float32Array, got Array(2)'),
    );
    expect(() => new Dataset({ x, y: new Int32Array(1), features: 4 })).toThrow('x.length must be a multiple of features=4, got 6');
    expect(() => new Dataset({ x, y: new Int32Array(3), features: 2, featureNames: ['a'] })).toThrow(
      'featureNames.length must be equal to features=2, got 1',
    );
    expect(() => new Dataset({ x, y: new Int32Array(2), features: 2 })).toThrow('y.length must be one label per row (3), got 2');
    expect(() => new Dataset({ x, y: [0, 1, 0] as never, features: 2 })).toThrow(
      new TypeError('y must be an Int32Array of class labels or a Float32Array of regression targets, got Array(3)'),
    );
  });

  it('checks regression targets against rows × outputs', () => {
    expect(() => new Dataset({ x, y: new Float32Array(3), features: 2, classNames: ['a'] })).toThrow(
      new TypeError('classNames must be absent for regression targets (Float32Array y), got Array(1)'),
    );
    expect(() => new Dataset({ x, y: new Float32Array(4), features: 2 })).toThrow(
      new RangeError('y.length must be rows × outputs (3 × a positive integer), got 4'),
    );
    expect(() => new Dataset({ x, y: new Float32Array(6), features: 2, outputs: 3 })).toThrow(
      'y.length must be rows × outputs (3 × a positive integer = 3), got 6',
    );
    expect(() => new Dataset({ x, y: new Float32Array(0), features: 2, outputs: 0 })).toThrow(
      'y.length must be rows × outputs (3 × a positive integer = 0), got 0',
    );
    expect(() => new Dataset({ x, y: new Float32Array(3), features: 2, outputs: 0.5 })).toThrow('= 0.5), got 3');
    expect(() => new Dataset({ x: new Float32Array(0), y: new Float32Array(0), features: 2, outputs: 0 })).toThrow('= 0), got 0');
  });

  it('takes an empty regression set as one output, and has no class names for regression', () => {
    const empty = new Dataset({ x: new Float32Array(0), y: new Float32Array(0), features: 2 });
    expect([empty.rows, empty.outputs, empty.task]).toEqual([0, 1, 'regression']);
    const two = new Dataset({ x, y: new Float32Array(6), features: 2 });
    expect([two.rows, two.outputs]).toEqual([3, 2]);
    expect(two.classNames).toEqual([]);
  });
});

describe('Dataset.withFeatures and withTargets', () => {
  const c = Dataset.fromArrays([[1, 2], [3, 4]], [1, 0], { featureNames: ['a', 'b'], classNames: ['p', 'q'] });
  const r = Dataset.fromArrays([[1], [2]], [[1, 2], [3, 4]], { featureNames: ['a'] });

  it('keep the targets and names with other features of the same shape', () => {
    const scaled = c.withFeatures(new Float32Array([0, 1, 0.5, 0.25]));
    expect([...scaled.x]).toEqual([0, 1, 0.5, 0.25]);
    expect(scaled.y).toBe(c.y);
    expect([scaled.featureNames, scaled.classNames]).toEqual([['a', 'b'], ['p', 'q']]);
    expect(() => c.withFeatures(new Float32Array(3))).toThrow(new RangeError('x must be a Float32Array of 2×2 values, got Float32Array(3)'));
    expect(() => c.withFeatures([0, 1, 2, 3] as never)).toThrow('x must be a Float32Array of 2×2 values, got Array(4)');
  });

  it('withTargets swaps a regression set’s targets and keeps its outputs', () => {
    const swapped = r.withTargets(new Float32Array([9, 8, 7, 6]));
    expect([...swapped.y]).toEqual([9, 8, 7, 6]);
    expect(swapped.x).toBe(r.x);
    expect([swapped.outputs, swapped.task, swapped.featureNames]).toEqual([2, 'regression', ['a']]);
    expect(() => r.withTargets(new Float32Array(2))).toThrow(new RangeError('y must be a Float32Array of 2×2 values, got Float32Array(2)'));
    expect(() => r.withTargets(new Int32Array(4) as never)).toThrow('y must be a Float32Array of 2×2 values, got Int32Array(4)');
    expect(() => c.withTargets(new Float32Array(2))).toThrow(new TypeError('withTargets must be called on a regression dataset, got "classification"'));
  });
});

describe('Dataset rows of several outputs', () => {
  it('subset copies every output of each chosen row', () => {
    const r = Dataset.fromArrays([[1], [2], [3]], [[1, 2], [3, 4], [5, 6]]);
    expect([...r.subset([2, 0, 1]).y]).toEqual([5, 6, 1, 2, 3, 4]);
  });

  it('row() refuses negative and fractional rows', () => {
    const d = Dataset.fromArrays([[1], [2]], [0, 1]);
    expect(() => d.row(-1)).toThrow('row must be an integer in [0, 2), got -1');
    expect(() => d.row(0.5)).toThrow('row must be an integer in [0, 2), got 0.5');
    expect([...d.row(1)]).toEqual([2]);
  });
});
