// Kill -9 and resume: a child process runs a grid study on a SqliteStorage file and is killed
// with SIGKILL part-way; the study is reopened here, its stale running trial failed and its grid
// point re-queued, and optimize finishes the grid. Nothing completed before the kill is lost,
// changed or re-run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { failStaleRunningTrials } from '../../src/tune/storage/fail-stale.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { GridSampler } from '../../src/tune/samplers/grid.ts';
import { loadStudy } from '../../src/tune/study.ts';
import { SYSTEM_ATTRS } from '../../src/tune/system-attrs.ts';
import { expectedValue, KILL_RESUME_GRID, KILL_RESUME_POINTS, KILL_RESUME_STUDY, killResumeObjective } from '../fixtures/kill-resume-study.mjs';
import { tempDatabases } from './storage/temp-db.ts';

const WORKER = fileURLToPath(new URL('../fixtures/kill-resume-worker.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KILL_AFTER = 8;
const nextDb = tempDatabases();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('kill -9 and resume (SqliteStorage)', () => {
  it('keeps every trial completed before the kill, re-runs none, fails the running one and finishes the grid', async () => {
    const path = nextDb();
    const child = spawn(process.execPath, [WORKER, path], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

    // Poll the file with a second connection until enough trials are complete, then kill.
    const probe = new SqliteStorage(path);
    const deadline = Date.now() + 8_000;
    let completeAtKill = 0;
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode}): ${stderr}`);
        if (Date.now() > deadline) throw new Error(`worker completed too few trials in time: ${stdout} ${stderr}`);
        const record = await probe.getStudy(KILL_RESUME_STUDY).catch(() => undefined);
        if (record !== undefined) {
          completeAtKill = (await probe.getTrials(record.id, ['complete'])).length;
          if (completeAtKill >= KILL_AFTER) break;
        }
        await sleep(5);
      }
      child.kill('SIGKILL');
      expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      await probe.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(stdout).not.toContain('done');
    const reportedByChild = stdout
      .split('\n')
      .filter((line) => line.startsWith('complete '))
      .map((line) => Number(line.split(' ')[1]));

    // Reopen in-process, as a new worker would after the crash.
    const storage = new SqliteStorage(path);
    try {
      const study = await loadStudy({ name: KILL_RESUME_STUDY, storage, sampler: new GridSampler(KILL_RESUME_GRID) });
      const before = await study.trials();
      const completeBefore = before.filter((t) => t.state === 'complete');
      const runningBefore = before.filter((t) => t.state === 'running');
      expect(completeBefore.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(completeBefore.length).toBeLessThan(KILL_RESUME_POINTS);
      expect(before.every((t) => t.state === 'complete' || t.state === 'running')).toBe(true);
      expect(runningBefore.length).toBeLessThanOrEqual(1); // one objective in flight at a time
      // Everything the child announced is stored complete (it prints after tell()).
      for (const n of reportedByChild) expect(completeBefore.map((t) => t.number)).toContain(n);

      const stale = await failStaleRunningTrials(storage, study.id);
      expect(stale.failed).toEqual(runningBefore.map((t) => t.number));
      // Every orphan is re-queued, with its grid point where it had drawn one (a kill between the
      // trial's creation and its draw leaves none: the retry then draws the point afresh).
      expect(stale.requeued.map((t) => t.systemAttrs[SYSTEM_ATTRS.gridIndex])).toEqual(runningBefore.map((t) => t.systemAttrs[SYSTEM_ATTRS.gridIndex]));
      expect(stale.requeued.map((t) => t.systemAttrs[SYSTEM_ATTRS.retryOf])).toEqual(runningBefore.map((t) => t.number));
      expect(stale.requeued.every((t) => t.state === 'waiting')).toBe(true);

      await study.optimize((trial) => killResumeObjective(trial, 1));

      const after = await study.trials();
      // Complete trials from before the kill: unchanged.
      for (const t of completeBefore) {
        const now = after.find((u) => u.number === t.number)!;
        expect(now.state).toBe('complete');
        expect(now.value).toBe(t.value);
        expect(now.params).toEqual(t.params);
        expect(now.completedAt).toBe(t.completedAt);
      }
      // The stale ones: failed, with the reason.
      for (const n of stale.failed) {
        const now = after.find((u) => u.number === n)!;
        expect(now.state).toBe('failed');
        expect(now.systemAttrs[SYSTEM_ATTRS.failReason]).toBe('stale running trial');
      }
      // Every grid point complete exactly once, with the right value; nothing else left.
      const complete = after.filter((t) => t.state === 'complete');
      expect(complete).toHaveLength(KILL_RESUME_POINTS);
      const perPoint = new Map<number, number>();
      for (const t of complete) {
        const index = t.systemAttrs[SYSTEM_ATTRS.gridIndex] as number;
        perPoint.set(index, (perPoint.get(index) ?? 0) + 1);
        expect(t.value).toBe(expectedValue(t.params.x as number, t.params.y as number));
      }
      expect([...perPoint.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: KILL_RESUME_POINTS }, (_, i) => i));
      expect([...perPoint.values()].every((c) => c === 1)).toBe(true);
      expect(new Set(complete.map((t) => `${t.params.x},${t.params.y}`)).size).toBe(KILL_RESUME_POINTS);
      expect(after.filter((t) => t.state !== 'complete' && t.state !== 'failed')).toEqual([]);
      expect(after.filter((t) => t.state === 'failed').map((t) => t.number)).toEqual(stale.failed);
      // The re-queued point ran in the re-queued trial, not in a new one.
      for (const r of stale.requeued) expect(after.find((u) => u.number === r.number)!.state).toBe('complete');
    } finally {
      await storage.close();
    }
  }, 20_000);
});
