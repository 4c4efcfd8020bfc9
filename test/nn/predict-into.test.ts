// MLP.predictInto, the allocation-free inference path: for plain dense layers it is one backend
// call (denseStackForward), and it must give bit for bit what the layer-by-layer forward pass
// gives (predictProba of a plain array, which is converted and copied chunk by chunk) on the same
// backend, for every activation, with and without dropout, into arrays in the backend's memory
// or not; with batch norm or residual sums it takes the layer-by-layer path. A non-finite input
// is rejected, naming it, before out is touched. predict and predictProba of a Float32Array of
// one chunk go through predictInto, and give what they give for the same rows as a plain array.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import type { LayerConfig, MLPConfig } from '../../src/nn/config.ts';
import { MLP } from '../../src/nn/mlp.ts';
import { INFERENCE_ROWS } from '../../src/nn/workspace-pool.ts';
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
        const plain = Array.from(x); // the converted, layer-by-layer path
        const expected = loss === 'mse' ? (model.predict(plain) as Float32Array) : model.predictProba(plain);
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

  it.each(['categoricalCrossEntropy', 'binaryCrossEntropy', 'mse'] as const)('predict and predictProba of a Float32Array (%s) give what a plain array gives', (loss) => {
    const output: LayerConfig = loss === 'mse' ? { units: 3, activation: 'linear' } : loss === 'binaryCrossEntropy' ? { units: 2, activation: 'sigmoid' } : { units: 4, activation: 'softmax' };
    const model = new MLP({ inputs: 13, layers: [...HIDDEN[0]!, output], loss, seed: 5 }, { backend });
    for (const rows of [1, 5, 600, INFERENCE_ROWS + 3]) {
      const x = randomValues(rows * 13, rows + 1, 2);
      const plain = Array.from(x);
      expect([...model.predict(x)], `predict, ${rows} rows`).toEqual([...model.predict(plain)]);
      if (loss !== 'mse') expect([...model.predictProba(x)], `predictProba, ${rows} rows`).toEqual([...model.predictProba(plain)]);
    }
  });

  it('predict and predictProba of a Float32Array name a non-finite value and check its shape', () => {
    const model = modelOn(backend, HIDDEN[0]!, 'categoricalCrossEntropy');
    const x = randomValues(4 * 13, 3);
    x[3 * 13 + 7] = Infinity;
    expect(() => model.predictProba(x)).toThrow('x[3][7] must be a finite number, got Infinity');
    expect(() => model.predict(x)).toThrow('x[3][7] must be a finite number, got Infinity');
    expect(() => model.predictProba(new Float32Array(14))).toThrow('x.length must be a multiple of 13 (rows × inputs, row-major), got 14');
    expect(() => model.predict(new Float32Array(0))).toThrow('x must be at least one row, got "no rows"');
  });
});
