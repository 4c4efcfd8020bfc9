// The piscina task file (one default export). A task is one whole trial; the model lives in
// this task for the trial's lifetime. After each epoch the worker posts { epoch, value } on the
// task's MessagePort and goes straight on with the next epoch: it does not wait for the main
// thread, which reports and asks the pruner in order and answers { go }; the worker picks the
// answers up between epochs and stops at the first `go: false`. Waiting for each answer left
// the workers idle whenever the main thread was busy (two workers on two cores ran 1.1–1.6× one).
// Pruning decisions stay on the main thread; training never restarts or moves weights.
import { receiveMessageOnPort, threadId, type MessagePort } from 'node:worker_threads';
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

/** Posted first, when a worker thread has taken the task: taskTimeout counts from here. */
export interface StartedMessage {
  started: true;
}

/** Posted last, so the main thread knows every epoch message before it has been handled. */
export interface DoneMessage {
  done: true;
}

// One kernel thread per worker: the pool provides the parallelism.
getBackend().setThreads(1);

export default async function runTrialTask(task: WorkerTask): Promise<TrialRunResult> {
  const { port, data } = task;
  port.postMessage({ started: true } satisfies StartedMessage);
  try {
    let stopped = false;
    const result = await trainTrial(task, datasetFromRef(data.train), datasetFromRef(data.validation), async (epoch, value) => {
      port.postMessage({ epoch, value } satisfies EpochMessage);
      for (let reply = receiveMessageOnPort(port); reply !== undefined; reply = receiveMessageOnPort(port)) {
        if (!(reply.message as EpochReply).go) stopped = true;
      }
      return !stopped;
    });
    port.postMessage({ done: true } satisfies DoneMessage);
    return { ...result, diagnostics: { threadId, sharedBuffers: isShared(data) } };
  } finally {
    port.close();
  }
}
