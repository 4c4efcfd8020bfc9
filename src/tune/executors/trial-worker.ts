// The piscina task file (one default export). A task is one whole trial; the model lives in
// this task for the trial's lifetime. After each epoch the worker posts { epoch, value } on the
// task's MessagePort and waits for the main thread's { go } (report + shouldPrune on the study),
// so pruning decisions stay on the main thread and training never restarts or moves weights.
import { threadId, type MessagePort } from 'node:worker_threads';
import { getBackend } from '../../backend/registry.ts';
import { datasetFromRef, isShared } from '../objectives/shared-data.ts';
import { trainTrial } from '../objectives/train-trial.ts';
import type { TrialPayload, TrialRunResult } from './executor.ts';

export interface WorkerTask extends TrialPayload {
  port: MessagePort;
}

export interface EpochMessage {
  epoch: number;
  value: number;
}

export interface EpochReply {
  go: boolean;
}

// One kernel thread per worker: the pool provides the parallelism.
getBackend().setThreads(1);

export default async function runTrialTask(task: WorkerTask): Promise<TrialRunResult> {
  const { port, data } = task;
  try {
    const result = await trainTrial(task, datasetFromRef(data.train), datasetFromRef(data.validation), (epoch, value) => {
      const reply = new Promise<boolean>((resolve) => port.once('message', (m: EpochReply) => resolve(m.go)));
      port.postMessage({ epoch, value } satisfies EpochMessage);
      return reply;
    });
    return { ...result, diagnostics: { threadId, sharedBuffers: isShared(data) } };
  } finally {
    port.close();
  }
}
