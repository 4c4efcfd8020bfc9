// The checks behind Dataset.fromArrays: every message names the cell, and plain number[]
// targets are read as classes only when every value is a class index.
import { describe, expect, it } from 'vitest';
import { checkIndices, checkLabels, flattenFeatures, flattenTargets } from '../../src/data/dataset-arrays.ts';
import { Dataset } from '../../src/data/dataset.ts';

describe('flattenFeatures', () => {
  it('takes a flat Float32Array of one column, and refuses bad column counts', () => {
    const flat = new Float32Array([1, 2, 3]);
    expect(flattenFeatures(flat, 1)).toEqual({ data: flat, features: 1 });
    expect(() => flattenFeatures(flat, 0)).toThrow(new RangeError('features must be a positive integer, got 0'));
    expect(() => flattenFeatures(flat, 1.5)).toThrow('features must be a positive integer, got 1.5');
    expect(() => flattenFeatures(new Float32Array(0), 2)).toThrow('x.length must be a positive multiple of features=2, got 0');
  });

  it('names the row or cell of nested rows that is not a number', () => {
    expect(() => flattenFeatures([[1], 2 as never], undefined)).toThrow(new TypeError('x[1] must be an array of numbers, got 2'));
    expect(() => flattenFeatures([['1' as never]], undefined)).toThrow(new RangeError('x[0][0] must be a finite float32 number, got "1"'));
    expect(() => flattenFeatures([[]], undefined)).toThrow(new RangeError('x[0].length must be a positive integer (one value per feature), got 0'));
    expect(() => flattenFeatures([1, 2] as never, undefined)).toThrow('x[0].length must be a positive integer (one value per feature), got 0');
    expect(() => flattenFeatures([[1, 2]], 1.5)).toThrow('x[0].length must be a positive integer (one value per feature), got 1.5');
    expect(flattenFeatures([[1, 2], [3, 4]], undefined)).toEqual({ data: new Float32Array([1, 2, 3, 4]), features: 2 });
  });
});

describe('flattenTargets', () => {
  it('reads number[] as class labels only when every value is an Int32 class index', () => {
    expect(flattenTargets([0, 2147483647], 2, undefined)).toEqual(new Int32Array([0, 2147483647]));
    expect(flattenTargets([0, 2147483648], 2, undefined)).toEqual(new Float32Array([0, 2147483648]));
    expect(flattenTargets([-1, 0, 1], 3, undefined)).toEqual(new Float32Array([-1, 0, 1]));
    expect(Dataset.fromArrays([[1], [2], [3]], [-1, 0, 1]).task).toBe('regression');
  });

  it('refuses an unknown task, and anything but class labels for classification', () => {
    expect(() => flattenTargets([0, 1], 2, 'ranking' as never)).toThrow(new TypeError('task must be "classification" or "regression", got "ranking"'));
    expect(() => flattenTargets([[0], [1]], 2, 'classification')).toThrow(
      new TypeError('y must be class labels (Int32Array or number[]) for classification, got Array(2)'),
    );
    expect(() => flattenTargets(new Float32Array([0, 1]), 2, 'classification')).toThrow('got Float32Array(2)');
  });

  it('checks every value of a Float32Array, and wants at least one per row', () => {
    expect(() => flattenTargets(new Float32Array(0), 3, undefined)).toThrow('y has 0 values, expected a positive multiple of 3 (rows of x)');
    expect(() => flattenTargets(new Float32Array([1, NaN]), 2, undefined)).toThrow(new RangeError('y[1] must be a finite float32 number, got NaN'));
    const y = new Float32Array([1, 2, 3, 4]);
    expect(flattenTargets(y, 2, 'regression')).toBe(y);
  });

  it('names what is wrong with number[][] targets', () => {
    expect(flattenTargets([[1], [2]], 2, undefined)).toEqual(new Float32Array([1, 2]));
    expect(() => flattenTargets('ab' as never, 2, undefined)).toThrow(
      new TypeError('y must be an Int32Array, a Float32Array, number[] or number[][], got "ab"'),
    );
    expect(() => flattenTargets([[1], [2]], 3, undefined)).toThrow(new RangeError('y has 2 rows, expected 3 (one per row of x)'));
    expect(() => flattenTargets([[], []], 2, undefined)).toThrow(new RangeError('y[0].length must be a positive integer (one value per output), got 0'));
    expect(() => flattenTargets([[1], 2 as never], 2, undefined)).toThrow(new TypeError('y[1] must be an array of numbers, got 2'));
    expect(() => flattenTargets([[1, NaN]], 1, undefined)).toThrow('y[0][1] must be a finite float32 number, got NaN');
  });
});

describe('checkLabels and checkIndices', () => {
  it('checkLabels returns the largest label, −1 for none', () => {
    expect(checkLabels(new Int32Array([0, 0]), undefined)).toBe(0);
    expect(checkLabels(new Int32Array([2, 5, 1]), 6)).toBe(5);
    expect(checkLabels(new Int32Array(0), undefined)).toBe(-1);
    expect(Dataset.fromArrays([[1], [2]], [0, 0]).classCount).toBe(1);
    expect(new Dataset({ x: new Float32Array(0), y: new Int32Array(0), features: 2 }).classNames).toEqual([]);
  });

  it('checkIndices refuses negative, fractional and past-the-end rows, and non-arrays', () => {
    expect(() => checkIndices('rows', [0, -1], 3)).toThrow(new RangeError('rows[1] must be an integer in [0, 3), got -1'));
    expect(() => checkIndices('rows', [3], 3)).toThrow('rows[0] must be an integer in [0, 3), got 3');
    expect(() => checkIndices('rows', new Float64Array([0]) as never, 3)).toThrow(
      new TypeError('rows must be an Int32Array or number[] of row indices, got Float64Array(1)'),
    );
    expect(() => checkIndices('rows', new Int32Array([0, 2]), 3)).not.toThrow();
  });
});
