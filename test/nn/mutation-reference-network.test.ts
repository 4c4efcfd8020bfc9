// The float64 reference network against two independent answers, layer feature by layer
// feature: the js backend's float32 forward, loss and backprop (same parameters, same dropout
// masks), and central finite differences of its own loss. Parameters that start equal across
// units (PReLU slopes 0.25, γ = 1, β = 0) are spread first, so a slip of index shows.
import { describe, expect, it } from 'vitest';
import { MLP, type LayerWeightsInput } from '../../src/nn/mlp.ts';
import { resolveConfig, type MLPConfig } from '../../src/nn/config.ts';
import { referenceGradients, referenceLoss, type ReferenceBatch } from '../../src/nn/reference-network.ts';
import { toFeatures, toTargets } from '../../src/nn/inputs.ts';
import { JS, randomValues } from '../backend/backends.ts';

interface Case {
  name: string;
  config: MLPConfig;
  y: number[] | number[][];
}

const ROWS = 5;
const x = Array.from({ length: ROWS }, (_, i) => Array.from(randomValues(4, 40 + i, 1.5)));

function spread(model: MLP): void {
  model.setWeights(
    model.getWeights().map((layer, l) => {
      const out: LayerWeightsInput = { ...layer, bias: randomValues(layer.bias.length, 10 + l, 0.3) };
      if (layer.slopes) out.slopes = Array.from(layer.slopes, (_, j) => 0.1 + 0.15 * j);
      if (layer.gamma) out.gamma = Array.from(layer.gamma, (_, j) => 0.7 + 0.3 * j);
      if (layer.beta) out.beta = Array.from(layer.beta, (_, j) => 0.2 - 0.1 * j);
      if (layer.projection) out.projection = randomValues(layer.projection.length, 30 + l, 0.8);
      return out;
    }),
  );
}

function run(c: Case) {
  const model = new MLP(c.config, { backend: JS });
  spread(model);
  const backend = model.computeGradients(x, c.y);
  const features = toFeatures(x, model.inputs);
  const targets = toTargets(c.y, ROWS, model.outputs, model.config.loss);
  const ws = model.workspace(ROWS);
  const batch: ReferenceBatch = {
    x: Float64Array.from(features.data),
    rows: ROWS,
    kind: targets.kind,
    labels: targets.labels,
    targets: Float64Array.from(targets.targets),
  };
  if (ws.xMask) batch.inputMask = Float64Array.from(ws.xMask.subarray(0, ROWS * model.inputs));
  batch.masks = ws.layers.map((b, l) => (b.mask ? Float64Array.from(b.mask.subarray(0, ROWS * model.config.layers[l]!.units)) : undefined));
  const params = Float64Array.from(model.parameters);
  return { model, backend, batch, params, flat: Float64Array.from(model.gradients) };
}

function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (scale + 1e-12));
  return worst;
}

