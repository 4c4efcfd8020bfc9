// Scalers take every shape MLP.predict takes and hand it back in that shape.
import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from '../../src/data/min-max-scaler.ts';
import { columnStats, numbersFromJSON } from '../../src/data/scaler-input.ts';
import { StandardScaler } from '../../src/data/standard-scaler.ts';

const rows = [
  [1, 10, -3],
  [2, 30, 5],
  [4, 20, 1],
  [7, 60, 2],
];
const flat = rows.flat();

describe.each([
  ['StandardScaler', () => new StandardScaler()],
  ['MinMaxScaler', () => new MinMaxScaler()],
])('%s input shapes', (_, make) => {
  const fitted = make().fit(Float32Array.from(flat), 3);
  const expected = Array.from(fitted.transform(Float32Array.from(flat)));

  it('transforms number[][] rows into rows, as the flat Float32Array', () => {
    const out = fitted.transform(rows);
    expect(out).toHaveLength(4);
    out.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r * 3 + c]!, 6)));
    expect(fitted.inverseTransform(out).flat().map((v) => Math.round(v * 1e4) / 1e4)).toEqual(flat);
  });

  it('transforms a flat number[] and a Float64Array in their own shape', () => {
    const fromArray = fitted.transform(flat);
    expect(Array.isArray(fromArray)).toBe(true);
    fromArray.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    const fromF64 = fitted.transform(Float64Array.from(flat));
    expect(fromF64).toBeInstanceOf(Float64Array);
    fromF64.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('fits on rows as on the flat array (the width read from the rows)', () => {
    expect(make().fit(rows).toJSON()).toEqual(fitted.toJSON());
    expect(make().fit(flat, 3).toJSON()).toEqual(fitted.toJSON());
  });

  it('names the field, the rule and the value for a bad shape', () => {
    expect(() => fitted.transform([[1, 2, 3], [4, 5]])).toThrow(new RangeError('transform: x[1].length must be 3, the count the scaler was fitted on, got 2'));
    expect(() => fitted.transform(flat.slice(1))).toThrow(new RangeError('transform: x.length must be a multiple of 3 features, got 11'));
    expect(() => fitted.transform([[1, 2, '3' as unknown as number]])).toThrow(new TypeError('transform: x[0][2] must be a number, got "3"'));
    expect(() => make().fit(flat)).toThrow(new TypeError('fit: features must be given when the data is a flat number[], got undefined'));
  });
});

