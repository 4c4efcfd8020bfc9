// The training task itself, run on this thread: a helper thread holds the other end of its port
// and sets the abort flag 50 ms after epoch 0's message arrives, while this thread is inside
// epoch 1 (most of a second). With 2 epochs, an abort seen only between epochs would let the
// run finish ('done'); seen between steps, the task stops inside epoch 1 ('aborted').
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { setBackend } from '../../src/backend/registry.ts';
import trainTask, { type TrainMessage } from '../../src/train/train-worker.ts';

const iris = loadIris();
const scaled = new StandardScaler().fit(iris).transform(iris).x;
// 200 copies of iris: one epoch of batch 1 is 30,000 steps (most of a second on js).
const x = new Float32Array(scaled.length * 200);
const y = new Int32Array(iris.y.length * 200);
for (let r = 0; r < 200; r++) {
  x.set(scaled, r * scaled.length);
  y.set(iris.y, r * iris.y.length);
}

const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
const { port, abort } = workerData;
port.on('message', (m) => {
  if (m.type === 'epoch') setTimeout(() => Atomics.store(abort, 0, 1), 50);
  parentPort.postMessage(m.type);
  if (m.type !== 'epoch') port.close();
});`;

describe('train worker task', () => {
  it('stops between two steps of an epoch once the abort flag is set', async () => {
    const abort = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const helper = new Worker(HELPER, { eval: true, workerData: { port: port1, abort }, transferList: [port1] });
    const seen: string[] = [];
    const ended = new Promise<void>((resolve) => helper.on('message', (type: TrainMessage['type']) => {
      seen.push(type);
      if (type !== 'epoch') resolve();
    }));
    await new Promise((resolve) => helper.once('online', resolve));
    try {
      trainTask({
        config: { inputs: 4, layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 1 },
        backend: 'js',
        threads: 1,
        x,
        y,
        fitOptions: { epochs: 2, batchSize: 1, monitorGradients: false },
        abort,
        port: port2,
      });
    } finally {
      setBackend(); // the task chose js for this thread, whose registry later test files share
    }
    await ended;
    await helper.terminate();
    expect(seen).toEqual(['epoch', 'aborted']);
  });
});
