// MinMaxScaler against hand-computed values and scikit-learn's semantics.
import { describe, expect, it } from 'vitest';
import { loadDigits } from '../../src/data/builtin.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { MinMaxScaler } from '../../src/data/min-max-scaler.ts';

// Columns: [2, 4, 6] (range 4), constant 5, [-1, 0, 3].
const X = new Float32Array([2, 5, -1, 4, 5, 0, 6, 5, 3]);

describe('MinMaxScaler', () => {
  it('maps each training range onto [0, 1]; a constant column maps to 0', () => {
    const s = new MinMaxScaler().fit(X, 3);
    expect([...s.scale!]).toEqual([0.25, 1, 0.25]);
    expect([...s.min!]).toEqual([-0.5, -5, 0.25]);
    expect([...s.transform(X)]).toEqual([0, 0, 0, 0.5, 0, 0.25, 1, 0, 1]);
  });

  it('honours featureRange and inverts', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] });
    const t = s.fitTransform(X, 3);
    expect([...t]).toEqual([-1, -1, -1, 0, -1, -0.5, 1, -1, 1]);
    expect([...s.inverseTransform(t)]).toEqual([...X]);
    expect(() => new MinMaxScaler({ featureRange: [1, 1] })).toThrow('featureRange must be lo < hi, got "[1, 1]"');
  });

  it('uses only the training data: test values may fall outside the range', () => {
    const s = new MinMaxScaler().fit(new Float32Array([0, 10]), 1);
    expect([...s.transform(new Float32Array([-5, 20]))]).toEqual([-0.5, 2]);
  });

  it('on digits equals dividing by 16 for the columns that reach 0 and 16', () => {
    const digits = loadDigits();
    const t = new MinMaxScaler().fitTransform(digits);
    expect(t).toBeInstanceOf(Dataset);
    const c = digits.featureNames.indexOf('pixel_3_3');
    for (let r = 0; r < digits.rows; r++) expect(t.x[r * 64 + c]).toBeCloseTo(digits.x[r * 64 + c]! / 16, 6);
  });

  it('round-trips through JSON and says what is wrong', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit(X, 3);
    const back = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)) as ReturnType<MinMaxScaler['toJSON']>);
    expect(back.featureRange).toEqual([-1, 1]);
    expect([...back.transform(X)]).toEqual([...s.transform(X)]);
    expect(() => new MinMaxScaler().inverseTransform(X)).toThrow('MinMaxScaler.inverseTransform: the scaler is not fitted; call fit(trainingData) first');
    expect(() => s.transform(Dataset.fromArrays([[1, 2]], [0]))).toThrow('transform: dataset features must be 3, the count the scaler was fitted on, got 2');
  });
});

describe('MinMaxScaler options and files', () => {
  it('wants featureRange as a pair of finite numbers', () => {
    for (const bad of [[0], [0, 1, 2], [0, NaN], [NaN, 1], 'ab']) {
      expect(() => new MinMaxScaler({ featureRange: bad as never })).toThrow(/^featureRange must be a pair of finite numbers \[lo, hi\], got /);
    }
    expect(() => new MinMaxScaler({ featureRange: [0, Infinity] })).toThrow(new TypeError('featureRange must be a pair of finite numbers [lo, hi], got Array(2)'));
  });

  it('has no min before fit and hands out a copy after', () => {
    const s = new MinMaxScaler();
    expect(s.min).toBeUndefined();
    s.fit(X, 3);
    s.min![0] = 99;
    expect([...s.min!]).toEqual([-0.5, -5, 0.25]);
  });

  it('fromJSON names what is wrong with the file', () => {
    const json = new MinMaxScaler().fit(X, 3).toJSON();
    expect(() => MinMaxScaler.fromJSON(null as never)).toThrow(new TypeError('json.type must be "MinMaxScaler", got undefined'));
    expect(() => MinMaxScaler.fromJSON('MinMaxScaler' as never)).toThrow('json.type must be "MinMaxScaler", got undefined');
    expect(() => MinMaxScaler.fromJSON({ ...json, type: 'StandardScaler' } as never)).toThrow('json.type must be "MinMaxScaler", got "StandardScaler"');
    expect(() => MinMaxScaler.fromJSON({ ...json, scale: 'x' } as never)).toThrow('json.scale must be a non-empty array of finite numbers, got "x"');
    expect(() => MinMaxScaler.fromJSON({ ...json, min: [0] })).toThrow('json.min.length must be 3, got 1');
    expect(() => MinMaxScaler.fromJSON({ ...json, scale: [0, 1, 1] })).toThrow(new RangeError('json.scale[0] must be positive, got 0'));
    expect(() => MinMaxScaler.fromJSON({ ...json, scale: [1, 1, -2] })).toThrow('json.scale[2] must be positive, got -2');
  });
});
