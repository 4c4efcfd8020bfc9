// Scalers take every shape MLP.predict takes and hand it back in that shape.
import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from '../../src/data/min-max-scaler.ts';
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
