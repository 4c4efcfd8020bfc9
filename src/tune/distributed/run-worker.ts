// A worker: joins a study by name in a shared storage and runs trials until the study's budget
// is spent, on any number of machines at once with no coordinator but the storage (Optuna's
// design). Claims and grid points are atomic in the storage, heartbeats let the workers fail
// and retry each other's dead trials, and a worker only leaves when no trial is waiting or
// running anywhere, so a trial that dies late is still retried by someone.
//
// SIGTERM (or SIGINT): ask no new trial; give running ones `drainMs` to finish; hand back the
// rest (failed as released, re-queued at once for another worker); resolve.
import { setTimeout as delay } from 'node:timers/promises';
import { describeValue } from '../../errors.ts';
import type { HeartbeatOptions } from '../heartbeats.ts';
import type { Objective } from '../optimize.ts';
import type { ReproducibleOptions } from '../reproducible/options.ts';
import { loadStudy, type Study } from '../study.ts';
import type { Pruner, Sampler, Storage } from '../types.ts';

/** The study user attr that holds its budget when the worker is given none. */
export const MAX_TRIALS_ATTR = 'maxTrials';

export interface RunWorkerOptions {
  storage: Storage;
  /** The name of an existing study. */
  study: string;
  objective: Objective;
  sampler?: Sampler;
  pruner?: Pruner;
  /** Trials the study may hold, over all workers (default: the study's user attr "maxTrials"; without either, run until stopped or the sampler is exhausted). */
  maxTrials?: number;
  /** Objectives in flight in this worker (default 1). */
  parallelism?: number;
  /** Default: HeartbeatOptions' defaults. */
  heartbeat?: HeartbeatOptions;
  /** As StudyServices.reproducible: every worker of the study must pass the same. */
  reproducible?: boolean | ReproducibleOptions;
  /** After a stop signal, how long running trials may still finish before they are released, in ms (default 10 000). */
  drainMs?: number;
  /** Signals that stop the worker (default SIGTERM and SIGINT; [] to handle none). */
  signals?: readonly NodeJS.Signals[];
  /** How often an idle worker looks for retried trials while others' trials still run, in ms (default: the heartbeat interval). */
  idlePollMs?: number;
  /** Told what happens, for logs. */
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'trial'; number: number; state: string; value: number | null }
  | { type: 'waiting'; open: number }
  | { type: 'stopping'; signal: NodeJS.Signals | 'stop' }
  | { type: 'released'; trials: number[] };

export interface WorkerSummary {
  /** Trials this worker finished and recorded, by final state. */
  finished: Record<string, number>;
  /** Trials this worker started whose result was dropped: failed as stale by another worker, or released. */
  lost: number;
  /** Retries queued for the trials this worker released when it stopped. */
  released: number[];
  /** Why the worker ended. */
  reason: 'budget' | 'signal';
}

export interface WorkerHandle {
  /** Resolves when the worker has ended. */
  done: Promise<WorkerSummary>;
  /** Stops the worker as a signal would. */
  stop(): void;
  readonly study: Promise<Study>;
}

function check(options: RunWorkerOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`runWorker: options must be an object, got ${describeValue(options)}`);
  if (typeof options.study !== 'string' || options.study === '') throw new TypeError(`runWorker: study must be a non-empty study name, got ${describeValue(options.study)}`);
  if (typeof options.objective !== 'function') throw new TypeError(`runWorker: objective must be a function, got ${describeValue(options.objective)}`);
  const { maxTrials, drainMs, idlePollMs } = options;
  if (maxTrials !== undefined && !(Number.isSafeInteger(maxTrials) && maxTrials >= 0)) throw new RangeError(`runWorker: maxTrials must be a non-negative integer, got ${describeValue(maxTrials)}`);
  if (drainMs !== undefined && !(typeof drainMs === 'number' && drainMs >= 0)) throw new RangeError(`runWorker: drainMs must be a non-negative number of ms, got ${describeValue(drainMs)}`);
  if (idlePollMs !== undefined && !(typeof idlePollMs === 'number' && idlePollMs > 0)) throw new RangeError(`runWorker: idlePollMs must be a positive number of ms, got ${describeValue(idlePollMs)}`);
}

