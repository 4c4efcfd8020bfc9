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
const TRIALS = 16;
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-repro-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function worker(path: string, delaySeed: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, path, String(TRIALS), '2', String(delaySeed)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}:\n${stderr.slice(-3000)}`))));
  });
}

describe('reproducible study over SQLite', () => {
  it('two worker processes give the table of one inline run', async () => {
    const single = await createStudy({ direction: 'maximize', seed: STUDY_SEED, sampler: digitsSampler(), pruner: digitsPruner(), reproducible: true });
    await single.optimize(digitsObjective(), { nTrials: TRIALS });
    const path = join(dir, 'repro.db');
    await Promise.all([worker(path, 11), worker(path, 12)]);
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
