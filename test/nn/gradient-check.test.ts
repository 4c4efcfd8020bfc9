// Every hidden activation × every loss, on every backend: the backend's float32 gradients and
// the float64 backprop against central finite differences of the float64 loss (relative error
// per parameter block ≤ 1e-3 and ≤ 1e-6).
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import { gradientCheck } from '../../src/nn/gradient-check.ts';
import type { Activation } from '../../src/nn/activations.ts';
import { LOADED, randomValues } from '../backend/backends.ts';

const HIDDEN: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'prelu', 'selu', 'softplus'];
const HEADS = [
  { loss: 'mse', output: 'linear', outputs: 2, y: () => Array.from(randomValues(12, 5)) },
  { loss: 'binaryCrossEntropy', output: 'sigmoid', outputs: 2, y: () => Array.from(randomValues(12, 6), (v) => (v > 0 ? 1 : 0)) },
  { loss: 'categoricalCrossEntropy', output: 'softmax', outputs: 3, y: () => [0, 2, 1, 1, 0, 2] },
] as const;

describe.each(LOADED)('gradient check on %s', (_name, backend) => {
  for (const head of HEADS) {
    it.each(HIDDEN)(`%s hidden layers with ${head.loss}/${head.output}`, (activation) => {
      const model = new MLP(
        {
          inputs: 4,
          layers: [
            { units: 5, activation },
            { units: 4, activation },
            { units: head.outputs, activation: head.output },
          ],
          loss: head.loss,
          seed: 3,
        },
        { backend },
      );
      // Non-zero biases: with zero biases a row whose ReLUs are all off gives z exactly 0 in the
      // next layer, a kink where finite differences measure the average of the one-sided slopes.
      model.setWeights(model.getWeights().map((layer, l) => ({ ...layer, bias: randomValues(layer.bias.length, 20 + l, 0.2) })));
      const x = randomValues(6 * 4, 11, 1.5);
      const result = gradientCheck(model, x, head.y());
      expect(result.maxReferenceError, JSON.stringify(result.blocks)).toBeLessThanOrEqual(1e-6);
      expect(result.maxBackendError, JSON.stringify(result.blocks)).toBeLessThanOrEqual(1e-3);
    });
  }

  it('names every parameter block, and catches a backprop that is wrong in one of them', () => {
    const model = new MLP({ inputs: 3, layers: [{ units: 4, activation: 'prelu', batchNorm: true }, { units: 2, activation: 'tanh', residual: true }, { units: 1 }], seed: 2 }, { backend });
    const x = [[0.1, 0.5, -0.3], [1, -1, 0.2], [0.3, 0.3, 0.9]];
    const y = [[1], [0], [2]];
    const good = gradientCheck(model, x, y);
    expect(good.blocks.map((b) => b.name)).toEqual([
      'layers[0].weights', 'layers[0].bias', 'layers[0].slopes', 'layers[0].gamma', 'layers[0].beta',
      'layers[1].weights', 'layers[1].bias', 'layers[1].projection', 'layers[2].weights', 'layers[2].bias',
    ]);
    expect(good.loss).toBeCloseTo(model.computeGradients(x, y).loss, 12);
    expect(good.maxBackendError).toBe(Math.max(...good.blocks.map((b) => b.backend)));
    expect(good.maxReferenceError).toBe(Math.max(...good.blocks.map((b) => b.reference)));
    expect(good.maxBackendError).toBeLessThan(1e-3);
    // A backprop that doubles layer 2's weight gradient: ‖2g − g‖ / ‖2g‖ = 1/2 in that block only.
    const computeGradients = model.computeGradients.bind(model);
    model.computeGradients = (...args) => {
      const result = computeGradients(...args);
      result.gradients[1]!.weights.forEach((v, i, w) => (w[i] = 2 * v));
      return result;
    };
    const bad = gradientCheck(model, x, y);
    expect(bad.blocks.find((b) => b.name === 'layers[1].weights')!.backend).toBeCloseTo(0.5, 3);
    expect(bad.maxBackendError).toBeCloseTo(0.5, 3);
    expect(bad.blocks.filter((b) => b.backend > 1e-3).map((b) => b.name)).toEqual(['layers[1].weights']);
    expect(bad.maxReferenceError).toBe(good.maxReferenceError);
  });

  it('takes the central difference step it is given: a coarse one disagrees with backprop by its O(ε²) error', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1 }], seed: 4 }, { backend });
    const x = [[0.4, -0.9], [1.2, 0.3]];
    const y = [[0.5], [-1]];
    const fine = gradientCheck(model, x, y);
    const coarse = gradientCheck(model, x, y, { epsilon: 0.3 });
    expect(fine.maxReferenceError).toBeLessThan(1e-7);
    expect(coarse.maxReferenceError).toBeGreaterThan(1e-3);
    expect(coarse.loss).toBe(fine.loss);
  });

  it('sigmoid + binary cross-entropy: the output delta is ŷ − y (the seed formula)', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 }, { backend });
    const x = [[0.3, -0.8]];
    const yHat = model.predictProba(x)[0]!;
    const { gradients } = model.computeGradients(x, [[1]]);
    expect(gradients[1]!.bias[0]).toBeCloseTo(yHat - 1, 6);
  });
});
