// Worker child processes (test/fixtures/pg-worker.mjs) for the distributed tests: one process per
// worker (spawnWorker), or long-lived processes that run one worker after another (workerPool).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('../../fixtures/pg-worker.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** What test/fixtures/pg-worker.mjs reads from its argv[2]. */
export interface PgWorkerConfig {
  url: string;
  schema: string;
  study: string;
  parallelism?: number;
  /** How long each trial takes. */
  trialMs: number;
  intervalMs: number;
  graceMs: number;
  drainMs?: number;
  sampler?: 'random' | 'grid' | 'bayes';
  reconnectTimeoutMs?: number;
}

export interface WorkerSummaryLine {
  finished: Record<string, number>;
  lost: number;
  released: number[];
  reason: string;
  rss: number;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Trial numbers this worker has started, in order. */
  started: number[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; summary: WorkerSummaryLine | undefined }>;
  /** Resolves once the worker has started `count` trials. */
  startedAtLeast(count: number): Promise<void>;
}

export function spawnWorker(config: PgWorkerConfig): WorkerProcess {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const started: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    started.length = 0;
    for (const line of lines) if (line.startsWith('start ')) started.push(Number(line.slice(6)));
    for (const w of waiters) if (started.length >= w.count) w.resolve();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; summary: WorkerSummaryLine | undefined }>((resolve) =>
    child.on('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('summary '));
      resolve({ code, signal, summary: line === undefined ? undefined : (JSON.parse(line.slice(8)) as WorkerSummaryLine) });
    }),
  );
  return {
    child,
    started,
    output: () => `stdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr.slice(-4000)}`,
    exited,
    startedAtLeast: (count) =>
      new Promise<void>((resolve, reject) => {
        if (started.length >= count) return resolve();
        waiters.push({ count, resolve });
        void exited.then(() => reject(new Error(`worker exited before starting ${count} trials:\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`)));
      }),
  };
}

/** Kills any worker still alive (a failed test must not leave processes behind). */
export function killAll(workers: readonly WorkerProcess[]): void {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
}

/** What a job of workerPool resolves: the WorkerProcess fields a test of shared studies reads. */
export type PoolJob = Omit<WorkerProcess, 'child'>;

/**
 * `n` long-lived worker processes (pg-worker.mjs without argv[2]), each running one worker at a
 * time on a config sent to it: a study shared by several processes without a Node start-up and
 * module load (~0.17 s of CPU) per worker per study. `run` gives process i its next job; `close`
 * ends them.
 */
export function workerPool(n: number): { run(i: number, config: PgWorkerConfig): PoolJob; close(): void } {
  const children: ChildProcess[] = Array.from({ length: n }, () => fork(WORKER, [], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }));
  const stderr = children.map(() => '');
  children.forEach((child, i) => child.stderr!.on('data', (chunk: Buffer) => (stderr[i] += chunk.toString())));
  const ready = Promise.all(
    children.map(
      (child, i) =>
        new Promise<void>((resolve, reject) => {
          child.once('message', () => resolve());
          child.once('exit', (code) => reject(new Error(`pool worker ${i} exited with ${code}:\n${stderr[i]!.slice(-4000)}`)));
        }),
    ),
  );
  return {
    run(i, config) {
      const child = children[i]!;
      const lines: string[] = [];
      const started: number[] = [];
      const waiters: { count: number; resolve: () => void }[] = [];
      let error: string | undefined;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; summary: WorkerSummaryLine | undefined }>((resolve) => {
        const onMessage = (m: { line?: string; error?: string; done?: boolean }): void => {
          if (m.line !== undefined) {
            lines.push(m.line);
            if (m.line.startsWith('start ')) started.push(Number(m.line.slice(6)));
            for (const w of waiters) if (started.length >= w.count) w.resolve();
          }
          if (m.error !== undefined) error = m.error;
          if (m.done === true) {
            child.off('message', onMessage);
            const line = lines.find((l) => l.startsWith('summary '));
            resolve({ code: error === undefined ? 0 : 1, signal: null, summary: line === undefined ? undefined : (JSON.parse(line.slice(8)) as WorkerSummaryLine) });
          }
        };
        child.on('message', onMessage);
        child.once('exit', (code, signal) => resolve({ code, signal, summary: undefined }));
      });
      void ready.then(() => child.send({ config }));
      const output = (): string => `lines:\n${lines.slice(-50).join('\n')}\nerror:\n${error ?? ''}\nstderr:\n${stderr[i]!.slice(-4000)}`;
      return {
        started,
        output,
        exited,
        startedAtLeast: (count) =>
          new Promise<void>((resolve, reject) => {
            if (started.length >= count) return resolve();
            waiters.push({ count, resolve });
            void exited.then(() => reject(new Error(`worker finished before starting ${count} trials:\n${output()}`)));
          }),
      };
    },
    close: () => children.forEach((c) => c.kill('SIGKILL')),
  };
}
