// The names users bring from Keras and PyTorch, what each activation and loss means on the
// backend, and the defaults a layer gets from its activation (as Keras and PyTorch define them).
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, PRELU_INITIAL_SLOPE, backendActivation, defaultActivationParam, normalizeActivation } from '../../src/nn/activations.ts';
import { defaultInitializer } from '../../src/nn/init.ts';
import { resolveConfig } from '../../src/nn/config.ts';
import { LOSSES, REQUIRED_OUTPUT, defaultLoss, normalizeLoss } from '../../src/nn/losses.ts';

describe('activation names', () => {
  it('takes every canonical name as itself and the Keras/PyTorch spellings as their canonical names', () => {
    for (const name of ACTIVATIONS) expect(normalizeActivation(name)).toBe(name);
    expect(Object.fromEntries(['identity', 'none', 'leaky_relu', 'leakyrelu', 'LeakyReLU', 'ReLU', 'PReLU', 'ELU', 'SELU'].map((n) => [n, normalizeActivation(n)]))).toEqual({
      identity: 'linear', none: 'linear', leaky_relu: 'leakyRelu', leakyrelu: 'leakyRelu', LeakyReLU: 'leakyRelu', ReLU: 'relu', PReLU: 'prelu', ELU: 'elu', SELU: 'selu',
    });
  });

  it('knows no other name, not even an object property', () => {
    for (const name of ['swish', 'Sigmoid', 'toString', 'constructor', '']) expect(normalizeActivation(name), name).toBeUndefined();
  });

  it("refuses an object property's name as an activation or a loss, as any unknown name", () => {
    expect(() => resolveConfig({ inputs: 2, layers: [{ units: 2, activation: 'constructor' }, { units: 1 }] })).toThrow('layers[0].activation must be one of linear, sigmoid, tanh, relu, leakyRelu, elu, selu, softplus, prelu, softmax, got "constructor"');
    expect(() => resolveConfig({ inputs: 2, layers: [{ units: 1 }], loss: 'toString' })).toThrow('loss must be one of mse, binaryCrossEntropy, categoricalCrossEntropy, got "toString"');
  });

  it("runs linear as the backend's identity and every other activation under its own name", () => {
    expect(ACTIVATIONS.map(backendActivation)).toEqual(['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'selu', 'softplus', 'prelu', 'softmax']);
  });

  it("gives leakyRelu Keras' slope 0.01 and elu α = 1, no other activation a parameter, and PReLU slopes PyTorch's 0.25", () => {
    expect(Object.fromEntries(ACTIVATIONS.map((a) => [a, defaultActivationParam(a)]))).toEqual({
      linear: undefined, sigmoid: undefined, tanh: undefined, relu: undefined, leakyRelu: 0.01, elu: 1, selu: undefined, softplus: undefined, prelu: undefined, softmax: undefined,
    });
    expect(PRELU_INITIAL_SLOPE).toBe(0.25);
  });

  it('initialises the ReLU family with He, SELU with LeCun normal and the rest with Glorot uniform', () => {
    expect(Object.fromEntries(ACTIVATIONS.map((a) => [a, defaultInitializer(a)]))).toEqual({
      linear: 'glorotUniform', sigmoid: 'glorotUniform', tanh: 'glorotUniform', relu: 'heNormal', leakyRelu: 'heNormal', elu: 'heNormal',
      selu: 'lecunNormal', softplus: 'glorotUniform', prelu: 'heNormal', softmax: 'glorotUniform',
    });
  });
});

describe('loss names', () => {
  it('takes every canonical name as itself and the Keras spellings as their canonical names', () => {
    for (const name of LOSSES) expect(normalizeLoss(name)).toBe(name);
    const aliases = ['meanSquaredError', 'mean_squared_error', 'binary_crossentropy', 'binaryCrossentropy', 'bce', 'categorical_crossentropy', 'categoricalCrossentropy', 'sparse_categorical_crossentropy', 'crossEntropy'];
    expect(aliases.map(normalizeLoss)).toEqual(['mse', 'mse', 'binaryCrossEntropy', 'binaryCrossEntropy', 'binaryCrossEntropy', 'categoricalCrossEntropy', 'categoricalCrossEntropy', 'categoricalCrossEntropy', 'categoricalCrossEntropy']);
    for (const name of ['hinge', 'MSE', 'toString', '']) expect(normalizeLoss(name), name).toBeUndefined();
  });

  it('fuses each cross-entropy with its output activation; MSE takes any output', () => {
    expect(REQUIRED_OUTPUT).toEqual({ binaryCrossEntropy: 'sigmoid', categoricalCrossEntropy: 'softmax' });
  });

  it('implies categorical cross-entropy for softmax, binary cross-entropy for sigmoid and MSE otherwise', () => {
    expect(ACTIVATIONS.map((a) => [a, defaultLoss(a)]).filter(([, loss]) => loss !== 'mse')).toEqual([
      ['sigmoid', 'binaryCrossEntropy'],
      ['softmax', 'categoricalCrossEntropy'],
    ]);
  });
});
