// Worker child processes (test/fixtures/pg-worker.ts) for the distributed tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PgWorkerConfig } from '../../fixtures/pg-worker.ts';

const WORKER = fileURLToPath(new URL('../../fixtures/pg-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

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
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
