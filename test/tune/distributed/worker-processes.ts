// Worker child processes (test/fixtures/pg-worker.mjs) for the distributed tests.
import { spawn, type ChildProcess } from 'node:child_process';
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
