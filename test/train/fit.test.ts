// fit: batching (1 = SGD, all rows = batch gradient descent), validation, callbacks, stopping,
// divergence, regression metrics, every optimizer, and clear errors for bad options.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { OPTIMIZER_NAMES } from '../../src/nn/optimizers/index.ts';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { JS } from '../backend/backends.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;
const classifier = (seed = 1) => new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed }, { backend: JS });

function stepsPerEpoch(batchSize: number): number {
  let steps = 0;
  classifier().fit(x, iris.y, { epochs: 1, batchSize, callbacks: [{ onBatchEnd: () => void steps++ }] });
  return steps;
}

describe('fit', () => {
  it('batchSize 1 is SGD, the dataset size is batch gradient descent, otherwise mini-batches', () => {
    expect(stepsPerEpoch(1)).toBe(150);
    expect(stepsPerEpoch(150)).toBe(1);
    expect(stepsPerEpoch(1000)).toBe(1);
    expect(stepsPerEpoch(32)).toBe(5);
  });

  it('records loss, accuracy and validation metrics per epoch, holding out the last rows for validationSplit', () => {
    const history = classifier().fit(x, iris.y, { epochs: 4, validationSplit: 0.2 });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'lr', 'valAccuracy', 'valLoss']);
    expect(history.history.valLoss).toHaveLength(4);
    const direct = classifier().fit(x.subarray(0, 120 * 4), iris.y.subarray(0, 120), { epochs: 4, validationData: [x.subarray(120 * 4), iris.y.subarray(120)] });
    expect(direct.history.valLoss).toEqual(history.history.valLoss);
  });

  it('stops when a callback asks, and reports it', () => {
    const history = classifier().fit(x, iris.y, { epochs: 50, callbacks: [{ onEpochEnd: (epoch) => epoch === 2 }] });
    expect(history.status).toBe('stopped');
    expect(history.epoch).toEqual([0, 1, 2]);
  });

  it('reports divergence with the step, the epoch and the last finite loss, never a silent NaN model', () => {
    const rows = 64;
    const data = Float32Array.from({ length: rows }, (_, i) => i);
    const model = new MLP({ inputs: 1, layers: [{ units: 8, activation: 'relu' }, { units: 1 }], seed: 2 }, { backend: JS });
    const history = model.fit(data, Float32Array.from(data, (v) => 1000 * v), { epochs: 50, batchSize: 8, optimizer: { type: 'sgd', lr: 10 } });
    expect(history.status).toBe('diverged');
    expect(history.diverged!.step).toBeGreaterThan(0);
    expect(history.diverged!.lastFiniteLoss === null || Number.isFinite(history.diverged!.lastFiniteLoss)).toBe(true);
  });

  it('learns a regression and reports MSE, MAE and R²', () => {
    const rows = 200;
    const inputs = Float32Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 1.7));
    const targets = Float32Array.from({ length: rows }, (_, i) => 2 * inputs[2 * i]! - inputs[2 * i + 1]! + 0.5);
    const model = new MLP({ inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 1 }], seed: 4 }, { backend: JS });
    const history = model.fit(inputs, targets, { epochs: 60, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } });
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'lr', 'mae', 'mse', 'r2']);
    const metrics = model.evaluate(inputs, targets);
    expect(metrics.r2).toBeGreaterThan(0.95);
    expect(metrics.mse).toBeCloseTo(metrics.loss, 6);
  });

  it.each(OPTIMIZER_NAMES)('%s trains iris past 85%% accuracy', (type) => {
    const lr = type === 'adam' || type === 'adamw' ? 0.01 : type === 'rmsprop' ? 0.005 : 0.1;
    const model = classifier(3);
    model.fit(x, iris.y, { epochs: 40, batchSize: 16, optimizer: { type, lr } });
    expect(model.optimizer!.name).toBe(type);
    expect(model.evaluate(x, iris.y).accuracy).toBeGreaterThan(0.85);
  });

  it('rejects bad options with the field, the rule and the value', () => {
    const model = classifier();
    expect(() => model.fit(x, iris.y, { epochs: 0 })).toThrow('epochs must be a positive integer, got 0');
    expect(() => model.fit(x, iris.y, { batchSize: 'all' as never })).toThrow('TypeError: batchSize must be a positive integer, got "all"'.replace('TypeError: ', ''));
    expect(() => model.fit(x, iris.y, { validationSplit: 1 })).toThrow('validationSplit must be in (0, 1), got 1');
    expect(() => model.fit(x, iris.y, { validationSplit: 0.2, validationData: [x, iris.y] })).toThrow('either validationData or validationSplit, not both');
    expect(() => model.fit(x, iris.y, { optimizer: { type: 'adam', lr: -1 } })).toThrow('optimizer.lr must be a finite number >= 0, got -1');
    expect(() => model.fit(x, iris.y, { optimizer: 'lbfgs' as never })).toThrow('optimizer.type must be one of sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad, got "lbfgs"');
    expect(() => model.fit(x.subarray(1), iris.y)).toThrow('x.length must be a multiple of 4 (rows × inputs, row-major), got 599');
    expect(() => model.fit(x, iris.y.subarray(1))).toThrow(/y\.length must be 150 class indices or 150×3 one-hot values, got 149/);
    expect(() => model.fit(x, Int32Array.from(iris.y, (v) => v + 1))).toThrow('y[100] must be a class index in [0, 2], got 3');
    expect(() => model.fit([[1, 2, 3]], [0])).toThrow('x[0].length must be 4 (the model\'s inputs), got 3');
  });
});

