// A model that owns its input scaler is a whole predictor, as a scikit-learn Pipeline: a saved-
// and-loaded model predicts raw rows as the in-memory scaler-then-model pipeline does, in every
// input shape and through predictInto's chunks; a model without one sees rows as they are.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler, StandardScaler, loadWine, trainTestSplit } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { loadModel, saveModel } from '../../src/nn/model-file.ts';
import { JS } from '../backend/backends.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

// Removed after the file's tests (it was left in the system's temporary folder by every run).
const { dir } = tempFolder('hyperprop-scaler-');
const { train, test } = trainTestSplit(loadWine(), { testSize: 0.3, seed: 3 });

function pipeline(scaler: StandardScaler | MinMaxScaler): MLP {
  scaler.fit(train);
  const model = new MLP({ inputs: 13, layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 2 }, { backend: JS });
  model.fit(scaler.transform(train).x, train.y, { epochs: 30, batchSize: 16, seed: 1 });
  return model;
}

function rowsOf(x: Float32Array, features: number): number[][] {
  return Array.from({ length: x.length / features }, (_, r) => Array.from(x.subarray(r * features, (r + 1) * features)));
}

describe.each([
  ['StandardScaler', () => new StandardScaler()],
  ['MinMaxScaler', () => new MinMaxScaler()],
])('a loaded model with a %s', (name, make) => {
  const scaler = make();
  const model = pipeline(scaler);
  const scaled = scaler.transform(test);
  const path = join(dir, `wine-${name}.json`);
  saveModel(model, path, { scaler });
  const loaded = loadModel(path, { backend: JS });

  it('predicts and evaluates raw rows as the in-memory pipeline', () => {
    const expected = model.evaluate(scaled.x, scaled.y);
    expect(expected.accuracy).toBeGreaterThan(0.85);
    // Raw rows straight into the network (the bug this guards against) score far worse.
    expect(model.evaluate(test.x, test.y).accuracy).toBeLessThan(expected.accuracy! - 0.2);
    expect(loaded.model.inputScaler).toBe(loaded.scaler);
    expect(loaded.model.evaluate(test.x, test.y)).toEqual(expected);
    expect([...loaded.model.predict(test.x)]).toEqual([...model.predict(scaled.x)]);
    expect([...loaded.model.predict(rowsOf(test.x, 13))]).toEqual([...model.predict(scaled.x)]);
    expect([...loaded.model.predict([...test.x])]).toEqual([...model.predict(scaled.x)]);
    expect([...loaded.model.predictProba(Float64Array.from(test.x))]).toEqual([...model.predictProba(scaled.x)]);
  });

  it('scales in predictInto too, also across chunks larger than one workspace', () => {
    const rows = 1300; // past the 512-row inference chunk
    const raw = new Float32Array(rows * 13);
    for (let r = 0; r < rows; r++) raw.set(test.x.subarray((r % test.rows) * 13, (r % test.rows + 1) * 13), r * 13);
    const out = new Float32Array(rows * 3);
    loaded.model.predictInto(raw, out);
    expect([...out]).toEqual([...model.predictProba(scaler.transform(raw))]);
  });

  it('saves its own scaler: a second round trip needs no options', () => {
    const again = join(dir, `wine-${name}-again.json`);
    saveModel(loaded.model, again);
    expect(loadModel(again, { backend: JS }).model.inputScaler?.toJSON()).toEqual(scaler.toJSON());
  });
});

describe('a model without an input scaler', () => {
  it('takes rows as they are (a user who scaled them sees no change)', () => {
    const scaler = new StandardScaler();
    const model = pipeline(scaler);
    expect(model.inputScaler).toBeUndefined();
    const scaled = scaler.transform(test.x);
    const before = model.predictProba(scaled);
    model.inputScaler = scaler;
    expect([...model.predictProba(test.x)]).toEqual([...before]);
    model.inputScaler = undefined;
    expect([...model.predictProba(scaled)]).toEqual([...before]);
  });

  it('refuses a scaler that does not fit the model, naming the rule and the value', () => {
    const model = new MLP({ inputs: 13, layers: [{ units: 3, activation: 'softmax' }] }, { backend: JS });
    expect(() => (model.inputScaler = new StandardScaler().fit(new Float32Array(8), 4))).toThrow(new RangeError("inputScaler.features must be the model's inputs (13), got 4"));
    expect(() => (model.inputScaler = new MinMaxScaler())).toThrow(new TypeError('inputScaler must be fitted (call fit(trainingData) first), got an unfitted MinMaxScaler'));
    const attached = new StandardScaler().fit(new Float32Array(26), 13);
    model.inputScaler = attached;
    attached.fit(new Float32Array(8), 4);
    expect(() => model.predict(new Float32Array(13))).toThrow(new RangeError("inputScaler.features must be the model's inputs (13); it was refitted after it was attached, got 4"));
    expect(() => (model.inputScaler = { features: 13 } as never)).toThrow(new TypeError('inputScaler must be a fitted StandardScaler or MinMaxScaler, or undefined, got Object'));
  });

  it('refuses a flat array whose length is not a multiple of inputs, naming both numbers', () => {
    const model = new MLP({ inputs: 31, layers: [{ units: 2, activation: 'softmax' }] }, { backend: JS });
    const flat = new Array<number>(929).fill(0.5);
    expect(() => model.predict(flat)).toThrow(new RangeError('x.length must be a multiple of 31 (rows × inputs, row-major), got 929'));
    expect(() => model.predict(Float32Array.from(flat))).toThrow(new RangeError('x.length must be a multiple of 31 (rows × inputs, row-major), got 929'));
    expect(model.predict(new Array<number>(930).fill(0.5))).toHaveLength(30);
    expect(() => model.predict([...flat.slice(0, 30), 'x' as unknown as number])).toThrow(new TypeError('x[30] must be a number (x is a flat array of rows × inputs), got "x"'));
  });
});