describe.each([
  ['StandardScaler', () => new StandardScaler()],
  ['MinMaxScaler', () => new MinMaxScaler()],
])('%s, before fit and on odd input', (name, make) => {
  it('has no statistics and no feature count before fit, and names the method called too early', () => {
    const s = make();
    expect([s.scale, s.features]).toEqual([undefined, undefined]);
    for (const method of ['transform', 'inverseTransform', 'toJSON'] as const) {
      expect(() => (s[method] as (x: unknown) => unknown)(flat)).toThrow(`${name}.${method}: the scaler is not fitted; call fit(trainingData) first`);
    }
    expect(() => s.transformInto(flat, 0, 3, new Float64Array(3))).toThrow(`${name}.transformInto: the scaler is not fitted`);
  });

  it('names inverseTransform in the shape errors of its input', () => {
    expect(() => make().fit(flat, 3).inverseTransform(flat.slice(1))).toThrow(
      new RangeError('inverseTransform: x.length must be a multiple of 3 features, got 11'),
    );
  });

  it('hands out copies of its statistics, and knows its feature count', () => {
    const s = make().fit(flat, 3);
    expect(s.features).toBe(3);
    const before = [...s.scale!];
    s.scale![0] = 123;
    expect([...s.scale!]).toEqual(before);
  });

  it('transforms whole rows from an offset into the front of a caller’s buffer and leaves the rest alone', () => {
    const s = make().fit(flat, 3);
    const out = new Float64Array(9).fill(-7);
    s.transformInto(flat, 3, 6, out);
    const expected = s.transform(flat.slice(3, 9));
    expect([...out.subarray(0, 6)]).toEqual(expected);
    expect([...out.subarray(6)]).toEqual([-7, -7, -7]);
  });

  it('fits on number[][] rows of one column and on typed-array rows', () => {
    const one = make().fit([[1], [3]]);
    expect(one.features).toBe(1);
    expect(one.transform([[3]])).toHaveLength(1);
    const typed = make().fit([Float32Array.from(rows[0]!), Float64Array.from(rows[1]!), rows[2]!, rows[3]!] as never);
    expect(typed.toJSON()).toEqual(make().fit(rows).toJSON());
  });

  it('maps an empty array to an empty array, but cannot fit on no rows', () => {
    const s = make().fit(flat, 3);
    expect(s.transform([] as number[])).toEqual([]);
    expect(() => make().fit([] as number[], 3)).toThrow(new RangeError('fit: rows must be at least 1, got 0'));
  });

  it('names the field, the rule and the value for every other bad input', () => {
    const s = make();
    expect(() => s.fit('abc' as never, 3)).toThrow(new TypeError('fit must be a Dataset, a flat Float32Array, Float64Array or number[], or number[][] rows, got "abc"'));
    expect(() => s.fit(new Int32Array(3) as never, 3)).toThrow('fit must be a Dataset, a flat Float32Array, Float64Array or number[], or number[][] rows, got Int32Array(3)');
    expect(() => s.fit([1, '2', 3] as never, 3)).toThrow(new TypeError('fit: x[1] must be a number, got "2"'));
    expect(() => s.fit([1, 2, '3'] as never, 3)).toThrow('fit: x[2] must be a number, got "3"');
    expect(() => s.fit(flat, 0)).toThrow(new RangeError('fit: features must be a positive integer, got 0'));
    expect(() => s.fit(flat, 1.5)).toThrow('fit: features must be a positive integer, got 1.5');
    expect(() => s.fit([[]])).toThrow(new RangeError('fit: x[0].length must be a positive integer (one value per feature), got 0'));
    expect(() => s.fit(['ab', 'cd'] as never)).toThrow('fit: x[0].length must be a positive integer (one value per feature), got 0');
    expect(() => s.fit(rows, 1.5)).toThrow('fit: x[0].length must be a positive integer (one value per feature), got 1.5');
    expect(() => s.fit([[1, 2], 'ab'] as never)).toThrow(new TypeError('fit: x[1] must be an array of 2 numbers, got "ab"'));
    expect(() => s.fit([[1, 2, 3], [4, 5]])).toThrow(new RangeError('fit: x[1].length must be 3 (the length of x[0]), got 2'));
    expect(() => s.fit([1, 2, 3, NaN, 5, 6], 3)).toThrow(new RangeError('fit: x[3] (row 1, column 0) must be a finite number, got NaN'));
  });
});

describe('numbersFromJSON', () => {
  it('takes a non-empty array of finite numbers of the given length', () => {
    expect(numbersFromJSON('json.mean', [1, -2.5], 2)).toEqual(new Float64Array([1, -2.5]));
    for (const bad of ['1', [], [1, null], [1, '2'], [1, Infinity], { 0: 1 }]) {
      expect(() => numbersFromJSON('json.mean', bad)).toThrow(/^json\.mean must be a non-empty array of finite numbers, got /);
    }
    expect(() => numbersFromJSON('json.mean', [1, 2], 3)).toThrow(new RangeError('json.mean.length must be 3, got 2'));
  });
});

describe('columnStats', () => {
  it('gives each column’s mean, population variance and range', () => {
    const stats = columnStats(new Float64Array([1, 10, 3, 30, 8, 20]), 2);
    expect([...stats.mean]).toEqual([4, 20]);
    expect([...stats.variance]).toEqual([26 / 3, 200 / 3]);
    expect([...stats.min]).toEqual([1, 10]);
    expect([...stats.max]).toEqual([8, 30]);
  });
});
