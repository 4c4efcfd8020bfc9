// One seed fixes everything: the same seed on the same backend gives bit-identical weights after
// training (initialisation and shuffling); across backends the trained weights agree within
// 1e-3 relative (float32 sums in a different order); a different seed gives different weights.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { StandardScaler, loadWine } from '../../src/data/index.ts';
import { JS, LOADED, worstRatio } from '../backend/backends.ts';
import type { Backend } from '../../src/backend/backend.ts';

const wine = loadWine();
const x = new StandardScaler().fit(wine).transform(wine).x;

function train(backend: Backend, seed: number): Float32Array {
  const model = new MLP({ inputs: 13, layers: [{ units: 16, activation: 'relu' }, { units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed }, { backend });
  model.fit(x, wine.y, { epochs: 3, batchSize: 16, optimizer: { type: 'adam', lr: 1e-3 } });
  return Float32Array.from(model.parameters);
}

describe('reproducibility', () => {
  it.each(LOADED)('%s: the same seed gives bit-identical weights; another seed does not', (_name, backend) => {
    const a = train(backend, 11);
    const b = train(backend, 11);
    expect(new Uint32Array(b.buffer)).toEqual(new Uint32Array(a.buffer));
    expect(new Uint32Array(train(backend, 12).buffer)).not.toEqual(new Uint32Array(a.buffer));
  });

  it.each(LOADED.filter(([name]) => name !== 'js'))('%s agrees with js within 1e-3 relative after training', (_name, backend) => {
    expect(worstRatio(train(backend, 11), train(JS, 11), 1e-3, 1e-5).ratio).toBeLessThanOrEqual(1);
  });

  it('initial weights are identical on every backend for a seed', () => {
    const initial = LOADED.map(([, backend]) => Float32Array.from(new MLP({ inputs: 5, layers: [{ units: 4 }, { units: 2 }], seed: 3 }, { backend }).parameters));
    for (const weights of initial) expect(weights).toEqual(initial[0]);
  });
});
