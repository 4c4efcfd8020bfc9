// Training beside a server: how long the event loop waits while digits trains, with the
// blocking MLP.fit on the main thread against trainInWorker on a worker thread. A 1 ms
// setInterval ticker runs throughout (as a server's timers and sockets would), and
// perf_hooks.monitorEventLoopDelay samples the loop's delay; the table shows p50 / p99 / max
// side by side, with each run's wall time and test accuracy (the two models are bit-identical),
// after 2 s of the ticker alone (what the machine's other load does to the loop).
//   npm run bench:serve [-- --epochs 30 --json serve.json]
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getBackend } from '../src/backend/registry.ts';
import { MinMaxScaler, loadDigitsSplit } from '../src/data/index.ts';
import { MLP } from '../src/nn/mlp.ts';
import '../src/train/fit.ts'; // installs the loop behind MLP.fit
import type { MLPConfig } from '../src/nn/config.ts';
import { trainInWorker } from '../src/train/train-in-worker.ts';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '30' }, json: { type: 'string' } } });
const epochs = Number(values.epochs);
const { train, test } = loadDigitsSplit();
const scaler = new MinMaxScaler().fit(train.x, train.features);
const x = scaler.transform(train.x);
const testX = scaler.transform(test.x);
const config: MLPConfig = { inputs: 64, layers: [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 3 };
const fitOptions = { epochs, batchSize: 32, optimizer: { type: 'adam' as const, lr: 1e-3 }, monitorGradients: false };

interface Row {
  mode: string;
  wallSeconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ticks: number;
  testAccuracy?: number;
}

/** Runs `train` with a 1 ms ticker and the delay monitor on; returns the loop's delays in ms. */
async function measure<M extends MLP | undefined>(mode: string, train: () => Promise<M>): Promise<{ row: Row; model: M }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let ticks = 0;
  const ticker = setInterval(() => void ticks++, 1);
  histogram.enable();
  // The monitor's first sample only starts its clock: a block before it would go unrecorded.
  while (histogram.count < 3) await new Promise((resolve) => setTimeout(resolve, 1));
  const start = performance.now();
  const model = await train();
  const wallSeconds = (performance.now() - start) / 1000;
  // The monitor records a blocked stretch when its own timer next runs: wait for a few of its samples.
  const samples = histogram.count;
  while (histogram.count < samples + 3) await new Promise((resolve) => setTimeout(resolve, 1));
  histogram.disable();
  clearInterval(ticker);
  const ms = (ns: number) => ns / 1e6;
  const row: Row = { mode, wallSeconds, p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), ticks };
  if (model) row.testAccuracy = model.evaluate(testX, test.y).accuracy!;
  return { row, model };
}

// What the machine itself does to a 1 ms ticker (other processes, the scheduler), for scale.
const idle = await measure('idle (no training)', () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000)));
// The blocking fit starts from a timer, as a request handler would.
const blocking = await measure('MLP.fit (blocking)', () => new Promise<MLP>((resolve) => setTimeout(() => {
  const model = new MLP(config);
  model.fit(x, train.y, fitOptions);
  resolve(model);
}, 1)));
const background = await measure('trainInWorker', async () => (await trainInWorker(config, x, train.y, fitOptions)).model);

const same = Buffer.from(blocking.model.parameters.buffer, blocking.model.parameters.byteOffset, blocking.model.parameters.byteLength)
  .equals(Buffer.from(background.model.parameters.buffer, background.model.parameters.byteOffset, background.model.parameters.byteLength));
const rows = [idle.row, blocking.row, background.row];
console.log(`digits 64-256-128-10, ${epochs} epochs, batch 32, Adam, ${getBackend().name} backend; event loop delay under a 1 ms ticker`);
console.table(rows.map((r) => ({
  mode: r.mode,
  'wall (s)': r.wallSeconds.toFixed(2),
  'p50 (ms)': r.p50Ms.toFixed(2),
  'p99 (ms)': r.p99Ms.toFixed(2),
  'max (ms)': r.maxMs.toFixed(2),
  ticks: r.ticks,
  'test accuracy': r.testAccuracy?.toFixed(4) ?? '',
})));
console.log(`weights bit-identical: ${same ? 'yes' : 'NO'}; trainInWorker p99 ${background.row.p99Ms.toFixed(2)} ms ${background.row.p99Ms <= 20 ? '<=' : '>'} 20 ms (blocking fit: ${blocking.row.p99Ms.toFixed(0)} ms)`);
if (values.json) writeFileSync(values.json, JSON.stringify({ epochs, backend: getBackend().name, bitIdentical: same, rows }, null, 2));