describe('fit with initialEpoch', () => {
  it('two fits of 3 + 3 epochs give bit-identical weights to one fit of 6 (shuffling depends on seed and epoch only)', () => {
    const once = classifier(9);
    once.fit(x, iris.y, { epochs: 6, batchSize: 16, optimizer: 'adam' });
    const twice = classifier(9);
    twice.fit(x, iris.y, { epochs: 3, batchSize: 16, optimizer: 'adam' });
    const history = twice.fit(x, iris.y, { epochs: 6, initialEpoch: 3, batchSize: 16 });
    expect(history.epoch).toEqual([3, 4, 5]);
    expect(twice.parameters).toEqual(once.parameters);
    expect(() => twice.fit(x, iris.y, { epochs: 3, initialEpoch: 3 })).toThrow('initialEpoch must be an integer in [0, epochs − 1 = 2], got 3');
  });
});

describe('fit and evaluate on rows', () => {
  const rows = Int32Array.from({ length: 75 }, (_, i) => 2 * i);
  const subsetX = new Float32Array(75 * 4);
  const subsetY = new Int32Array(75);
  rows.forEach((r, k) => {
    subsetX.set(x.subarray(r * 4, r * 4 + 4), k * 4);
    subsetY[k] = (iris.y as Int32Array)[r]!;
  });

  it('trains and scores on the rows given as indices exactly as on a copy of them', () => {
    const viewed = classifier(3);
    const copied = classifier(3);
    const a = viewed.fit(x, iris.y, { epochs: 3, batchSize: 16, rows });
    const b = copied.fit(subsetX, subsetY, { epochs: 3, batchSize: 16 });
    expect(a.history).toEqual(b.history);
    expect(viewed.getWeights()).toEqual(copied.getWeights());
    expect(viewed.evaluate(x, iris.y, { rows })).toEqual(copied.evaluate(subsetX, subsetY));
  });

  it('rejects rows out of range, empty, or with validationSplit', () => {
    expect(() => classifier().fit(x, iris.y, { rows: Int32Array.of(0, 150) })).toThrow('rows[1] must be a row index in [0, 150), got 150');
    expect(() => classifier().fit(x, iris.y, { rows: new Int32Array(0) })).toThrow('rows must be at least one row index, got "none"');
    expect(() => classifier().fit(x, iris.y, { rows, validationSplit: 0.2 })).toThrow('fit options must be either rows or validationSplit, not both');
    expect(() => classifier().evaluate(x, iris.y, { rows: Int32Array.of(-1) })).toThrow('evaluate options.rows[0] must be a row index in [0, 150), got -1');
  });
});
