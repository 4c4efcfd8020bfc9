// A bad configuration names the field, the rule and the value.
import { describe, expect, it } from 'vitest';
import { resolveConfig, type MLPConfig } from '../../src/nn/config.ts';

const base: MLPConfig = { inputs: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }] };

describe('model configuration', () => {
  it('fills the defaults: relu hidden layers, linear output, the loss the output implies, He/Glorot initialisers', () => {
    const resolved = resolveConfig({ inputs: 2, layers: [{ units: 3 }, { units: 1 }] });
    expect(resolved.layers.map((l) => [l.activation, l.init])).toEqual([
      ['relu', 'heNormal'],
      ['linear', 'glorotUniform'],
    ]);
    expect(resolved.loss).toBe('mse');
    expect(resolveConfig(base).loss).toBe('categoricalCrossEntropy');
    expect(resolveConfig({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }] }).loss).toBe('binaryCrossEntropy');
    expect(resolveConfig({ inputs: 2, layers: [{ units: 2, activation: 'leaky_relu' }, { units: 1 }] }).layers[0]).toMatchObject({ activation: 'leakyRelu', alpha: 0.01 });
  });

  it.each([
    [{ ...base, inputs: 0 }, 'RangeError: inputs must be a positive integer, got 0'],
    [{ ...base, layers: [] }, 'layers must be a non-empty array'],
    [{ ...base, layers: [{ units: 0 }, { units: 3, activation: 'softmax' }] }, 'RangeError: layers[0].units must be a positive integer, got 0'],
    [{ ...base, layers: [{ units: 2.5 }, { units: 3, activation: 'softmax' }] }, 'layers[0].units must be a positive integer, got 2.5'],
    [{ ...base, layers: [{ units: 8, activation: 'swish' }, { units: 3 }] }, 'TypeError: layers[0].activation must be one of linear, sigmoid, tanh, relu, leakyRelu, elu, selu, softplus, prelu, softmax, got "swish"'],
    [{ ...base, layers: [{ units: 8, activation: 'softmax' }, { units: 3 }] }, "layers[0].activation must be 'softmax' only on the output layer"],
    [{ ...base, layers: [{ units: 8, activation: 'relu', alpha: 0.2 }, { units: 3 }] }, 'layers[0].alpha must be set only for leakyRelu or elu (the layer is relu), got 0.2'],
    [{ ...base, loss: 'hinge' }, 'loss must be one of mse, binaryCrossEntropy, categoricalCrossEntropy, got "hinge"'],
    [{ ...base, loss: 'binaryCrossEntropy' }, "layers[1].activation must be 'sigmoid' for loss 'binaryCrossEntropy'"],
    [{ inputs: 2, layers: [{ units: 1, activation: 'softmax' }] }, 'layers[0].units must be at least 2 classes for categoricalCrossEntropy, got 1'],
    [{ ...base, seed: 1.5 }, 'seed must be an integer, got 1.5'],
    [{ ...base, layers: [{ units: 8, init: 'orthogonal' }, { units: 3 }] }, 'layers[0].init must be one of glorotUniform'],
  ] as [MLPConfig, string][])('rejects %j', (config, message) => {
    expect(() => resolveConfig(config)).toThrow(message.replace(/^(TypeError|RangeError): /, ''));
    const kind = message.match(/^(TypeError|RangeError)/)?.[1];
    if (kind) expect(() => resolveConfig(config)).toThrow(kind === 'TypeError' ? TypeError : RangeError);
  });
});
