// trainInWorker: the same model and history as a synchronous fit with the same seed, on each
// backend; per-epoch progress; abort between steps; errors from the worker with their class.
import { describe, expect, it } from 'vitest';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import type { MLPConfig } from '../../src/nn/config.ts';
import type { EpochLogs } from '../../src/train/fit.ts';
import { trainInWorker } from '../../src/train/train-in-worker.ts';
import { LOADED, JS } from '../backend/backends.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;
const y = iris.y;
const config: MLPConfig = { inputs: 4, layers: [{ units: 16, activation: 'relu', dropout: 0.1 }, { units: 3, activation: 'softmax' }], seed: 7 };
const fitOptions = { epochs: 4, batchSize: 16, optimizer: { type: 'adam' as const, lr: 0.01 }, validationData: [x.subarray(0, 40 * 4), y.subarray(0, 40)] as [Float32Array, Int32Array] };

describe('trainInWorker', () => {
  it.each(LOADED)('on %s: the trained weights and history equal a synchronous fit with the same seed, bit for bit', async (_name, backend) => {
    const direct = new MLP(config, { backend });
    const expected = direct.fit(x, y, fitOptions);
    const { model, history } = await trainInWorker(config, x, y, fitOptions, { backend });
    expect(model.backend).toBe(backend);
    expect(Buffer.from(model.parameters.buffer, model.parameters.byteOffset, model.parameters.byteLength))
      .toEqual(Buffer.from(direct.parameters.buffer, direct.parameters.byteOffset, direct.parameters.byteLength));
    expect(history).toEqual(expected);
    expect(model.predictProba(x)).toEqual(direct.predictProba(x));
    expect(model.optimizer?.toJSON()).toEqual(direct.optimizer?.toJSON());
  });

  it('batch norm running statistics come back with the weights; the caller keeps its arrays', async () => {
    const bn: MLPConfig = { inputs: 4, layers: [{ units: 8, activation: 'relu', batchNorm: true }, { units: 3, activation: 'softmax' }], seed: 2 };
    const direct = new MLP(bn, { backend: JS });
    direct.fit(x, y, { epochs: 2 });
    const shared = new Float32Array(new SharedArrayBuffer(x.byteLength));
    shared.set(x);
    const { model } = await trainInWorker(bn, shared, Array.from(y), { epochs: 2 }, { backend: JS });
    expect(model.state).toEqual(direct.state);
    expect(model.state.some((v) => v !== 0 && v !== 1)).toBe(true);
    expect(model.evaluate(x, y)).toEqual(direct.evaluate(x, y));
    expect(x.length).toBe(600);
  });

  it('calls onEpoch after each epoch with its logs, before it resolves', async () => {
    const seen: [number, EpochLogs][] = [];
    const { history } = await trainInWorker(config, x, y, { ...fitOptions, epochs: 3 }, { backend: JS, onEpoch: (epoch, logs) => void seen.push([epoch, logs]) });
    expect(seen.map(([epoch]) => epoch)).toEqual([0, 1, 2]);
    expect(seen.map(([, logs]) => logs.loss)).toEqual(history.history.loss);
    expect(seen.map(([, logs]) => logs.valAccuracy)).toEqual(history.history.valAccuracy);
    expect(Object.keys(seen[0]![1]).sort()).toEqual(['accuracy', 'loss', 'lr', 'valAccuracy', 'valLoss']);
  });

  it('leaves the event loop free while it trains: timers fire between epochs', async () => {
    const events: string[] = [];
    const ticker = setInterval(() => events.push('tick'), 1);
    try {
      await trainInWorker(config, x, y, { epochs: 30, batchSize: 1 }, { backend: JS, onEpoch: (epoch) => void events.push(`epoch ${epoch}`) });
    } finally {
      clearInterval(ticker);
    }
    const between = events.slice(events.indexOf('epoch 0'), events.indexOf('epoch 29'));
    expect(between.filter((e) => e === 'tick').length).toBeGreaterThan(0);
  });

  it('aborts between steps and rejects with an AbortError, as fetch does', async () => {
    const controller = new AbortController();
    let epochs = 0;
    const started = Date.now();
    const run = trainInWorker(config, x, y, { epochs: 100_000, batchSize: 1 }, {
      backend: JS,
      signal: controller.signal,
      onEpoch: () => {
        if (++epochs === 1) controller.abort();
      },
    });
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(epochs).toBeLessThan(5);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects at once with the reason of a signal aborted before the call', async () => {
    await expect(trainInWorker(config, x, y, {}, { signal: AbortSignal.abort(new Error('shutting down')) })).rejects.toThrow('shutting down');
  });

  it('an error thrown on the worker comes back with its class, message and the worker stack', async () => {
    const error = await trainInWorker(config, x, y, { batchSize: 0 }, { backend: JS }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('batchSize must be a positive integer, got 0');
    expect((error as Error).stack).toContain('fitModel');
  });

  it('an onEpoch that throws stops the training and rejects with its error', async () => {
    let calls = 0;
    const failing = trainInWorker(config, x, y, { epochs: 100_000, batchSize: 1 }, {
      backend: JS,
      onEpoch: () => {
        calls++;
        throw new Error('progress sink closed');
      },
    });
    await expect(failing).rejects.toThrow('progress sink closed');
    expect(calls).toBe(1);
  });

  it('checks the inputs on the calling thread, naming the field', async () => {
    await expect(trainInWorker(config, x.subarray(1), y)).rejects.toThrow(new RangeError('x.length must be a multiple of 4 (rows × inputs, row-major), got 599'));
    await expect(trainInWorker(config, x, y, { callbacks: [] })).rejects.toThrow(TypeError);
    await expect(trainInWorker(config, x, y, { augment: { noise: 0, mixup: () => 0 } as never })).rejects.toThrow(new TypeError('fitOptions must be plain data that can be sent to a worker thread: () => 0 could not be cloned.'));
    await expect(trainInWorker({ ...config, layers: [] }, x, y)).rejects.toThrow(/layers/);
    await expect(trainInWorker(config, x, y, {}, { signal: 'stop' as never })).rejects.toThrow(new TypeError('signal must be an AbortSignal, got "stop"'));
  });
});
