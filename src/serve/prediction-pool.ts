// Predictions off the event loop, for servers: a piscina pool of N threads, each holding the
// model (built once per thread from one shared copy of its parameters), so a batch of rows is
// an awaited task and the event loop only validates and forwards. Rows are checked here first,
// so a bad request fails at once with the field, the rule and the value.
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { lazyModule } from '../lazy-module.ts';
import { MinMaxScaler, StandardScaler } from '../data/index.ts';
import { rangeError, typeError, WorkerThreadError } from '../errors.ts';
import { configToJSON } from '../nn/config.ts';
import { MLP } from '../nn/mlp.ts';
import type { Scaler } from '../nn/model-file.ts';
import { toFeatures, type FeaturesInput } from '../nn/inputs.ts';
import { shareArray } from '../workers/shared-arrays.ts';
import { fromErrorRecord } from '../workers/transported-error.ts';
import { workerScript } from '../workers/worker-script.ts';
import type { PoolModel, PredictAnswer, PredictTask } from './prediction-worker.ts';

const loadPiscina = lazyModule<typeof import('piscina')>('piscina');

export interface PredictionPoolOptions {
  /** Worker threads; default: one fewer than the cores (at least 1), leaving one to the event loop. */
  threads?: number;
  /** Applied to the rows on the worker before predicting; default: the model's inputScaler (a loaded model's stored scaler). */
  scaler?: Scaler;
}

const WORKER = workerScript(import.meta.url, './prediction-worker');

export class PredictionPool {
  readonly threads: number;
  readonly inputs: number;
  readonly outputs: number;
  private readonly pool: Piscina<PredictTask, PredictAnswer>;
  private closed = false;

  /** Snapshots `model` (later changes to it do not reach the pool) on the model's backend. */
  constructor(model: MLP, options: PredictionPoolOptions = {}) {
    if (!(model instanceof MLP)) throw typeError('model', 'an MLP (new MLP(...) or loadModel(path).model)', model);
    if (typeof options !== 'object' || options === null) throw typeError('PredictionPool options', 'an object', options);
    const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    if (!(Number.isSafeInteger(threads) && threads >= 1)) throw (typeof threads === 'number' ? rangeError : typeError)('threads', 'a positive integer', threads);
    const scaler = options.scaler ?? model.inputScaler;
    if (scaler !== undefined) {
      if (!(scaler instanceof StandardScaler || scaler instanceof MinMaxScaler)) throw typeError('scaler', 'a fitted StandardScaler or MinMaxScaler', scaler);
      if (scaler.features !== model.inputs) throw rangeError('scaler.features', `the model's inputs (${model.inputs})`, scaler.features);
    }
    this.threads = threads;
    this.inputs = model.inputs;
    this.outputs = model.outputs;
    const workerData: PoolModel = {
      config: configToJSON(model.config),
      backend: model.backend.name,
      // shareArray copies once (the model's buffers may be backend memory); every thread reads that copy.
      parameters: shareArray(model.parameters.slice()),
      state: shareArray(model.state.slice(0, model.layout.stateTotal)),
      ...(scaler ? { scaler: scaler.toJSON() } : {}),
    };
    this.pool = new (loadPiscina().Piscina)({ ...WORKER, minThreads: threads, maxThreads: threads, workerData });
  }

  /** As MLP.predict: class indices (softmax), 0/1 per output (sigmoid), the outputs (regression). */
  predict(x: FeaturesInput): Promise<Int32Array | Float32Array> {
    return this.run(x, false);
  }

  /** As MLP.predictProba: the outputs, rows × outputs. */
  predictProba(x: FeaturesInput): Promise<Float32Array> {
    return this.run(x, true) as Promise<Float32Array>;
  }

  private async run(x: FeaturesInput, proba: boolean): Promise<Int32Array | Float32Array> {
    if (this.closed) throw new WorkerThreadError('the prediction pool is closed');
    const { data } = toFeatures(x, this.inputs);
    // Rows this method made are handed over; the caller's own array is copied (or shared, when
    // it lies on a SharedArrayBuffer), never detached.
    const transferList = data !== x && !(data.buffer instanceof SharedArrayBuffer) ? [data.buffer as ArrayBuffer] : [];
    const answer = await this.pool.run({ x: data, proba }, { transferList });
    if (ArrayBuffer.isView(answer)) return answer;
    throw fromErrorRecord(answer.error);
  }

  /** Stops the threads; calls made afterwards reject. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }
}
