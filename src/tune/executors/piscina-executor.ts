// Trials on a piscina worker pool. Protocol: one task = one whole trial. The task carries the
// hyperparameters, the trial seed and the datasets as SharedArrayBuffer-backed arrays (shared,
// never copied per trial), plus one end of a MessageChannel (transferred). The worker trains an
// epoch, posts { epoch, value }, and waits; this side runs onEpoch (trial.report + shouldPrune on
// the study) and answers { go }. The model never leaves the worker, so a continuing trial resumes
// exactly where it was, and results equal the inline executor's bit for bit.
// Cancellation and the per-trial timeout abort the task (piscina terminates that worker and
// starts a new one); a worker that dies fails its trial only.
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { lazyModule } from '../../lazy-module.ts';
import { describeValue } from '../../errors.ts';
import { workerExecArgv, workerScript } from '../../workers/worker-script.ts';
import { TrialTimeoutError, TrialWorkerError, type Executor, type ExecutorRunOptions, type TrialPayload, type TrialRunResult } from './executor.ts';
import type { DoneMessage, EpochMessage, EpochReply, StartedMessage, WorkerTask } from './trial-worker.ts';

const loadPiscina = lazyModule<typeof import('piscina')>('piscina');

export interface PiscinaExecutorOptions {
  /** Worker threads (default os.availableParallelism()); each runs its kernels on 1 thread. */
  threads?: number;
  /** Milliseconds a trial may run, from when a worker thread takes it (default: no limit). */
  taskTimeout?: number;
  /** Another task file speaking the same protocol (tests); `.ts` files get the tsx loader. */
  filename?: string | URL;
}

/** How long past taskTimeout a task may wait for its worker thread to take it. */
const STARTUP_BACKSTOP_MS = 60_000;

export class PiscinaExecutor implements Executor {
  readonly threads: number;
  readonly taskTimeout: number | undefined;
  private readonly pool: Piscina<WorkerTask, TrialRunResult>;

  constructor(options: PiscinaExecutorOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!(Number.isSafeInteger(threads) && threads >= 1)) throw new RangeError(`PiscinaExecutor: threads must be a positive integer, got ${describeValue(threads)}`);
    const timeout = options.taskTimeout;
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
      throw new RangeError(`PiscinaExecutor: taskTimeout must be a positive number of ms, got ${describeValue(timeout)}`);
    }
    this.threads = threads;
    this.taskTimeout = timeout;
    const filename = options.filename === undefined ? workerScript(import.meta.url, './trial-worker').filename : String(options.filename);
    this.pool = new (loadPiscina().Piscina)({
      filename,
      minThreads: threads,
      maxThreads: threads,
      // One queued task per thread at most beyond the running ones is irrelevant here: optimize's
      // parallelism bounds what is in flight.
      execArgv: workerExecArgv(filename),
    });
  }

  async run(payload: TrialPayload, options: ExecutorRunOptions = {}): Promise<TrialRunResult> {
    const { onEpoch, signal } = options;
    signal?.throwIfAborted();
    // taskTimeout counts from when a worker thread takes the task, not from submission: a task
    // queued behind others, or waiting for a fresh thread to start (after a crash or a timeout
    // replaced one), has not started running. A backstop from submission covers a thread that
    // never comes up.
    const timeout = this.taskTimeout === undefined ? undefined : new AbortController();
    const timeoutSignal = timeout?.signal;
    // Stryker disable next-line ArrayDeclaration: a string in the list is harmless, clearTimeout ignores an id that names no timer
    const timers: NodeJS.Timeout[] = [];
    const expire = (): void => timeout?.abort(new Error(`taskTimeout = ${this.taskTimeout} ms`));
    if (this.taskTimeout !== undefined) timers.push(setTimeout(expire, this.taskTimeout + STARTUP_BACKSTOP_MS));
    const signals = [signal, timeoutSignal].filter((s): s is AbortSignal => s !== undefined);
    const combined = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    const { port1, port2 } = new MessageChannel();
    let hookError: { error: unknown } | undefined;
    // The worker runs ahead: epoch messages are handled one after another, in order, while it
    // trains on. After the first "stop", later epochs are neither reported nor asked about.
    let prunedAt: { epoch: number; value: number } | undefined;
    let handled = Promise.resolve();
    let finished!: () => void;
    const allHandled = new Promise<void>((resolve) => (finished = resolve));
    port1.on('message', (m: StartedMessage | EpochMessage | DoneMessage) => {
      if ('started' in m) {
        if (this.taskTimeout !== undefined) timers.push(setTimeout(expire, this.taskTimeout));
        return;
      }
      handled = handled.then(async () => {
        if ('done' in m) return finished();
        let go = prunedAt === undefined && hookError === undefined;
        if (go && onEpoch !== undefined) {
          try {
            go = await onEpoch(m.epoch, m.value);
            if (!go) prunedAt = { epoch: m.epoch, value: m.value };
          } catch (error) {
            hookError ??= { error };
            go = false;
          }
        }
        try {
          port1.postMessage({ go } satisfies EpochReply);
        } catch {
          /* the task ended (abort, crash): nothing to answer */
        }
      });
    });
    try {
      const task: WorkerTask = { ...payload, port: port2 };
      const result = await this.pool.run(task, { transferList: [port2], ...(combined ? { signal: combined } : {}) });
      await allHandled;
      if (hookError !== undefined) throw hookError.error;
      // The study's decision wins: a trial pruned at epoch e ends there (value and epochs as
      // inline), whatever the worker ran on before it read the answer.
      return prunedAt ? { ...result, status: 'pruned', value: prunedAt.value, epochs: prunedAt.epoch } : result;
    } catch (error) {
      if (hookError !== undefined) throw hookError.error;
      if (timeoutSignal?.aborted && !signal?.aborted) throw new TrialTimeoutError(`trial ran past taskTimeout = ${this.taskTimeout} ms`, { cause: error });
      if (signal?.aborted) throw signal.reason ?? error;
      throw new TrialWorkerError(`trial worker failed: ${error instanceof Error ? error.message : describeValue(error)}`, { cause: error });
    } finally {
      for (const timer of timers) clearTimeout(timer);
      port1.close();
    }
  }

  /** Number of worker threads alive now. */
  get liveThreads(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
