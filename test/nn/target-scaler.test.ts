// A regressor that owns a target scaler learns standardised targets but speaks the original
// units: predict, predictInto and evaluate's MSE/MAE/R² are in the data's units, the model file
// carries the scaler, and a file written before target scaling existed still loads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler, StandardScaler, loadFriedman1, trainTestSplit } from '../../src/data/index.ts';
import { DataError } from '../../src/errors.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { loadModel, saveModel } from '../../src/nn/model-file.ts';
import { JS } from '../backend/backends.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

// Removed after the file's tests (it was left in the system's temporary folder by every run).
const { dir } = tempFolder('hyperprop-target-');
const { train, test } = trainTestSplit(loadFriedman1(), { testSize: 0.2, seed: 0 });
const inputs = new StandardScaler().fit(train);
const targets = new StandardScaler().fit(train.y as Float32Array, 1);
const config = { inputs: 10, layers: [{ units: 32, activation: 'relu' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const, seed: 4 };
const model = new MLP(config, { backend: JS });
model.fit(inputs.transform(train).x, targets.transform(train.y as Float32Array), { epochs: 40, batchSize: 32, seed: 1 });
model.inputScaler = inputs;
model.targetScaler = targets;

function r2(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]! / y.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) {
    sse += (y[i]! - p[i]!) ** 2;
    sst += (y[i]! - mean) ** 2;
  }
  return 1 - sse / sst;
}

describe('a regressor with a target scaler', () => {
  it('predicts and evaluates in the original units', () => {
    const p = model.predict(test.x) as Float32Array;
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    expect(meanP).toBeGreaterThan(10); // the targets' mean is 14.2; standardised outputs would sit near 0
    const metrics = model.evaluate(test.x, test.y);
    expect(metrics.r2).toBeGreaterThan(0.7);
    expect(metrics.r2).toBeCloseTo(r2(test.y, p), 4);
    let mse = 0;
    for (let i = 0; i < p.length; i++) mse += (test.y[i]! - p[i]!) ** 2 / p.length;
    expect(metrics.mse).toBeCloseTo(mse, 2);
    const out = new Float32Array(test.rows);
    model.predictInto(test.x, out);
    expect([...out]).toEqual([...p]);
  });

  it('is stored in the model file and restored on load', () => {
    const path = join(dir, 'friedman.json');
    saveModel(model, path);
    const loaded = loadModel(path, { backend: JS }).model;
    expect([...loaded.targetScaler!.mean!]).toEqual([...targets.mean!]);
    expect([...(loaded.predict(test.x) as Float32Array)]).toEqual([...(model.predict(test.x) as Float32Array)]);
  });

  it('a file without one (written before target scaling) loads and predicts what the network outputs', () => {
    const path = join(dir, 'old.json');
    saveModel(model, path);
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete json.targetScaler;
    writeFileSync(path, JSON.stringify(json));
    const old = loadModel(path, { backend: JS }).model;
    expect(old.targetScaler).toBeUndefined();
    const p = old.predict(test.x) as Float32Array;
    expect(Math.abs(p.reduce((a, b) => a + b, 0) / p.length)).toBeLessThan(1);
  });

  it('refuses a target scaler that does not fit the model, naming the field', () => {
    const classifier = new MLP({ inputs: 10, layers: [{ units: 2, activation: 'softmax' }] }, { backend: JS });
    expect(() => (classifier.targetScaler = targets)).toThrow('targetScaler must be set on a regressor (loss mse) only, got "categoricalCrossEntropy"');
    const two = new StandardScaler().fit(new Float32Array([1, 2, 3, 4]), 2);
    expect(() => (model.targetScaler = two)).toThrow(RangeError);
    expect(() => (model.targetScaler = two)).toThrow("targetScaler.features must be the model's outputs (1), got 2");
    expect(() => (model.targetScaler = new StandardScaler())).toThrow('targetScaler must be fitted');
    // Targets are restored by a StandardScaler only: a fitted MinMaxScaler is refused by kind.
    expect(() => (model.targetScaler = new MinMaxScaler().fit(Float32Array.of(1, 2), 1) as never)).toThrow(new TypeError('targetScaler must be a fitted StandardScaler, or undefined, got Object'));
    const path = join(dir, 'bad.json');
    saveModel(model, path);
    const json = JSON.parse(readFileSync(path, 'utf8')) as { targetScaler: { mean: number[]; scale: number[] } };
    json.targetScaler.mean = [1, 2];
    json.targetScaler.scale = [1, 1];
    writeFileSync(path, JSON.stringify(json));
    expect(() => loadModel(path, { backend: JS })).toThrow(DataError);
    expect(() => loadModel(path, { backend: JS })).toThrow('targetScaler has 2 targets, but the model has 1 outputs');
  });
});
