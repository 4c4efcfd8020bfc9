// The piscina task file of PredictionPool (one default export). Each thread builds the model
// once, when piscina starts it, from the pool's workerData: the config and the parameters on a
// SharedArrayBuffer that every thread reads (one copy into this thread's backend memory). A task
// is one batch of rows; the answer goes back transferred (move), errors as a record keeping
// their class.
import { move, workerData } from 'piscina';
import type { BackendName } from '../backend/backend.ts';
import { getBackend, setBackend } from '../backend/registry.ts';
import { MinMaxScaler, StandardScaler, type MinMaxScalerJSON, type StandardScalerJSON } from '../data/index.ts';
import type { MLPConfig } from '../nn/config.ts';
import { MLP } from '../nn/mlp.ts';
import { toErrorRecord, type ErrorRecord } from '../workers/transported-error.ts';

export interface PoolModel {
  config: MLPConfig;
  backend: BackendName;
  /** Both on SharedArrayBuffers, shared by every thread. */
  parameters: Float32Array;
  state: Float32Array;
  scaler?: StandardScalerJSON | MinMaxScalerJSON;
}

export interface PredictTask {
  /** rows × inputs, checked by the pool before it was sent. */
  x: Float32Array;
  /** predictProba (the outputs) instead of predict (labels for classifiers). */
  proba: boolean;
}

export type PredictAnswer = Int32Array | Float32Array | { error: ErrorRecord };

const loaded = workerData as PoolModel;
setBackend(loaded.backend);
// One kernel thread per worker: the pool provides the parallelism.
getBackend().setThreads(1);
const model = new MLP(loaded.config);
model.parameters.set(loaded.parameters);
model.state.set(loaded.state);
const scaler = loaded.scaler === undefined ? undefined : loaded.scaler.type === 'StandardScaler' ? StandardScaler.fromJSON(loaded.scaler) : MinMaxScaler.fromJSON(loaded.scaler);

export default function predictTask(task: PredictTask): PredictAnswer {
  try {
    const x = scaler ? scaler.transform(task.x) : task.x;
    return move(task.proba ? model.predictProba(x) : model.predict(x)) as Int32Array | Float32Array;
  } catch (error) {
    return { error: toErrorRecord(error) };
  }
}
