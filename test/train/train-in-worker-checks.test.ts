// trainInWorker's checks on the calling thread (each names the field and the value), the
// caller's arrays left whole, and an onEpoch whose promise rejects.
import { describe, expect, it } from 'vitest';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import type { MLPConfig } from '../../src/nn/config.ts';
import { trainInWorker } from '../../src/train/train-in-worker.ts';
import { JS } from '../backend/backends.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;
const y = iris.y as Int32Array;
const config: MLPConfig = { inputs: 4, layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 3 };

describe('trainInWorker checks', () => {
  it.each([
    ['fit options must be an object, got null', null, {}, TypeError],
    ['trainInWorker options must be an object, got null', {}, null, TypeError],
    ['onEpoch must be a function, got "log"', {}, { onEpoch: 'log' }, TypeError],
    ['backend must be a Backend (createBackend or getBackend), got Object', {}, { backend: {} }, TypeError],
    ['backend must be a Backend (createBackend or getBackend), got "js"', {}, { backend: 'js' }, TypeError],
    ['fitOptions.callbacks must be absent: callbacks cannot run on the worker thread (use onEpoch for progress and signal to stop), got Array(0)', { callbacks: [] }, {}, TypeError],
    ['validationData must be a pair [x, y], got Array(1)', { validationData: [x] }, {}, TypeError],
  ])('%s', async (message, fitOptions, options, type) => {
    await expect(trainInWorker(config, x, y, fitOptions as never, options as never)).rejects.toThrow(new (type as ErrorConstructor)(message));
  });

  it('validation data is checked on this thread too', async () => {
    await expect(trainInWorker(config, x, y, { validationData: [x.subarray(1), y] })).rejects.toThrow(new RangeError('validationData[0].length must be a multiple of 4 (rows × inputs, row-major), got 599'));
  });

  it("the caller's typed arrays stay whole and usable (copied to shared memory, never transferred)", async () => {
    const vx = x.slice(0, 40);
    const vy = y.slice(0, 10);
    const { history } = await trainInWorker(config, x, y, { epochs: 1, validationData: [vx, vy] }, { backend: JS });
    expect(history.history.valLoss).toHaveLength(1);
    expect([x.length, y.length, vx.length, vy.length]).toEqual([600, 150, 40, 10]);
    expect(vx).toEqual(x.subarray(0, 40));
    expect(vy).toEqual(y.subarray(0, 10));
  });

  it('an onEpoch whose promise rejects stops the training and rejects with its reason', async () => {
    let calls = 0;
    const run = trainInWorker(config, x, y, { epochs: 100_000, batchSize: 1 }, {
      backend: JS,
      onEpoch: async () => {
        calls++;
        throw new Error('store unavailable');
      },
    });
    await expect(run).rejects.toThrow('store unavailable');
    expect(calls).toBe(1);
  });
});
