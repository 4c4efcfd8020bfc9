// An Executor runs one trial's training somewhere (this thread, a worker pool, later other
// machines) while the study stays on the main thread: after each epoch the executor calls
// `onEpoch(epoch, value)` here, which reports to the study and returns false to prune.
import type { SharedData } from '../objectives/shared-data.ts';
import type { EpochHook, TrainTrialResult, TrainTrialTask } from '../objectives/train-trial.ts';

/** What a trial needs to train anywhere: plain data, the datasets on SharedArrayBuffers. */
export interface TrialPayload extends TrainTrialTask {
  data: SharedData;
}

export interface ExecutorRunOptions {
  /** Called on the caller's thread after every epoch; false stops the trial (pruned). */
  onEpoch?: EpochHook;
  /** Aborts the trial (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface TrialRunResult extends TrainTrialResult {
  /** Where it ran and whether the datasets arrived shared (workers only). */
  diagnostics?: { threadId: number; sharedBuffers: boolean };
}

export interface Executor {
  run(payload: TrialPayload, options?: ExecutorRunOptions): Promise<TrialRunResult>;
  /** Releases threads (a no-op inline). */
  close(): Promise<void>;
}

/** A trial that ran past its executor's taskTimeout. */
export class TrialTimeoutError extends Error {
  override name = 'TrialTimeoutError';
}

/** A trial whose worker died (process.exit, an uncaught error outside the task, out of memory). */
export class TrialWorkerError extends Error {
  override name = 'TrialWorkerError';
}
