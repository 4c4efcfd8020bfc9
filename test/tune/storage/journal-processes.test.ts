// Several processes on one journal file: two worker processes take the study lock and run
// trials at the same time, and none is lost or numbered twice; a process killed with a trial
// running and the study lock held leaves neither behind.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JournalStorage } from '../../../src/tune/storage/journal/journal-storage.ts';
import type { JournalWorkerConfig } from '../../fixtures/journal-worker.ts';
import { tempJournals } from './journal-files.ts';

const WORKER = fileURLToPath(new URL('../../fixtures/journal-worker.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const nextPath = tempJournals();

interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with stdout once the process has exited 0. */
  done: Promise<string>;
  /** Resolves once stdout holds a line. */
  line(): Promise<string>;
}

function worker(config: JournalWorkerConfig): Worker {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<string>((resolve, reject) => child.on('exit', (code, signal) => (code === 0 ? resolve(stdout) : reject(new Error(`worker exited with ${code ?? signal}: ${stderr}`)))));
  const line = async (): Promise<string> => {
    while (!stdout.includes('\n')) {
      if (child.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
      await delay(20);
    }
    return stdout.trim();
  };
  return { child, done, line };
}

describe('JournalStorage across processes', () => {
  it('two worker processes share the study lock and a study: 20 increments, 20 trials numbered 0-19 once each', async () => {
    const path = nextPath();
    const counter = `${path}.counter`;
    writeFileSync(counter, '0');
    const workers = [worker({ mode: 'share', path, counter }), worker({ mode: 'share', path, counter })];
    // Both wait on stdin, loaded and with the study open: start them together.
    await Promise.all(workers.map((w) => w.line()));
    for (const w of workers) w.child.stdin.write('go\n');
    const ran = (await Promise.all(workers.map((w) => w.done))).map((out) => JSON.parse(out.split('\n')[1]!) as number[]);
    const storage = new JournalStorage(path);
    expect(Number(readFileSync(counter, 'utf8'))).toBe(20);
    expect(ran.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const study = (await storage.getStudy('shared'))!;
    const trials = await storage.getTrials(study.id);
    expect(trials.map((t) => [t.number, t.state])).toEqual(Array.from({ length: 20 }, (_, i) => [i, 'complete']));
    // One create_trial line per trial: none written twice.
    expect(readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('{"op_code":4,')).length).toBe(20);
  }, 60_000);

  it('a process killed holding the study lock and a running trial: another takes the lock and fails the trial at once', async () => {
    const path = nextPath();
    const holder = worker({ mode: 'hold', path, counter: '' });
    const number = Number((await holder.line()).split(' ')[1]);
    holder.child.kill('SIGKILL');
    await holder.done.catch(() => undefined);
    const storage = new JournalStorage(path);
    const study = (await storage.getStudy('shared'))!;
    expect(await storage.withStudyLock(study.id, async () => 'taken over')).toBe('taken over');
    const result = await storage.failStaleTrials(study.id, { graceMs: Number.POSITIVE_INFINITY, maxRetries: 0 });
    expect(result.failed).toEqual([number]);
    expect((await storage.getTrial(study.id, number)).systemAttrs['failReason']).toMatch(/^orphaned: its process \(pid \d+ on .+\) is gone$/);
  }, 60_000);
});
