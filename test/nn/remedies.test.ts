// Each remedy measurably does what it says.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { createOptimizer } from '../../src/nn/optimizers/index.ts';
import { earlyStopping } from '../../src/train/callbacks/early-stopping.ts';
import { crossValidate } from '../../src/train/cross-validate.ts';
import { traceStep } from '../../src/nn/trace.ts';
import { StandardScaler, loadDigitsSplit, loadIris } from '../../src/data/index.ts';
import { JS, LOADED, randomValues } from '../backend/backends.ts';
import { getBackend } from '../../src/backend/registry.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;
const norm = (values: Float32Array) => Math.sqrt(values.reduce((s, v) => s + v * v, 0));

function trainedWeights(extra: object): Float32Array {
  const model = new MLP({ inputs: 4, layers: [{ units: 16, activation: 'tanh', ...extra }, { units: 3, activation: 'softmax' }], seed: 2 }, { backend: JS });
  model.fit(x, iris.y, { epochs: 60, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } });
  return model.getWeights()[0]!.weights;
}

describe('remedies', () => {
  it('L2 shrinks the weight norm against no penalty; L1 drives more weights to near zero', () => {
    const plain = trainedWeights({});
    const l2 = trainedWeights({ l2: 0.01 });
    const l1 = trainedWeights({ l1: 0.01 });
    expect(norm(l2)).toBeLessThan(0.7 * norm(plain));
    const small = (w: Float32Array) => w.filter((v) => Math.abs(v) < 0.02).length;
    expect(small(l1)).toBeGreaterThan(small(plain) + 8);
  });

  it('the reported loss includes the penalty', () => {
    const model = new MLP({ inputs: 4, layers: [{ units: 3, activation: 'softmax', l2: 0.5 }], seed: 1 }, { backend: JS });
    const weights = model.getWeights()[0]!.weights;
    const withPenalty = model.evaluate(x, iris.y).loss;
    const plain = new MLP({ inputs: 4, layers: [{ units: 3, activation: 'softmax' }], seed: 1 }, { backend: JS }).evaluate(x, iris.y).loss;
    expect(withPenalty - plain).toBeCloseTo(0.5 * weights.reduce((s, v) => s + v * v, 0), 5);
  });

  it.each(LOADED)('dropout is the identity at inference and scales kept units by 1/(1 − p) in training (%s)', (_name, backend) => {
    const config = { inputs: 4, layers: [{ units: 64, activation: 'relu' as const }, { units: 3, activation: 'softmax' as const }], seed: 4 };
    const withDropout = new MLP({ ...config, layers: [{ ...config.layers[0]!, dropout: 0.5 }, config.layers[1]!] }, { backend });
    const plain = new MLP(config, { backend });
    expect(withDropout.predictProba(x)).toEqual(plain.predictProba(x));
    withDropout.computeGradients(x.subarray(0, 40), iris.y.subarray(0, 10));
    const ws = withDropout.workspace(10);
    const mask = ws.layers[0]!.mask!.subarray(0, 640);
    expect(new Set(mask)).toEqual(new Set([0, 2]));
    const kept = mask.filter((v) => v === 2).length / mask.length;
    expect(kept).toBeGreaterThan(0.35);
    expect(kept).toBeLessThan(0.65);
    for (let i = 0; i < 640; i++) expect(ws.layers[0]!.out[i]).toBeCloseTo(ws.layers[0]!.a[i]! * mask[i]!, 6);
  });

  it.each(LOADED)('batch norm in inference uses the running statistics: a row scores the same alone or in a batch (%s)', (_name, backend) => {
    const model = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'relu', batchNorm: true }, { units: 3, activation: 'softmax' }], seed: 5 }, { backend });
    model.fit(x, iris.y, { epochs: 5, batchSize: 16 });
    expect([...model.state.subarray(0, 8)].some((v) => v !== 0)).toBe(true);
    const batch = model.predictProba(x.subarray(0, 4 * 10));
    for (let i = 0; i < 10; i++) {
      const alone = model.predictProba(x.subarray(4 * i, 4 * (i + 1)));
      for (let j = 0; j < 3; j++) expect(alone[j]).toBeCloseTo(batch[i * 3 + j]!, 5);
    }
  });

  it('clipping by norm bounds the global gradient norm exactly; clipping by value clamps every entry', () => {
    const grads = randomValues(50, 3, 10);
    const before = norm(grads);
    const params = new Float32Array(50);
    const sgd = createOptimizer(JS, 50, { type: 'sgd', lr: 1, clipNorm: 0.5 });
    sgd.step(params, grads);
    expect(norm(grads)).toBeCloseTo(0.5, 5);
    expect(norm(params)).toBeCloseTo(0.5, 5);
    expect(before).toBeGreaterThan(0.5);
    const clamp = createOptimizer(JS, 50, { type: 'sgd', lr: 1, clipValue: 0.1 });
    const g2 = randomValues(50, 4, 10);
    clamp.step(new Float32Array(50), g2);
    expect(Math.max(...g2.map(Math.abs))).toBeCloseTo(0.1, 6);
  });

  it('early stopping stops after `patience` epochs without improvement and restores the best epoch\'s weights', () => {
    const model = new MLP({ inputs: 4, layers: [{ units: 32, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 6 }, { backend: JS });
    const stopper = earlyStopping({ monitor: 'valLoss', patience: 3 });
    const snapshots: Float32Array[] = [];
    const history = model.fit(x, iris.y, {
      epochs: 300,
      batchSize: 8,
      validationSplit: 0.2,
      optimizer: { type: 'adam', lr: 0.05 },
      callbacks: [stopper, { onEpochEnd: (_epoch, _logs, m) => void snapshots.push(Float32Array.from(m.parameters)) }],
    });
    expect(history.status).toBe('stopped');
    const losses = history.history.valLoss!;
    const best = losses.indexOf(Math.min(...losses));
    expect(stopper.bestEpoch).toBe(best);
    expect(history.epoch.length).toBe(best + 1 + 4);
    expect(model.parameters).toEqual(snapshots[best]);
  });

  it('a learning rate of 1e3 ends in `diverged` with the step, the epoch and the last finite loss', () => {
    const rows = 64;
    const inputs = Float32Array.from({ length: rows * 2 }, (_, i) => Math.sin(i));
    const targets = Float32Array.from({ length: rows }, (_, i) => inputs[2 * i]! * 3);
    const model = new MLP({ inputs: 2, layers: [{ units: 16, activation: 'relu' }, { units: 1 }], seed: 7 }, { backend: JS });
    const history = model.fit(inputs, targets, { epochs: 20, batchSize: 8, optimizer: { type: 'sgd', lr: 1e3 } });
    expect(history.status).toBe('diverged');
    expect(history.diverged).toMatchObject({ epoch: 0 });
    expect(history.diverged!.step).toBeGreaterThanOrEqual(1);
    expect(history.diverged!.lastFiniteLoss === null || Number.isFinite(history.diverged!.lastFiniteLoss)).toBe(true);
  });

  it('k-fold cross-validation on iris: stratified 5 folds, mean accuracy ≥ 0.93', () => {
    const scaled = new StandardScaler().fit(iris).transform(iris);
    const result = crossValidate(() => new MLP({ inputs: 4, layers: [{ units: 16, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 }), scaled, {
      folds: 5,
      seed: 3,
      fit: { epochs: 50, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } },
    });
    expect(result.folds).toHaveLength(5);
    expect(result.mean.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(result.std.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('the backprop trace of the 2-4-1 sigmoid/BCE network agrees with computeGradients and applies W − lr·∂E/∂W', () => {
    const xor = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const targets = [[0], [1], [1], [0]];
    const model = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 }, { backend: JS });
    const twin = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 }, { backend: JS });
    const { loss, gradients } = twin.computeGradients(xor, targets);
    const trace = traceStep(model, xor, targets, { lr: 0.5 });
    expect(trace.loss).toBe(loss);
    trace.layers.forEach((layer, l) => {
      expect(layer.dWeights.flat()).toEqual([...gradients[l]!.weights]);
      expect(layer.dBias).toEqual([...gradients[l]!.bias]);
    });
    // δ of the output layer is ŷ − y over the batch (mean BCE): the seed's formula.
    const output = trace.layers[1]!;
    output.delta.forEach((row, i) => expect(row[0]).toBeCloseTo((output.a[i]![0]! - targets[i]![0]!) / 4, 6));
    expect([...model.getWeights()[0]!.weights]).toEqual(trace.layers[0]!.weightsAfter.flat().map((v) => Math.fround(v)));
  });

  it('vanishing gradients: the first layer of an 8-layer sigmoid net gets ≥ 100× less gradient than with ReLU + batch norm', () => {
    const { train } = loadDigitsSplit({ scale: 1 / 16 });
    const firstLayerNorm = (hidden: object) => {
      const model = new MLP({ inputs: 64, layers: [...Array.from({ length: 8 }, () => ({ units: 32, ...hidden })), { units: 10, activation: 'softmax' }], seed: 3 }, { backend: getBackend() });
      const history = model.fit(train.x, train.y, { epochs: 2, batchSize: 32, optimizer: { type: 'sgd', lr: 0.05 }, monitorGradients: { vanishingRatio: 0 } });
      return history.gradientNorms!.at(-1)![0]!;
    };
    const sigmoid = firstLayerNorm({ activation: 'sigmoid' });
    const reluBatchNorm = firstLayerNorm({ activation: 'relu', batchNorm: true });
    expect(reluBatchNorm / sigmoid).toBeGreaterThanOrEqual(100);
  }, 60_000);
});
