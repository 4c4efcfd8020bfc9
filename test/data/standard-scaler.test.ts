// StandardScaler against hand-computed values and scikit-learn's semantics (ddof = 0; a
// constant column keeps scale 1).
import { describe, expect, it } from 'vitest';
import { loadIris } from '../../src/data/builtin.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { StandardScaler } from '../../src/data/standard-scaler.ts';

// Columns: [1, 2, 3, 4] (mean 2.5, population var 1.25), constant 7, [0, 0, 0, 8] (mean 2, var 12).
const X = new Float32Array([1, 7, 0, 2, 7, 0, 3, 7, 0, 4, 7, 8]);

describe('StandardScaler', () => {
  it('learns the mean and the population std; a constant column gets scale 1', () => {
    const s = new StandardScaler().fit(X, 3);
    expect([...s.mean!]).toEqual([2.5, 7, 2]);
    expect([...s.scale!]).toEqual([Math.sqrt(1.25), 1, Math.sqrt(12)]);
    const t = s.transform(X);
    const r = Math.sqrt(1.25);
    const expected = [-1.5 / r, 0, -2 / Math.sqrt(12), -0.5 / r, 0, -2 / Math.sqrt(12), 0.5 / r, 0, -2 / Math.sqrt(12), 1.5 / r, 0, 6 / Math.sqrt(12)];
    t.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('treats a column of equal non-representable values as constant', () => {
    const s = new StandardScaler().fit(new Float32Array([0.1, 0.1, 0.1]), 1);
    expect(s.scale![0]).toBe(1);
  });

  it('transforms to zero mean and unit population variance, and inverts', () => {
    const s = new StandardScaler();
    const t = s.fitTransform(X, 3);
    for (const c of [0, 2]) {
      const col = [0, 1, 2, 3].map((r) => t[r * 3 + c]!);
      const mean = col.reduce((a, b) => a + b) / 4;
      expect(mean).toBeCloseTo(0, 6);
      expect(col.reduce((a, v) => a + (v - mean) ** 2, 0) / 4).toBeCloseTo(1, 5);
    }
    s.inverseTransform(t).forEach((v, i) => expect(v).toBeCloseTo(X[i]!, 5));
  });

  it('matches scikit-learn on iris (mean_ and scale_)', () => {
    const s = new StandardScaler().fit(loadIris());
    [5.84333333, 3.05733333, 3.758, 1.19933333].forEach((m, i) => expect(s.mean![i]).toBeCloseTo(m, 6));
    [0.82530129, 0.43441097, 1.75940407, 0.75969263].forEach((v, i) => expect(s.scale![i]).toBeCloseTo(v, 6));
  });

  it('withMean and withStd off', () => {
    expect([...new StandardScaler({ withMean: false }).fitTransform(new Float32Array([2, 4]), 1)]).toEqual([2, 4]);
    expect([...new StandardScaler({ withStd: false }).fitTransform(new Float32Array([2, 4]), 1)]).toEqual([-1, 1]);
  });

  it('returns a Dataset for a Dataset, with the same targets and names', () => {
    const d = Dataset.fromArrays([[1, 10], [3, 30]], [0, 1], { featureNames: ['a', 'b'] });
    const t = new StandardScaler().fitTransform(d);
    expect(t).toBeInstanceOf(Dataset);
    expect([...t.x]).toEqual([-1, -1, 1, 1]);
    expect(t.y).toBe(d.y);
    expect(t.featureNames).toEqual(['a', 'b']);
  });

  it('round-trips through JSON', () => {
    const s = new StandardScaler().fit(X, 3);
    const json = JSON.parse(JSON.stringify(s)) as ReturnType<StandardScaler['toJSON']>;
    expect(json.type).toBe('StandardScaler');
    expect([...StandardScaler.fromJSON(json).transform(X)]).toEqual([...s.transform(X)]);
    expect(() => StandardScaler.fromJSON({ ...json, scale: [1, 0, 1] })).toThrow('json.scale[1] must be positive, got 0');
    expect(() => StandardScaler.fromJSON({ ...json, scale: [1] })).toThrow('json.scale.length must be 3, got 1');
    expect(() => StandardScaler.fromJSON({ ...json, type: 'MinMaxScaler' } as never)).toThrow('json.type must be "StandardScaler", got "MinMaxScaler"');
  });

  it('says what is wrong before fit and with the wrong feature count', () => {
    const s = new StandardScaler();
    expect(() => s.transform(X)).toThrow('StandardScaler.transform: the scaler is not fitted; call fit(trainingData) first');
    expect(() => s.toJSON()).toThrow('StandardScaler.toJSON: the scaler is not fitted');
    expect(() => s.fit(X)).toThrow('fit: features must be given when the data is a flat Float32Array, got undefined');
    s.fit(X, 3);
    expect(() => s.transform(new Float32Array(8))).toThrow('transform: x.length must be a multiple of 3 features, got 8');
    const wide = Dataset.fromArrays([[1, 2, 3, 4]], [0]);
    expect(() => s.transform(wide)).toThrow('transform: dataset features must be 3, the count the scaler was fitted on, got 4');
    expect(() => new StandardScaler().fit(new Float32Array([1, NaN]), 2)).toThrow('fit: x[1] (row 0, column 1) must be a finite number, got NaN');
  });
});

describe('StandardScaler options, inverse into a buffer, and files', () => {
  it('has no mean before fit', () => {
    expect(new StandardScaler().mean).toBeUndefined();
  });

  it('wants withMean and withStd as booleans', () => {
    expect(() => new StandardScaler({ withMean: 1 as never })).toThrow(new TypeError('withMean must be a boolean, got 1'));
    expect(() => new StandardScaler({ withStd: 'no' as never })).toThrow(new TypeError('withStd must be a boolean, got "no"'));
  });

  it('withStd false keeps scale 1 for a spread column, withMean false keeps mean 0', () => {
    const noStd = new StandardScaler({ withStd: false }).fit(new Float32Array([2, 6]), 1);
    expect([[...noStd.mean!], [...noStd.scale!]]).toEqual([[4], [1]]);
    const noMean = new StandardScaler({ withMean: false }).fit(new Float32Array([2, 6]), 1);
    expect([[...noMean.mean!], [...noMean.scale!]]).toEqual([[0], [2]]);
    expect(noMean.features).toBe(1);
    const copy = noMean.mean!;
    copy[0] = 5;
    expect(noMean.mean![0]).toBe(0);
  });

  it('inverseTransformInto maps whole rows from an offset back to the data’s units and writes nothing past count', () => {
    const s = new StandardScaler().fit(X, 3);
    const scaled = s.transform(X);
    const out = new Float64Array(9).fill(-7);
    s.inverseTransformInto(scaled, 3, 6, out);
    [...X.subarray(3, 9)].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
    expect([...out.subarray(6)]).toEqual([-7, -7, -7]);
    expect(() => new StandardScaler().inverseTransformInto(scaled, 0, 3, out)).toThrow(
      'StandardScaler.inverseTransformInto: the scaler is not fitted; call fit(trainingData) first',
    );
  });

  it('fromJSON keeps withMean and withStd and names what is wrong with the file', () => {
    const json = new StandardScaler({ withMean: false, withStd: false }).fit(X, 3).toJSON();
    const back = StandardScaler.fromJSON(json);
    expect([back.withMean, back.withStd]).toEqual([false, false]);
    expect(() => StandardScaler.fromJSON(null as never)).toThrow(new TypeError('json.type must be "StandardScaler", got undefined'));
    expect(() => StandardScaler.fromJSON('StandardScaler' as never)).toThrow('json.type must be "StandardScaler", got undefined');
    expect(() => StandardScaler.fromJSON({ ...json, mean: [] })).toThrow('json.mean must be a non-empty array of finite numbers, got Array(0)');
    expect(() => StandardScaler.fromJSON({ ...json, scale: [-1, 1, 1] })).toThrow(new RangeError('json.scale[0] must be positive, got -1'));
  });
});
