// The piscina task file of trainInWorker (one default export): builds the model on the caller's backend (and its kernel
// thread count), runs the ordinary synchronous fit on datasets that lie on SharedArrayBuffers,
// posts each epoch's logs as it ends, and posts the trained parameters back in buffers it hands
// over (transferred, not copied), all on the task's one port so the caller sees them in order.
// Between steps it reads one shared flag: the caller's abort.
import type { MessagePort } from 'node:worker_threads';
import type { BackendName } from '../backend/backend.ts';
import { getBackend, setBackend } from '../backend/registry.ts';
import { MLP } from '../nn/mlp.ts';
import type { MLPConfig } from '../nn/config.ts';
import type { OptimizerSpec } from '../nn/optimizers/index.ts';
import { toErrorRecord, type ErrorRecord } from '../workers/transported-error.ts';
import type { Callback, EpochLogs, FitOptions, History } from './fit.ts';
import './fit.ts'; // installs the loop behind MLP.fit (src/nn/trainer.ts)

export interface TrainTask {
  config: MLPConfig;
  backend: BackendName;
  threads: number;
  x: Float32Array;
  y: Int32Array | Float32Array;
  validation?: [Float32Array, Int32Array | Float32Array];
  /** The caller's fit options less callbacks and validationData (they travel apart). */
  fitOptions: Omit<FitOptions, 'callbacks' | 'validationData'>;
  /** Int32Array(1) on a SharedArrayBuffer: non-zero once the caller aborts. */
  abort: Int32Array;
  /** Where every TrainMessage goes (transferred with the task). */
  port: MessagePort;
}

export type TrainMessage =
  | { type: 'epoch'; epoch: number; logs: EpochLogs }
  | { type: 'done'; history: History; parameters: Float32Array; state: Float32Array; optimizer: OptimizerSpec }
  | { type: 'aborted' }
  | { type: 'error'; error: ErrorRecord };

/** Thrown from a callback to leave fit at once; preallocated, so the step loop allocates nothing. */
export const ABORTED = Symbol('aborted');

/** fit's callback on the worker: leaves fit (throws ABORTED) at the first step or epoch after the flag is set. */
export function watchCallback(abort: Int32Array, onEpochEnd: (epoch: number, logs: EpochLogs) => void): Callback {
  // onEpochEnd is wrapped so whatever it returns is never read as fit's "stop".
  return {
    onEpochBegin() {
      if (Atomics.load(abort, 0) !== 0) throw ABORTED;
    },
    onBatchEnd() {
      if (Atomics.load(abort, 0) !== 0) throw ABORTED;
    },
    onEpochEnd(epoch, logs) {
      onEpochEnd(epoch, logs);
    },
  };
}

function run(task: TrainTask, post: (message: TrainMessage, transfer?: ArrayBuffer[]) => void): void {
  const { abort } = task;
  if (Atomics.load(abort, 0) !== 0) return post({ type: 'aborted' });
  setBackend(task.backend);
  getBackend().setThreads(task.threads);
  const model = new MLP(task.config);
  const watch = watchCallback(abort, (epoch, logs) => {
    post({ type: 'epoch', epoch, logs });
  });
  const history = model.fit(task.x, task.y, { ...task.fitOptions, ...(task.validation ? { validationData: task.validation } : {}), callbacks: [watch] });
  // Backend memory (WASM's, native's aligned blocks) cannot be handed over: one copy out, into
  // buffers that are then transferred whole.
  const parameters = model.parameters.slice();
  const state = model.state.slice(0, model.layout.stateTotal);
  post({ type: 'done', history, parameters, state, optimizer: model.optimizer!.toJSON() }, [parameters.buffer, state.buffer]);
}

export default function trainTask(task: TrainTask): void {
  const { port } = task;
  try {
    run(task, (message, transfer) => port.postMessage(message, transfer));
  } catch (error) {
    port.postMessage(error === ABORTED ? ({ type: 'aborted' } satisfies TrainMessage) : ({ type: 'error', error: toErrorRecord(error) } satisfies TrainMessage));
  } finally {
    port.close();
  }
}
