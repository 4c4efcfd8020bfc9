// Restart PostgreSQL mid-study: three worker processes lose every connection while the server is
// down, retry with backoff, reconnect when it is back, and finish the study with each trial
// completed once. It needs a server it may stop, so it starts its own (persistent, so the data
// survives the restart) instead of the suite's.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PostgresStorage } from '../../../src/tune/storage/postgres/postgres-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../setup/embedded-postgres.ts';
import { killAll, spawnWorker, type WorkerProcess } from './worker-processes.ts';

let server: EmbeddedServer;
let dir: string;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hyperprop-pg-restart-'));
  await chmod(dir, 0o755);
  // A copy of the suite's template data folder where there is one: no initdb (~0.7 s of CPU).
  const template = inject('pgTemplate');
  server = await startEmbeddedPostgres(join(dir, 'data'), { persistent: true, ...(template === '' ? {} : { template }) });
}, 60_000);

afterAll(async () => {
  killAll(workers);
  await server.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('PostgreSQL restart mid-study', () => {
  it('workers reconnect and complete the study; nothing lost or duplicated', { timeout: 90_000 }, async () => {
    const storage = new PostgresStorage(server.url, { schema: 'restart' });
    const study = await createStudy({ name: 'restart', storage });
    await study.setUserAttr('maxTrials', 60);
    // Grace well above the outage: trials that were running through it are not stale.
    const config = { url: server.url, schema: 'restart', study: 'restart', trialMs: 40, intervalMs: 200, graceMs: 30_000 };
    workers = Array.from({ length: 3 }, () => spawnWorker(config));
    await Promise.all(workers.map((w) => w.startedAtLeast(3)));
    await storage.close();

    await server.stop();
    const downAt = Date.now();
    await delay(1_500);
    await server.restart();
    const downFor = Date.now() - downAt;

    const ends = await Promise.all(workers.map((w) => w.exited));
    console.log(`restart: server down ${downFor} ms; the workers finished ${Date.now() - downAt - downFor} ms after it was back`);
    for (const [i, end] of ends.entries()) expect(end.code, workers[i]!.output()).toBe(0);
    const after = new PostgresStorage(server.url, { schema: 'restart' });
    const id = (await after.getStudy('restart'))!.id;
    const trials = await after.getTrials(id);
    expect(trials.map((t) => t.state)).toEqual(Array.from({ length: 60 }, () => 'complete'));
    const perWorker = ends.map((e) => e.summary!.finished['complete'] ?? 0);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(60);
    expect(ends.every((e) => e.summary!.lost === 0)).toBe(true);
    expect(downFor).toBeGreaterThan(1_000);
    // Work went on after the restart: trials finished once the server was back.
    expect(trials.filter((t) => t.completedAt! > downAt + downFor).length).toBeGreaterThan(0);
    await after.close();
  });
});
