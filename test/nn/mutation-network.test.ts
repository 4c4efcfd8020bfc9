// Network paths the js backend alone never takes: a backend that computes only on its own
// memory (as wasm does) writes predictInto's result into the output layer's buffer and copies it
// out, and must not copy when the input was refused.
import { describe, expect, it } from 'vitest';
import { CheckedBackend } from '../../src/backend/checked-backend.ts';
import { createJsProvider } from '../../src/backend/js/js-backend.ts';
import { MLP } from '../../src/nn/mlp.ts';
import { randomValues } from '../backend/backends.ts';

/** The js kernels, owning only the arrays they allocated. */
function ownMemoryBackend(): CheckedBackend {
  const provider = createJsProvider();
  const owned = new WeakSet<object>();
  const keep = <T extends object>(array: T): T => (owned.add(array), array);
  return new CheckedBackend({
    ...provider,
    allocate: (length) => keep(provider.allocate(length)),
    allocateInt32: (length) => keep(provider.allocateInt32(length)),
    allocateUint32: (length) => keep(provider.allocateUint32(length)),
    owns: (array) => owned.has(array),
  });
}

describe('Network.predictInto on a backend with its own memory', () => {
  it('copies the outputs out of its buffer into a foreign out, row for row', () => {
    const backend = ownMemoryBackend();
    const model = new MLP({ inputs: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed: 2 }, { backend });
    const x = backend.allocate(5 * 3);
    x.set(randomValues(15, 8));
    const out = new Float32Array(5 * 2 + 1).fill(-1);
    model.predictInto(x, out);
    expect(Array.from(out.subarray(0, 10))).toEqual(Array.from(model.predictProba(Array.from(x))));
    // Only rows × outputs entries are written.
    expect(out[10]).toBe(-1);
  });

  // NaN first: the kernel reports index 0, which must not pass for "all finite" (−1).
  it('leaves a foreign out untouched when the input is refused', () => {
    const backend = ownMemoryBackend();
    const model = new MLP({ inputs: 2, layers: [{ units: 1 }], loss: 'mse' }, { backend });
    const x = backend.allocate(4);
    x.set([Number.NaN, 2, 3, 4]);
    const out = new Float32Array(2).fill(7);
    expect(() => model.predictInto(x, out)).toThrow(new RangeError('x[0][0] must be a finite number, got NaN'));
    expect(Array.from(out)).toEqual([7, 7]);
  });
});