/** Starts a worker; see WorkerHandle. Options are checked at once (a bad one throws here). */
export function startWorker(options: RunWorkerOptions): WorkerHandle {
  check(options);
  let stopRequested: (signal: NodeJS.Signals | 'stop') => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals | 'stop'>((resolve) => (stopRequested = resolve));
  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'stop'): void => {
    if (stopping) return;
    stopping = true;
    stopRequested(signal);
  };
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const handlers = signals.map((signal) => [signal, () => stop(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);

  const study = loadStudy({
    name: options.study,
    storage: options.storage,
    heartbeat: options.heartbeat ?? {},
    ...(options.reproducible === undefined ? {} : { reproducible: options.reproducible }),
    ...(options.sampler === undefined ? {} : { sampler: options.sampler }),
    ...(options.pruner === undefined ? {} : { pruner: options.pruner }),
  });
  const done = study
    .then((s) => work(s, options, stopped, () => stopping))
    .finally(() => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    });
  return { done, stop: () => stop('stop'), study };
}

/** Runs a worker to its end (see startWorker). */
export function runWorker(options: RunWorkerOptions): Promise<WorkerSummary> {
  return startWorker(options).done;
}

async function work(study: Study, options: RunWorkerOptions, stopped: Promise<NodeJS.Signals | 'stop'>, isStopping: () => boolean): Promise<WorkerSummary> {
  const record = await options.storage.getStudy(study.name);
  const budget = options.maxTrials ?? record?.userAttrs[MAX_TRIALS_ATTR];
  if (budget !== undefined && !(Number.isSafeInteger(budget) && (budget as number) >= 0)) {
    throw new RangeError(`runWorker: study user attr "${MAX_TRIALS_ATTR}" must be a non-negative integer, got ${describeValue(budget)}`);
  }
  const emit = options.onEvent ?? (() => undefined);
  const finished: Record<string, number> = {};
  let started = 0;
  const objective: RunWorkerOptions['objective'] = (trial) => {
    started++;
    return options.objective(trial);
  };
  const idleMs = options.idlePollMs ?? options.heartbeat?.intervalMs ?? 5_000;
  const stopSignal = stopped.then((signal) => {
    study.stop();
    emit({ type: 'stopping', signal });
    return 'stopped' as const;
  });

  while (!isStopping()) {
    const run = study.optimize(objective, {
      ...(budget === undefined ? {} : { maxTrials: budget as number }),
      parallelism: options.parallelism ?? 1,
      callbacks: [
        (_s, trial) => {
          finished[trial.state] = (finished[trial.state] ?? 0) + 1;
          emit({ type: 'trial', number: trial.number, state: trial.state, value: trial.value });
        },
      ],
    });
    if ((await Promise.race([run.then(() => 'ran' as const), stopSignal])) === 'stopped') {
      const drained = await Promise.race([run.then(() => true), delay(options.drainMs ?? 10_000).then(() => false)]);
      const released = drained ? [] : await study.releaseRunning(`worker stopped by ${await stopped}`);
      if (released.length > 0) emit({ type: 'released', trials: released });
      return summary(finished, started, released, 'signal');
    }
    // The budget is spent or the sampler exhausted here; trials still running elsewhere may die
    // and come back as retries, so stay until none is open.
    const open = await options.storage.countTrials(study.id, { states: ['waiting', 'running'] });
    if (open === 0) break;
    emit({ type: 'waiting', open });
    await Promise.race([delay(idleMs), stopSignal]);
  }
  return summary(finished, started, [], isStopping() ? 'signal' : 'budget');
}

function summary(finished: Record<string, number>, started: number, released: number[], reason: WorkerSummary['reason']): WorkerSummary {
  const told = Object.values(finished).reduce((a, b) => a + b, 0);
  return { finished, lost: started - told - released.length, released, reason };
}
