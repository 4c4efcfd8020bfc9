// SqliteStorage: the conformance suite on real files, plus what only a file gives: reopening and
// resuming a study, several connections (and threads) claiming from one file, a versioned schema.
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { GridSampler } from '../../../src/tune/samplers/grid.ts';
import { failStaleRunningTrials } from '../../../src/tune/storage/fail-stale.ts';
import { SCHEMA_VERSION } from '../../../src/tune/storage/sqlite-schema.ts';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';
import { DEAD_PID } from '../../fixtures/dead-pid.ts';
import { storageConformance } from './conformance.ts';
import { tempDatabases } from './temp-db.ts';

const nextPath = tempDatabases();

storageConformance('SqliteStorage', () => new SqliteStorage(nextPath()), (storage) => new SqliteStorage((storage as SqliteStorage).path), 'process');

const WORKER = new URL('../../fixtures/sqlite-claim-worker.mjs', import.meta.url);

function claimInWorker(path: string, studyId: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { path, studyId } });
    worker.once('message', (message: { claimed: number[] }) => {
      resolve(message.claimed);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('SqliteStorage files', () => {
  it('uses WAL and records its schema version', async () => {
    const path = nextPath();
    const storage = new SqliteStorage(path);
    await storage.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('takes over the study lock of a process that died holding it', async () => {
    const path = nextPath();
    const storage = new SqliteStorage(path);
    const study = await storage.createStudy('lock', 'minimize', 0);
    const db = new Database(path);
    db.prepare('INSERT INTO study_locks (study_id, owner, host, pid, expires_at) VALUES (?, ?, ?, ?, ?)').run(study.id, 'gone', hostname(), DEAD_PID, Date.now() + 3_600_000);
    expect(await storage.withStudyLock(study.id, async () => 'taken over')).toBe('taken over');
    expect(db.prepare('SELECT COUNT(*) AS n FROM study_locks').get()).toEqual({ n: 0 });
    db.close();
    await storage.close();
  });

  it('upgrades a version-1 file: heartbeats and the study lock come with version 2, trial owners with version 3', async () => {
    const path = nextPath();
    const fresh = new SqliteStorage(path);
    const old = await fresh.createStudy('old', 'minimize', 1);
    await fresh.createTrial(old.id, { state: 'running' });
    const handedBack = await fresh.createTrial(old.id, { state: 'running' });
    await fresh.releaseTrial(old.id, handedBack.number, 'released: SIGTERM');
    await fresh.close();
    // Take version 2 back out: what is left is the version-1 file an older hyperprop wrote.
    const v1 = new Database(path);
    v1.exec('DROP TABLE study_locks; ALTER TABLE trials DROP COLUMN heartbeat_at; ALTER TABLE trials DROP COLUMN owner_host; ALTER TABLE trials DROP COLUMN owner_pid; ALTER TABLE trials DROP COLUMN values_json; ALTER TABLE studies DROP COLUMN directions_json; UPDATE trials SET started_at = 0');
    v1.exec("DELETE FROM trial_attrs WHERE key = 'orphaned'");
    v1.pragma('user_version = 1');
    v1.close();
    const storage = new SqliteStorage(path);
    const study = (await storage.getStudy('old'))!;
    // The trial handed back is known by its failReason: its retry counts against the budget, it does not.
    expect((await storage.getTrial(study.id, handedBack.number)).systemAttrs['orphaned']).toBe(true);
    expect(await storage.countTrials(study.id, { excludeOrphans: true })).toBe(2);
    // The old running trial never beat: its start (epoch 0) makes it stale.
    expect((await storage.failStaleTrials(study.id, { graceMs: 1_000, maxRetries: 0 })).failed).toEqual([0]);
    await storage.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a file written by a newer schema', () => {
    const path = nextPath();
    const db = new Database(path);
    db.pragma('user_version = 9');
    db.close();
    expect(() => new SqliteStorage(path)).toThrow(`schema version must be <= ${SCHEMA_VERSION}, got 9`);
  });

  it('reopening the file and loadStudy continue numbering and see every finished trial', async () => {
    const path = nextPath();
    const first = await createStudy({ name: 'resume', storage: new SqliteStorage(path), seed: 3 });
    await first.optimize(async (t) => (await t.suggestFloat('x', -1, 1)) ** 2, { nTrials: 4 });
    await first.storage.close();

    const storage = new SqliteStorage(path);
    const again = await loadStudy({ name: 'resume', storage });
    expect(again.seed).toBe(3);
    expect((await again.trials(['complete'])).map((t) => t.number)).toEqual([0, 1, 2, 3]);
    await again.optimize(async (t) => (await t.suggestFloat('x', -1, 1)) ** 2, { nTrials: 3 });
    const trials = await again.trials();
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    // createStudy with loadIfExists resumes too; without it the name clash is an error.
    await expect(createStudy({ name: 'resume', storage })).rejects.toThrow('pass loadIfExists: true');
    expect((await createStudy({ name: 'resume', storage, loadIfExists: true })).id).toBe(again.id);
    await storage.close();
  });

  it('two storages on one file claim disjoint waiting trials (same thread, interleaved)', async () => {
    const path = nextPath();
    const a = new SqliteStorage(path);
    const b = new SqliteStorage(path);
    const study = await a.createStudy('shared', 'minimize', 0);
    for (let i = 0; i < 10; i++) await (i % 2 === 0 ? a : b).createTrial(study.id, { state: 'waiting' });
    const claimed: number[][] = [[], []];
    for (let round = 0; round < 6; round++) {
      for (const [k, s] of [a, b].entries()) {
        const t = await s.claimWaitingTrial(study.id);
        if (t !== undefined) claimed[k]!.push(t.number);
      }
    }
    expect(claimed[0]).toEqual([0, 2, 4, 6, 8]);
    expect(claimed[1]).toEqual([1, 3, 5, 7, 9]);
    await a.close();
    await b.close();
  });

  it('two worker threads with their own connections claim every waiting trial exactly once', async () => {
    const path = nextPath();
    const storage = new SqliteStorage(path);
    const study = await storage.createStudy('threads', 'minimize', 0);
    for (let i = 0; i < 200; i++) await storage.createTrial(study.id, { state: 'waiting' });
    const [x, y] = await Promise.all([claimInWorker(path, study.id), claimInWorker(path, study.id)]);
    const all = [...x!, ...y!].sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect((await storage.getTrials(study.id, ['complete'])).length).toBe(200);
    await storage.close();
  });

  it('failStaleRunningTrials fails a killed run and re-queues its grid points', async () => {
    const path = nextPath();
    const grid = { a: [1, 2], b: ['x', 'y'] };
    const crashed = await createStudy({ name: 'grid', storage: new SqliteStorage(path), sampler: new GridSampler(grid) });
    // A process that "dies" with two trials running: asked, never told.
    const done = await crashed.ask();
    await done.suggestInt('a', 1, 2);
    await done.suggestCategorical('b', ['x', 'y']);
    await crashed.tell(done, 1);
    const lost = [await crashed.ask(), await crashed.ask()];
    await lost[0]!.suggestInt('a', 1, 2);
    const lostPoints = (await crashed.trials(['running'])).map((t) => t.systemAttrs['gridIndex']);
    await crashed.storage.close();

    const storage = new SqliteStorage(path);
    const study = await loadStudy({ name: 'grid', storage, sampler: new GridSampler(grid) });
    const result = await failStaleRunningTrials(storage, study.id);
    expect(result.failed).toEqual([1, 2]);
    expect(result.requeued.map((t) => [t.number, t.state, t.systemAttrs['retryOf'], t.systemAttrs['gridIndex']])).toEqual([
      [3, 'waiting', 1, lostPoints[0]],
      [4, 'waiting', 2, lostPoints[1]],
    ]);
    expect((await study.trials(['failed'])).map((t) => t.systemAttrs['failReason'])).toEqual(['stale running trial', 'stale running trial']);

    await study.optimize(async (t) => (await t.suggestInt('a', 1, 2)) + ((await t.suggestCategorical('b', ['x', 'y'])) === 'x' ? 0 : 10));
    const complete = await study.trials(['complete']);
    const points = complete.map((t) => `${t.params['a']}${t.params['b']}`).sort();
    expect(points).toEqual(['1x', '1y', '2x', '2y']);
    expect(complete.map((t) => t.number)).toEqual([0, 3, 4, 5]);
    await storage.close();
  });
});
