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

  it('sigmoid + binary cross-entropy: the output delta is ŷ − y (the seed formula)', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 }, { backend });
    const x = [[0.3, -0.8]];
    const yHat = model.predictProba(x)[0]!;
    const { gradients } = model.computeGradients(x, [[1]]);
    expect(gradients[1]!.bias[0]).toBeCloseTo(yHat - 1, 6);
  });
});
