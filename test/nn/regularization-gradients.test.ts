// Gradients with L1, L2, dropout (a fixed mask), batch norm and residual layers (with and
// without a projection) against central finite differences of the float64 reference, on every
// backend (relative error per parameter block ≤ 1e-3 for the float32 backends, ≤ 1e-6 float64).
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import { gradientCheck } from '../../src/nn/gradient-check.ts';
import type { MLPConfig } from '../../src/nn/config.ts';
import { LOADED, randomValues } from '../backend/backends.ts';

const CASES: [string, Omit<MLPConfig, 'inputs' | 'seed'>][] = [
  ['L1 and L2 penalties', { layers: [{ units: 5, activation: 'tanh', l1: 0.01, l2: 0.02 }, { units: 3, activation: 'softmax', l2: 0.05 }] }],
  ['dropout on the inputs and a hidden layer', { inputDropout: 0.2, layers: [{ units: 6, activation: 'tanh', dropout: 0.3 }, { units: 3, activation: 'softmax' }] }],
  ['batch norm before tanh, relu and prelu', { layers: [{ units: 5, activation: 'tanh', batchNorm: true }, { units: 5, activation: 'relu', batchNorm: true }, { units: 4, activation: 'prelu', batchNorm: { momentum: 0.2, eps: 1e-3 } }, { units: 3, activation: 'softmax' }] }],
  ['residual layers, same width and projected', { layers: [{ units: 4, activation: 'tanh', residual: true }, { units: 6, activation: 'elu', residual: true }, { units: 3, activation: 'softmax' }] }],
  ['all at once', { regularization: { l2: 0.01 }, layers: [{ units: 6, activation: 'relu', batchNorm: true, dropout: 0.25 }, { units: 6, activation: 'tanh', residual: true, l1: 0.01 }, { units: 3, activation: 'softmax' }] }],
];

describe.each(LOADED)('gradient check with regularisation on %s', (_name, backend) => {
  it.each(CASES)('%s', (_case, config) => {
    const model = new MLP({ inputs: 4, seed: 5, ...config }, { backend });
    // Non-zero biases keep pre-activations away from ReLU's kink at exactly 0.
    model.setWeights(model.getWeights().map((layer, l) => ({ ...layer, bias: randomValues(layer.bias.length, 30 + l, 0.2) })));
    const result = gradientCheck(model, randomValues(8 * 4, 13, 1.5), [0, 1, 2, 1, 0, 2, 2, 1]);
    expect(result.maxReferenceError, JSON.stringify(result.blocks)).toBeLessThanOrEqual(1e-6);
    expect(result.maxBackendError, JSON.stringify(result.blocks)).toBeLessThanOrEqual(1e-3);
  });
});
