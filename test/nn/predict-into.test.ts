// MLP.predictInto, the allocation-free inference path: for plain dense layers it is one backend
// call (denseStackForward), and it must give bit for bit what the layer-by-layer forward pass
// gives (predictProba) on the same backend, for every activation, with and without dropout, into
// arrays in the backend's memory or not; with batch norm or residual sums it takes the layer-by-
// layer path. A non-finite input is rejected, naming it, before out is touched.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import type { LayerConfig, MLPConfig } from '../../src/nn/config.ts';
import { MLP } from '../../src/nn/mlp.ts';
import { LOADED, randomValues } from '../backend/backends.ts';

const HIDDEN: LayerConfig[][] = [
  [{ units: 17, activation: 'relu' }, { units: 9, activation: 'tanh' }],
  [{ units: 12, activation: 'prelu' }, { units: 7, activation: 'leakyRelu', alpha: 0.2 }],
  [{ units: 11, activation: 'elu', alpha: 0.5 }, { units: 6, activation: 'selu', dropout: 0.3 }],
  [{ units: 10, activation: 'softplus' }, { units: 8, activation: 'sigmoid' }],
  [{ units: 8, activation: 'relu', batchNorm: true }, { units: 8, activation: 'relu', residual: true }],
];

function modelOn(backend: Backend, hidden: LayerConfig[], loss: 'categoricalCrossEntropy' | 'mse'): MLP {
  const output: LayerConfig = loss === 'mse' ? { units: 3, activation: 'linear' } : { units: 4, activation: 'softmax' };
  const config: MLPConfig = { inputs: 13, layers: [...hidden, output], loss, seed: 5 };
  return new MLP(config, { backend });
}

describe.each(LOADED)('predictInto on %s', (_name, backend) => {
  it.each(HIDDEN.map((hidden, i) => [i, hidden] as const))('layers %i give what predictProba gives', (_i, hidden) => {
    for (const loss of ['categoricalCrossEntropy', 'mse'] as const) {
      const model = modelOn(backend, hidden, loss);
      for (const rows of [1, 5, 600]) {
        const x = randomValues(rows * 13, rows, 2);
        const expected = loss === 'mse' ? (model.predict(x) as Float32Array) : model.predictProba(x);
        for (const memory of ['backend', 'plain'] as const) {
          const input = memory === 'backend' ? backend.allocate(x.length) : new Float32Array(x.length);
          input.set(x);
          const out = memory === 'backend' ? backend.allocate(expected.length) : new Float32Array(expected.length);
          model.predictInto(input, out);
          expect([...out], `${loss}, ${rows} rows, arrays in ${memory} memory`).toEqual([...expected]);
        }
      }
    }
  });

  it('rejects a non-finite input, naming it, and leaves out untouched', () => {
    for (const hidden of [HIDDEN[0]!, HIDDEN[4]!]) {
      const model = modelOn(backend, hidden, 'categoricalCrossEntropy');
      const x = backend.allocate(3 * 13);
      x.set(randomValues(3 * 13, 1));
      x[2 * 13 + 4] = Number.NaN;
      const out = backend.allocate(3 * 4).fill(-1);
      expect(() => model.predictInto(x, out)).toThrow('x[2][4] must be a finite number, got NaN');
      expect([...out]).toEqual(new Array(12).fill(-1));
      x[2 * 13 + 4] = 0;
      x[5] = -Infinity;
      expect(() => model.predictInto(x, out)).toThrow('x[0][5] must be a finite number, got -Infinity');
    }
  });
});
