// A reproducible study shared by two worker processes through one SQLite file gives the table of
// a single inline run (each process with its own random delays and 2 trials in flight).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { createStudy, loadStudy } from '../../src/tune/study.ts';
import { digitsObjective, digitsPruner, digitsSampler, STUDY_SEED, trialTable } from '../fixtures/reproducible-study.ts';

const WORKER = fileURLToPath(new URL('../fixtures/reproducible-worker.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// 8 trials (16 before): GP proposals after its 4 start-up trials, with the four logical workers'
// trials pending; completes and Hyperband prunes at rungs 1 and 3 (states c9 c9 c9 c9 c9 p3 p1 p1).
// Trials 9 to 16 added only more of those, ~0.13 s of CPU in each of the three runs. The two
// processes start their trials together (worker's go), so both run some of the 8.
const TRIALS = 8;
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-repro-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a worker process; resolves, once it is loaded, `go` (starts its trials) and its end. */
function worker(path: string, delaySeed: number): Promise<{ go(): void; done: Promise<void> }> {
  const child = spawn(process.execPath, [WORKER, path, String(TRIALS), '2', String(delaySeed)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}:\n${stderr.slice(-3000)}`)))));
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve({ go: () => child.stdin!.end('go\n'), done }));
    done.then(() => reject(new Error('worker ended before it was ready')), reject);
  });
}

describe('reproducible study over SQLite', () => {
  it('two worker processes give the table of one inline run', async () => {
    const single = await createStudy({ direction: 'maximize', seed: STUDY_SEED, sampler: digitsSampler(), pruner: digitsPruner(), reproducible: true });
    await single.optimize(digitsObjective(), { nTrials: TRIALS });
    const path = join(dir, 'repro.db');
    const workers = await Promise.all([worker(path, 11), worker(path, 12)]);
    for (const w of workers) w.go();
    await Promise.all(workers.map((w) => w.done));
    // Both processes ran trials (each stamps the ones it started).
    const db = new Database(path, { readonly: true });
    const owners = db.prepare('SELECT COUNT(DISTINCT owner_pid) AS n FROM trials').get() as { n: number };
    db.close();
    expect(owners.n).toBe(2);
    const storage = new SqliteStorage(path);
    try {
      const shared = await loadStudy({ name: 'repro', storage });
      expect(await trialTable(shared)).toEqual(await trialTable(single));
    } finally {
      await storage.close();
    }
  }, 60_000);
});