const softTargets = Array.from({ length: ROWS }, (_, i) => [0.2 + 0.1 * i, 0.5, 0.3 - 0.05 * i]);
const CASES: Case[] = [
  {
    name: 'mse through tanh, prelu, elu(α) and leakyRelu(α) layers with a sigmoid output',
    config: { inputs: 4, layers: [{ units: 3, activation: 'tanh' }, { units: 5, activation: 'prelu' }, { units: 3, activation: 'elu', alpha: 0.7 }, { units: 4, activation: 'leakyRelu', alpha: 0.2 }, { units: 2, activation: 'sigmoid' }], loss: 'mse', seed: 1 },
    y: Array.from({ length: ROWS }, (_, i) => [0.1 * i, 1 - 0.2 * i]),
  },
  {
    name: 'mse with a softmax output (its Jacobian) and a linear one before it',
    config: { inputs: 4, layers: [{ units: 3, activation: 'linear' }, { units: 3, activation: 'softmax' }], loss: 'mse', seed: 2 },
    y: softTargets,
  },
  {
    name: 'binary cross-entropy over three outputs after softplus and selu',
    config: { inputs: 4, layers: [{ units: 6, activation: 'softplus' }, { units: 3, activation: 'selu' }, { units: 3, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 3 },
    y: Array.from({ length: ROWS }, (_, i) => [i % 2, (i + 1) % 2, i > 2 ? 1 : 0]),
  },
  {
    name: 'categorical cross-entropy on labels',
    config: { inputs: 4, layers: [{ units: 5, activation: 'relu' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed: 4 },
    y: Array.from({ length: ROWS }, (_, i) => (i * 2) % 3),
  },
  {
    name: 'categorical cross-entropy on soft targets whose mass is not 1',
    config: { inputs: 4, layers: [{ units: 5, activation: 'sigmoid' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed: 5 },
    y: softTargets,
  },
  {
    name: 'batch norm (ε = 0.5) before prelu, tanh and a linear layer',
    config: { inputs: 4, layers: [{ units: 3, activation: 'prelu', batchNorm: { eps: 0.5 } }, { units: 4, activation: 'tanh', batchNorm: { eps: 0.5 } }, { units: 2, activation: 'linear', batchNorm: { eps: 0.5 } }, { units: 2 }], loss: 'mse', seed: 6 },
    y: Array.from({ length: ROWS }, (_, i) => [i - 2, 0.5 * i]),
  },
  {
    name: 'residual sums: a projection on the first layer, identities after, before a non-residual output',
    config: { inputs: 4, layers: [{ units: 3, activation: 'tanh', residual: true }, { units: 3, activation: 'prelu', residual: true }, { units: 3, activation: 'elu', residual: true }, { units: 2 }], loss: 'mse', seed: 7 },
    y: Array.from({ length: ROWS }, (_, i) => [1 - i, 0.3 * i]),
  },
  {
    name: 'a residual identity on the first layer (no input gradient to pass on)',
    config: { inputs: 4, layers: [{ units: 4, activation: 'tanh', residual: true }, { units: 2 }], loss: 'mse', seed: 11 },
    y: Array.from({ length: ROWS }, (_, i) => [0.5 * i, 1 - i]),
  },
  {
    name: 'input and hidden dropout with L1 and L2 penalties',
    config: { inputs: 4, inputDropout: 0.3, layers: [{ units: 6, activation: 'tanh', dropout: 0.4 }, { units: 5, activation: 'sigmoid', dropout: 0.5 }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy', regularization: { l1: 0.03, l2: 0.02 }, seed: 8 },
    y: Array.from({ length: ROWS }, (_, i) => i % 3),
  },
  {
    name: 'an L1 penalty alone',
    config: { inputs: 4, layers: [{ units: 3, activation: 'tanh' }, { units: 2 }], loss: 'mse', regularization: { l1: 0.05 }, seed: 9 },
    y: Array.from({ length: ROWS }, (_, i) => [i, -i]),
  },
  {
    name: 'an L2 penalty alone',
    config: { inputs: 4, layers: [{ units: 3, activation: 'tanh' }, { units: 2 }], loss: 'mse', regularization: { l2: 0.05 }, seed: 10 },
    y: Array.from({ length: ROWS }, (_, i) => [i, -i]),
  },
];

describe('reference network', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: loss and gradients match the float32 backprop', (_name, c) => {
    const { model, backend, batch, params, flat } = run(c);
    const reference = referenceGradients(model.config, params, batch);
    expect(Math.abs(reference.loss - backend.loss) / Math.abs(backend.loss)).toBeLessThan(2e-6);
    expect(referenceLoss(model.config, params, batch)).toBe(reference.loss);
    expect(maxRelative(reference.grads, flat)).toBeLessThan(2e-5);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: gradients match finite differences of the float64 loss', (_name, c) => {
    const { model, batch, params } = run(c);
    const { grads } = referenceGradients(model.config, params, batch);
    const numeric = new Float64Array(params.length);
    for (let i = 0; i < params.length; i++) {
      const saved = params[i]!;
      params[i] = saved + 1e-6;
      const plus = referenceLoss(model.config, params, batch);
      params[i] = saved - 1e-6;
      const minus = referenceLoss(model.config, params, batch);
      params[i] = saved;
      numeric[i] = (plus - minus) / 2e-6;
    }
    expect(maxRelative(grads, numeric)).toBeLessThan(1e-6);
  });

  it('the loss of a one-unit linear net on one row by hand: (w·x + b − t)² plus λ1|w| + λ2w²', () => {
    const config = resolveConfig({ inputs: 2, layers: [{ units: 1, activation: 'linear' }], loss: 'mse', regularization: { l1: 0.1, l2: 0.2 } });
    const params = Float64Array.of(2, -1, 0.5);
    const batch: ReferenceBatch = { x: Float64Array.of(3, 4), rows: 1, kind: 'targets', labels: new Int32Array(1), targets: Float64Array.of(1) };
    // z = 2·3 − 1·4 + 0.5 = 2.5, e = 1.5; penalty 0.1·(2 + 1) + 0.2·(4 + 1).
    expect(referenceLoss(config, params, batch)).toBeCloseTo(2.25 + 0.3 + 1, 12);
    const { loss, grads } = referenceGradients(config, params, batch);
    expect(loss).toBeCloseTo(2.25 + 0.3 + 1, 12);
    // ∂/∂w = 2e·x + λ1·sign(w) + 2λ2·w; ∂/∂b = 2e.
    expect(grads[0]).toBeCloseTo(9 + 0.1 + 0.8, 12);
    expect(grads[1]).toBeCloseTo(12 - 0.1 - 0.4, 12);
    expect(grads[2]).toBeCloseTo(3, 12);
  });

  it('prelu at exactly 0 takes the slope, as the kernels do, and an L1 weight at exactly 0 adds no gradient', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'prelu' }, { units: 1 }], loss: 'mse', regularization: { l1: 0.1 }, seed: 1 }, { backend: JS });
    const [, output] = model.getWeights();
    model.setWeights([{ weights: [[1, 0], [0, 1], [1, -1]], bias: [0, 0, 0], slopes: [0.1, 0.2, 0.3] }, { ...output!, bias: [0.2] }]);
    // Row 0 puts every unit at exactly 0.
    const xs = [[0, 0], [1, 2], [-1, 0.5]];
    const y = [[1], [0], [2]];
    model.computeGradients(xs, y);
    const batch: ReferenceBatch = { x: Float64Array.from(xs.flat()), rows: 3, kind: 'targets', labels: new Int32Array(0), targets: Float64Array.from(y.flat()) };
    const { grads } = referenceGradients(model.config, Float64Array.from(model.parameters), batch);
    expect(maxRelative(grads, model.gradients)).toBeLessThan(1e-6);
  });

  it('softmax stays finite at logits 1000 apart (it subtracts the row maximum)', () => {
    const config = resolveConfig({ inputs: 1, layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' });
    const params = Float64Array.of(0, 1000, 0, 0);
    const batch: ReferenceBatch = { x: Float64Array.of(1), rows: 1, kind: 'labels', labels: Int32Array.of(0), targets: new Float64Array(0) };
    // loss = log(e⁰ + e¹⁰⁰⁰) − 0 = 1000; ∂E/∂z = softmax − onehot = (−1, 1).
    const { loss, grads } = referenceGradients(config, params, batch);
    expect(loss).toBeCloseTo(1000, 9);
    expect(Array.from(grads)).toEqual([-1, 1, -1, 1]);
    // The same through mse, where the softmax Jacobian runs: a = (0, 1), so every derivative is 0.
    const mse = resolveConfig({ inputs: 1, layers: [{ units: 2, activation: 'softmax' }], loss: 'mse' });
    const targets: ReferenceBatch = { ...batch, kind: 'targets', targets: Float64Array.of(0, 1) };
    expect(referenceGradients(mse, params, targets)).toEqual({ loss: 0, grads: new Float64Array(4) });
  });
});
