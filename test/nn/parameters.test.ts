// The flat parameter layout: each layer's W (out × in), b, then PReLU slopes, batch norm's γ and
// β and the residual projection when it has them, end to end; running statistics in the state
// buffer. Optimizers, gradients and model files all rely on these offsets.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/nn/config.ts';
import { layerViews, parameterLayout } from '../../src/nn/parameters.ts';

describe('parameterLayout', () => {
  it('places every part of every layer end to end, and the running statistics in the state', () => {
    const config = resolveConfig({
      inputs: 3,
      layers: [
        { units: 4, activation: 'prelu', batchNorm: true },
        { units: 4, activation: 'relu', residual: true },
        { units: 2, activation: 'tanh', residual: true, batchNorm: true },
        { units: 2, activation: 'softmax' },
      ],
    });
    const layout = parameterLayout(config);
    const none = { slopes: -1, gamma: -1, beta: -1, projection: -1, runningMean: -1, runningVar: -1 };
    expect(layout.layers).toEqual([
      // 12 weights, 4 biases, 4 slopes, 4 γ, 4 β; a residual into the same width needs no projection.
      { inputs: 3, units: 4, weights: 0, bias: 12, slopes: 16, gamma: 20, beta: 24, projection: -1, runningMean: 0, runningVar: 4 },
      { ...none, inputs: 4, units: 4, weights: 28, bias: 44 },
      { inputs: 4, units: 2, weights: 48, bias: 56, slopes: -1, gamma: 58, beta: 60, projection: 62, runningMean: 8, runningVar: 10 },
      { ...none, inputs: 2, units: 2, weights: 70, bias: 74 },
    ]);
    expect(layout.total).toBe(76);
    expect(layout.stateTotal).toBe(12);
  });

  it('has no state without batch norm', () => {
    const layout = parameterLayout(resolveConfig({ inputs: 2, layers: [{ units: 3 }, { units: 1 }] }));
    expect(layout.total).toBe(2 * 3 + 3 + 3 * 1 + 1);
    expect(layout.stateTotal).toBe(0);
  });
});

describe('layerViews', () => {
  it('views each part in place, and has no view of a part the layer lacks', () => {
    const config = resolveConfig({ inputs: 2, layers: [{ units: 3, activation: 'prelu' }, { units: 2, residual: true, batchNorm: true }, { units: 1 }] });
    const layout = parameterLayout(config);
    const flat = Float32Array.from({ length: layout.total }, (_, i) => i);
    const [first, second] = layerViews(layout, flat) as [ReturnType<typeof layerViews>[0], ReturnType<typeof layerViews>[0]];
    expect(Array.from(first.weights)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(first.bias)).toEqual([6, 7, 8]);
    expect(Array.from(first.slopes!)).toEqual([9, 10, 11]);
    expect([first.gamma, first.beta, first.projection]).toEqual([undefined, undefined, undefined]);
    expect(Array.from(second.weights)).toEqual([12, 13, 14, 15, 16, 17]);
    expect(Array.from(second.bias)).toEqual([18, 19]);
    expect(second.slopes).toBeUndefined();
    expect(Array.from(second.gamma!)).toEqual([20, 21]);
    expect(Array.from(second.beta!)).toEqual([22, 23]);
    expect(Array.from(second.projection!)).toEqual([24, 25, 26, 27, 28, 29]);
    // Views, not copies: writing one writes the flat buffer.
    second.projection![5] = -1;
    expect(flat[29]).toBe(-1);
    expect(layout.total).toBe(30 + 2 + 1);
  });
});
