// A bad configuration names the field, the rule and the value.
import { describe, expect, it } from 'vitest';
import { configToJSON, MAX_LAYERS, MAX_PARAMETERS, MAX_UNITS, resolveConfig, type MLPConfig } from '../../src/nn/config.ts';
import { parameterLayout } from '../../src/nn/parameters.ts';

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

describe('model configuration limits and layer rules', () => {
  const hidden = (layer: object) => ({ inputs: 4, layers: [{ units: 3, ...layer }, { units: 1 }] });

  it('refuses what is not a config, and names the field when inputs or layers have the wrong type', () => {
    expect(() => resolveConfig(null as never)).toThrow(new TypeError('config must be an object, got null'));
    expect(() => resolveConfig(5 as never)).toThrow(new TypeError('config must be an object, got 5'));
    expect(() => resolveConfig({ ...base, layers: [null, { units: 3 }] } as never)).toThrow(new TypeError('layers[0] must be an object { units, activation }, got null'));
    expect(() => resolveConfig({ ...base, layers: [{ units: 3, activation: 5 }, { units: 3 }] } as never)).toThrow(
      new TypeError('layers[0].activation must be one of linear, sigmoid, tanh, relu, leakyRelu, elu, selu, softplus, prelu, softmax, got 5'),
    );
    expect(() => resolveConfig({ ...base, loss: 5 } as never)).toThrow(new TypeError('loss must be one of mse, binaryCrossEntropy, categoricalCrossEntropy, got 5'));
    expect(() => resolveConfig({ ...base, layers: [{ units: 3, init: 'orthogonal' }, { units: 3 }] } as never)).toThrow(
      new TypeError('layers[0].init must be one of glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal, got "orthogonal"'),
    );
    expect(resolveConfig({ inputs: 2, layers: [{ units: 2, activation: 'softmax' }] }).loss).toBe('categoricalCrossEntropy');
    expect(() => resolveConfig({ ...base, inputs: '4' } as never)).toThrow(new TypeError('inputs must be a positive integer, got "4"'));
    expect(() => resolveConfig({ ...base, layers: { units: 3 } } as never)).toThrow(new TypeError('layers must be an array of { units, activation }, got Object'));
    expect(() => resolveConfig({ ...base, layers: [8, { units: 3 }] } as never)).toThrow(new TypeError('layers[0] must be an object { units, activation }, got 8'));
    expect(() => resolveConfig({ ...base, regularization: 0.1 } as never)).toThrow(new TypeError('regularization must be an object { l1, l2 }, got 0.1'));
    expect(() => resolveConfig({ ...base, seed: '1' } as never)).toThrow(new TypeError('seed must be an integer, got "1"'));
  });

  it('takes up to MAX_UNITS inputs and units and MAX_LAYERS layers, and refuses one more', () => {
    expect(resolveConfig({ inputs: MAX_UNITS, layers: [{ units: 1 }] }).inputs).toBe(MAX_UNITS);
    expect(() => resolveConfig({ inputs: MAX_UNITS + 1, layers: [{ units: 1 }] })).toThrow(new RangeError('inputs must be at most 1048576, got 1048577'));
    expect(resolveConfig({ inputs: 1, layers: [{ units: MAX_UNITS }] }).layers[0]!.units).toBe(MAX_UNITS);
    expect(() => resolveConfig({ inputs: 1, layers: [{ units: MAX_UNITS + 1 }] })).toThrow(new RangeError('layers[0].units must be at most 1048576, got 1048577'));
    const many = (n: number) => ({ inputs: 1, layers: Array.from({ length: n }, () => ({ units: 1 })) });
    expect(resolveConfig(many(MAX_LAYERS)).layers).toHaveLength(1024);
    expect(() => resolveConfig(many(MAX_LAYERS + 1))).toThrow(new RangeError('layers.length must be at most 1024, got 1025'));
  });

  it('takes a model of exactly MAX_PARAMETERS parameters and refuses one more, counting them as the parameter layout does', () => {
    // 16383 inputs → 16383 relu units → 1 output: 16383·16384 + 16383·1 + 1 = 16383·16385 + 1 = 2^28.
    const exact = resolveConfig({ inputs: 16383, layers: [{ units: 16383 }, { units: 1 }] });
    expect(parameterLayout(exact).total).toBe(MAX_PARAMETERS);
    expect(() => resolveConfig({ inputs: 16384, layers: [{ units: 16383 }, { units: 1 }] })).toThrow(
      new RangeError(`layers must be at most 268435456 parameters in all, got ${MAX_PARAMETERS + 16383}`),
    );
    // prelu slopes, batch-norm gamma and beta and a residual projection all count: the running
    // count in the error is the layout's total up to the layer that breaks the limit.
    const small = [{ units: 3, activation: 'prelu' as const, batchNorm: true }, { units: 5, residual: true }, { units: 1000, residual: true, activation: 'tanh' as const }, { units: 1000, residual: true }];
    const prefix = parameterLayout(resolveConfig({ inputs: 300, layers: [...small, { units: 1 }] })).total - 1001;
    expect(prefix).toBe(300 * 3 + 3 * 4 + (3 * 5 + 5 + 3 * 5) + (5 * 1000 + 1000 + 5 * 1000) + (1000 * 1000 + 1000));
    const huge = MAX_UNITS;
    expect(() => resolveConfig({ inputs: 300, layers: [...small, { units: huge, activation: 'prelu' }, { units: 1 }] } as MLPConfig)).toThrow(
      `layers must be at most 268435456 parameters in all, got ${prefix + huge * 1000 + 2 * huge}`,
    );
  });

  it('refuses dropout, batchNorm or residual on the output layer, each alone', () => {
    const rule = 'layers[1] must be free of dropout, batchNorm and residual (the output layer feeds the loss directly), got "an output layer with them"';
    for (const extra of [{ dropout: 0.5 }, { batchNorm: true }, { batchNorm: {} }, { residual: true }]) {
      expect(() => resolveConfig({ inputs: 2, layers: [{ units: 3 }, { units: 1, ...extra }] }), JSON.stringify(extra)).toThrow(new RangeError(rule));
    }
    expect(resolveConfig({ inputs: 2, layers: [{ units: 3 }, { units: 1, dropout: 0, batchNorm: false, residual: false }] }).layers[1]).toMatchObject({ dropout: 0, batchNorm: undefined, residual: false });
  });

  it('reads batchNorm as off, on with the defaults, or an object of options, and refuses anything else', () => {
    expect(resolveConfig(hidden({})).layers[0]!.batchNorm).toBeUndefined();
    expect(resolveConfig(hidden({ batchNorm: false })).layers[0]!.batchNorm).toBeUndefined();
    expect(resolveConfig(hidden({ batchNorm: true })).layers[0]!.batchNorm).toEqual({ momentum: 0.1, eps: 1e-5 });
    expect(resolveConfig(hidden({ batchNorm: { momentum: 0.3 } })).layers[0]!.batchNorm).toEqual({ momentum: 0.3, eps: 1e-5 });
    expect(resolveConfig(hidden({ batchNorm: { eps: 0.01 } })).layers[0]!.batchNorm).toEqual({ momentum: 0.1, eps: 0.01 });
    expect(() => resolveConfig(hidden({ batchNorm: 'yes' }))).toThrow(new TypeError('layers[0].batchNorm must be a boolean or { momentum, eps }, got "yes"'));
    expect(() => resolveConfig(hidden({ batchNorm: null }))).toThrow(new TypeError('layers[0].batchNorm must be a boolean or { momentum, eps }, got null'));
    expect(() => resolveConfig(hidden({ batchNorm: { eps: 0 } }))).toThrow(RangeError);
  });

  it("fills each layer's l1 and l2 from config.regularization unless the layer sets its own, 0 included", () => {
    const resolved = resolveConfig({ inputs: 2, regularization: { l1: 0.01, l2: 0.02 }, layers: [{ units: 3, l1: 0, l2: 0.5 }, { units: 1 }] });
    expect(resolved.layers.map((l) => [l.l1, l.l2])).toEqual([[0, 0.5], [0.01, 0.02]]);
    expect(resolveConfig(hidden({})).layers.map((l) => [l.l1, l.l2, l.dropout, l.residual])).toEqual([[0, 0, 0, false], [0, 0, 0, false]]);
    expect(resolveConfig(hidden({})).seed).toBe(0);
    expect(resolveConfig(hidden({})).inputDropout).toBe(0);
  });

  it('configToJSON writes only the options that differ from off, and resolveConfig reads it back to the same model', () => {
    const resolved = resolveConfig({
      inputs: 3, seed: 4, inputDropout: 0.1, loss: 'mse',
      layers: [{ units: 4, activation: 'leakyRelu', alpha: 0.2, l1: 0.01, l2: 0.02, dropout: 0.3, batchNorm: { momentum: 0.2 } }, { units: 4, residual: true, activation: 'elu' }, { units: 2 }],
    });
    const json = configToJSON(resolved);
    expect(json).toStrictEqual({
      inputs: 3,
      layers: [
        { units: 4, activation: 'leakyRelu', alpha: 0.2, init: 'heNormal', l1: 0.01, l2: 0.02, dropout: 0.3, batchNorm: { momentum: 0.2, eps: 1e-5 } },
        { units: 4, activation: 'elu', alpha: 1, init: 'heNormal', residual: true },
        { units: 2, activation: 'linear', init: 'glorotUniform' },
      ],
      loss: 'mse',
      seed: 4,
      inputDropout: 0.1,
    });
    expect(json.layers[0]!.batchNorm).not.toBe(resolved.layers[0]!.batchNorm);
    expect(resolveConfig(json)).toEqual(resolved);
    expect(configToJSON(resolveConfig(hidden({})))).toStrictEqual({ inputs: 4, layers: [{ units: 3, activation: 'relu', init: 'heNormal' }, { units: 1, activation: 'linear', init: 'glorotUniform' }], loss: 'mse', seed: 0 });
  });
});
