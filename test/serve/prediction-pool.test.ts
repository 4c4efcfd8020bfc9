// PredictionPool: answers equal the model's own predict/predictProba bit for bit, from a
// snapshot taken at construction, with the scaler applied on the worker; bad rows are refused
// on the calling thread, worker errors keep their class, and a closed pool refuses calls.
import { afterAll, describe, expect, it } from 'vitest';
import { MinMaxScaler, loadIris } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { PredictionPool } from '../../src/serve/prediction-pool.ts';

const iris = loadIris();
const scaler = new MinMaxScaler().fit(iris);
const x = scaler.transform(iris).x;
const model = new MLP({ inputs: 4, layers: [{ units: 16, activation: 'relu', batchNorm: true }, { units: 3, activation: 'softmax' }], seed: 4 });
model.fit(x, iris.y, { epochs: 3, monitorGradients: false });
const expectedLabels = model.predict(x);
const expectedProba = model.predictProba(x);
const pool = new PredictionPool(model, { threads: 2, scaler });
// The pool holds a snapshot: retraining the model afterwards does not reach it.
model.fit(x, iris.y, { epochs: 1, monitorGradients: false });

afterAll(() => pool.close());

const rows = (from: number, count: number): Float32Array => iris.x.slice(from * 4, (from + count) * 4);

describe('PredictionPool', () => {
  it('answers many concurrent requests on 2 threads with the labels and outputs of the model it was given', async () => {
    expect([pool.threads, pool.inputs, pool.outputs]).toEqual([2, 4, 3]);
    const starts = Array.from({ length: 40 }, (_, i) => (i * 37) % 140);
    const answers = await Promise.all(starts.map((s) => pool.predict(rows(s, 10))));
    answers.forEach((labels, i) => expect(labels).toEqual(expectedLabels.subarray(starts[i]!, starts[i]! + 10)));
    expect(await pool.predictProba(iris.x)).toEqual(expectedProba);
    const nested = Array.from({ length: 3 }, (_, r) => Array.from(iris.x.subarray(r * 4, r * 4 + 4)));
    expect(await pool.predict(nested)).toEqual(expectedLabels.subarray(0, 3));
  });

  it('leaves the caller\'s rows intact (copied or shared, never transferred away)', async () => {
    const request = rows(5, 4);
    await pool.predict(request);
    expect(request.length).toBe(16);
    const shared = new Float32Array(new SharedArrayBuffer(16 * 4));
    shared.set(request);
    expect(await pool.predict(shared)).toEqual(expectedLabels.subarray(5, 9));
  });

  it('refuses bad rows on the calling thread and brings worker errors back with their class', async () => {
    await expect(pool.predict(new Float32Array(7))).rejects.toThrow(new RangeError('x.length must be a multiple of 4 (rows × inputs, row-major), got 7'));
    await expect(pool.predict(Float32Array.of(1, 2, Number.NaN, 4))).rejects.toThrow(new RangeError('x[0][2] must be a finite number, got NaN'));
    const regressor = new MLP({ inputs: 2, layers: [{ units: 1, activation: 'linear' }] });
    const regression = new PredictionPool(regressor, { threads: 1 });
    try {
      expect(await regression.predict(Float32Array.of(1, 2))).toEqual(regressor.predict(Float32Array.of(1, 2)));
      const error = await regression.predictProba(Float32Array.of(1, 2)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('predictProba must be called on a classifier (loss categoricalCrossEntropy or binaryCrossEntropy), got "mse"');
    } finally {
      await regression.close();
    }
    await expect(regression.predict(Float32Array.of(1, 2))).rejects.toThrow('the prediction pool is closed');
  });

  it("applies the model's own inputScaler when no scaler is given (a loaded model)", async () => {
    const owner = new MLP(model.config);
    owner.parameters.set(model.parameters);
    owner.state.set(model.state);
    const expected = owner.predictProba(x);
    owner.inputScaler = scaler;
    const own = new PredictionPool(owner, { threads: 1 });
    try {
      expect(await own.predictProba(iris.x)).toEqual(expected);
    } finally {
      await own.close();
    }
  });

  it('checks its options', () => {
    expect(() => new PredictionPool(model, { threads: 0 })).toThrow(new RangeError('threads must be a positive integer, got 0'));
    expect(() => new PredictionPool({} as MLP)).toThrow(TypeError);
    expect(() => new PredictionPool(model, { scaler: new MinMaxScaler().fit(new Float32Array(6), 3) })).toThrow(new RangeError("scaler.features must be the model's inputs (4), got 3"));
  });
});
