// fit on a worker thread, for servers: MLP.fit is synchronous and would hold the event loop
// for the whole run. trainInWorker validates the inputs here, shares the datasets with one
// worker thread (SharedArrayBuffers, or buffers it made itself handed over: never a structured-
// clone copy), forwards each epoch's logs, and resolves with the trained model on the caller's
// backend, bit for bit what a synchronous fit with the same seed gives. An AbortSignal stops
// the worker at the next step and rejects as fetch does (an AbortError DOMException by default).
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { lazyModule } from '../lazy-module.ts';
import type { Backend } from '../backend/backend.ts';
import { getBackend } from '../backend/registry.ts';
import { typeError, WorkerThreadError } from '../errors.ts';
import { configToJSON, resolveConfig, type MLPConfig } from '../nn/config.ts';
import { MLP } from '../nn/mlp.ts';
import { shareArray } from '../workers/shared-arrays.ts';
import { fromErrorRecord } from '../workers/transported-error.ts';
import { workerScript } from '../workers/worker-script.ts';
import type { EpochLogs, FitOptions, History } from './fit.ts';
import { toFeatures, toTargets, type FeaturesInput, type TargetsInput } from '../nn/inputs.ts';
import type { TrainMessage, TrainTask } from './train-worker.ts';

const loadPiscina = lazyModule<typeof import('piscina')>('piscina');

export interface TrainInWorkerOptions {
  /** Aborts between two steps; the promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Called on this thread after each epoch with its logs (loss, metrics, validation metrics,
   * lr). A throw (or a returned promise that rejects) stops the training and rejects with it.
   */
  onEpoch?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
  /** The backend the model trains and is returned on; default: the active one (getBackend()). */
  backend?: Backend;
}

export interface TrainedModel {
  /** Compiled with the optimizer fit used (its hyperparameters; its moment estimates start afresh). */
  model: MLP;
  history: History;
}

const WORKER = workerScript(import.meta.url, './train-worker');

type Labels = Int32Array | Float32Array;

/** Hands an array to the worker without a structured-clone copy: shared, or (when this module made it) transferred. */
function hand<T extends Float32Array | Labels>(array: T, callers: unknown, transfer: ArrayBuffer[]): T {
  if (array === callers || array.buffer instanceof SharedArrayBuffer) return shareArray(array);
  transfer.push(array.buffer as ArrayBuffer);
  return array;
}

function labelsOf(targets: ReturnType<typeof toTargets>): Labels {
  return targets.kind === 'labels' ? targets.labels : targets.targets;
}

function checkOptions(fitOptions: FitOptions, options: TrainInWorkerOptions): void {
  if (typeof fitOptions !== 'object' || fitOptions === null) throw typeError('fit options', 'an object', fitOptions);
  if (fitOptions.callbacks !== undefined) {
    throw typeError('fitOptions.callbacks', 'absent: callbacks cannot run on the worker thread (use onEpoch for progress and signal to stop)', fitOptions.callbacks);
  }
  if (typeof options !== 'object' || options === null) throw typeError('trainInWorker options', 'an object', options);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw typeError('signal', 'an AbortSignal', options.signal);
  if (options.onEpoch !== undefined && typeof options.onEpoch !== 'function') throw typeError('onEpoch', 'a function', options.onEpoch);
  if (options.backend !== undefined && (typeof options.backend !== 'object' || options.backend === null || typeof options.backend.name !== 'string')) {
    throw typeError('backend', 'a Backend (createBackend or getBackend)', options.backend);
  }
}

/**
 * Trains a new MLP(config) on (x, y) with fit(x, y, fitOptions) on a worker thread; the event
 * loop stays free meanwhile. Resolves with the trained model and fit's history.
 */
export async function trainInWorker(
  config: MLPConfig, x: FeaturesInput, y: TargetsInput, fitOptions: FitOptions = {}, options: TrainInWorkerOptions = {},
): Promise<TrainedModel> {
  checkOptions(fitOptions, options);
  const { signal, onEpoch } = options;
  signal?.throwIfAborted();
  const backend = options.backend ?? getBackend();
  const resolved = resolveConfig(config);
  const outputs = resolved.layers[resolved.layers.length - 1]!.units;
  const transfer: ArrayBuffer[] = [];
  const features = toFeatures(x, resolved.inputs);
  const targets = toTargets(y, features.rows, outputs, resolved.loss);
  const { validationData, ...rest } = fitOptions;
  try {
    structuredClone(rest);
  } catch (error) {
    throw new TypeError(`fitOptions must be plain data that can be sent to a worker thread: ${(error as Error).message}`);
  }
  let validation: TrainTask['validation'];
  if (validationData !== undefined) {
    if (!Array.isArray(validationData) || validationData.length !== 2) throw typeError('validationData', 'a pair [x, y]', validationData);
    const vf = toFeatures(validationData[0], resolved.inputs, 'validationData[0]');
    const vt = toTargets(validationData[1], vf.rows, outputs, resolved.loss, 'validationData[1]');
    validation = [hand(vf.data, validationData[0], transfer), hand(labelsOf(vt), validationData[1], transfer)];
  }
  const abort = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const task: TrainTask = {
    config: configToJSON(resolved),
    backend: backend.name,
    threads: backend.getThreads(),
    x: hand(features.data, x, transfer),
    y: hand(labelsOf(targets), y, transfer),
    ...(validation ? { validation } : {}),
    fitOptions: rest,
    abort,
    port: port2,
  };
  // A pool of one thread, for this run only: piscina starts the task file the way every worker
  // of hyperprop starts (a `.ts` task needs a JavaScript entry point that loads it).
  const pool = new (loadPiscina().Piscina)<TrainTask, void>({ ...WORKER, minThreads: 1, maxThreads: 1 });

  return new Promise<TrainedModel>((resolve, reject) => {
    let failure: { error: unknown } | undefined;
    let settled = false;
    // The worker reads the flag between steps and answers 'aborted'; the promise settles then,
    // once the thread has stopped computing.
    const stop = (error: unknown): void => {
      failure ??= { error };
      Atomics.store(abort, 0, 1);
    };
    const onAbort = (): void => stop(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      port1.close();
      void pool.destroy();
      if (failure) reject(failure.error);
      else outcome();
    };
    port1.on('message', (m: TrainMessage) => {
      if (m.type === 'epoch') {
        if (failure || !onEpoch) return;
        try {
          const returned = onEpoch(m.epoch, m.logs);
          if (returned instanceof Promise) returned.catch(stop);
        } catch (error) {
          stop(error);
        }
      } else if (m.type === 'done') {
        settle(() => {
          const model = new MLP(task.config, { backend });
          model.parameters.set(m.parameters);
          model.state.set(m.state);
          model.compile({ optimizer: m.optimizer });
          resolve({ model, history: m.history });
        });
      } else if (m.type === 'error') {
        settle(() => reject(fromErrorRecord(m.error)));
      } else {
        settle(() => reject(new WorkerThreadError('the training worker stopped without being asked to')));
      }
    });
    // A task that returns has posted its last message (done, aborted or error) on the port; one
    // that rejects failed outside its own catch (the task file did not load, the thread died).
    pool.run(task, { transferList: [...transfer, port2] }).catch(
      (error: unknown) => settle(() => reject(new WorkerThreadError(`the training worker failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }))),
    );
  });
}
