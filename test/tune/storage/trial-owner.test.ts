// A trial whose process died on this host is failed at once, on every storage that processes
// share, and its parameters and grid point come back as a waiting trial: the holder is a real
// child process, killed with SIGKILL. While it lives, its trial is left alone however old it is.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GridSampler } from '../../../src/tune/samplers/grid.ts';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { ownerIsGone, orphanReason, thisProcess } from '../../../src/tune/storage/trial-owner.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';
import type { Storage } from '../../../src/tune/types.ts';
import { ORPHAN_GRID, type OrphanHolderConfig } from '../../fixtures/orphan-holder.ts';
import { postgresStorages } from './pg-schemas.ts';
import { tempDatabases } from './temp-db.ts';

const HOLDER = fileURLToPath(new URL('../../fixtures/orphan-holder.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const nextDb = tempDatabases();
const pg = postgresStorages('owner');

interface Holder {
  pid: number;
  number: number;
  x: number;
  kill(): Promise<void>;
}

async function hold(config: OrphanHolderConfig): Promise<Holder> {
  const child = spawn(process.execPath, [HOLDER, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  while (!stdout.includes('\n')) {
    if (child.exitCode !== null) throw new Error(`holder exited: ${stderr}`);
    await delay(20);
  }
  const [, number, x] = stdout.trim().split(' ');
  return {
    pid: child.pid!,
    number: Number(number),
    x: Number(x),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const cases: [string, () => { storage: Storage; config: OrphanHolderConfig }][] = [
  [
    'SqliteStorage',
    () => {
      const path = nextDb();
      return { storage: new SqliteStorage(path), config: { kind: 'sqlite', path, study: 'owned', grid: ORPHAN_GRID } };
    },
  ],
  [
    'PostgresStorage',
    () => {
      const schema = pg.nextSchema();
      return { storage: pg.next({ schema }), config: { kind: 'postgres', url: pg.url, schema, study: 'owned', grid: ORPHAN_GRID } };
    },
  ],
];

describe('trial owners', () => {
  it('knows this process and its dead children apart', () => {
    expect(ownerIsGone(thisProcess().host, process.pid)).toBe(false);
    expect(ownerIsGone('another-host', 999_999_999)).toBe(false);
    expect(ownerIsGone(null, null)).toBe(false);
    expect(orphanReason('h', 7)).toBe('orphaned: its process (pid 7 on h) is gone');
  });

  for (const [label, make] of cases) {
    it(`${label}: the trial of a killed process is failed at the next process's first ask, its grid point and params re-queued; a live one is left alone`, async () => {
      const { storage, config } = make();
      const setup = await createStudy({ storage, name: 'owned', sampler: new GridSampler(ORPHAN_GRID) });
      await setup.enqueueTrial({ x: 2 });
      const holder = await hold(config);
      expect(holder).toMatchObject({ number: 0, x: 2 });
      try {
        // The holder is alive: however stale by the clock, its trial is not touched.
        const here = await loadStudy({ name: 'owned', storage, sampler: new GridSampler(ORPHAN_GRID) });
        expect((await storage.failStaleTrials(setup.id, { graceMs: Number.POSITIVE_INFINITY, maxRetries: 2 })).failed).toEqual([]);
        const other = await here.ask();
        expect(other.number).toBe(1);
        expect(await other.suggestCategorical('x', ORPHAN_GRID.x)).toBe(1);
        await here.tell(other, 1);
        expect((await storage.getTrial(setup.id, holder.number)).state).toBe('running');
      } finally {
        await holder.kill();
      }

      // A new process (a new study object, no heartbeats): its first ask fails the dead trial and
      // takes its retry, with the same grid point and x; no grace is waited for.
      const resumed = await loadStudy({ name: 'owned', storage, sampler: new GridSampler(ORPHAN_GRID) });
      const retry = await resumed.tryAsk({ maxTrials: 3 });
      const orphan = await storage.getTrial(setup.id, holder.number);
      expect(orphan.state).toBe('failed');
      expect(orphan.systemAttrs).toMatchObject({ orphaned: true, failReason: `orphaned: its process (pid ${holder.pid} on ${hostname()}) is gone` });
      expect((await retry!.frozen()).systemAttrs).toMatchObject({ retryOf: holder.number, gridIndex: orphan.systemAttrs['gridIndex'] });
      expect(await retry!.suggestCategorical('x', ORPHAN_GRID.x)).toBe(2);
      await resumed.tell(retry!, 2);

      // The orphan does not count against the budget of 3: the last grid point still runs.
      await resumed.optimize(async (t) => t.suggestCategorical('x', ORPHAN_GRID.x), { maxTrials: 3 });
      const complete = await resumed.trials(['complete']);
      expect(complete.map((t) => t.params['x']).sort()).toEqual([1, 2, 3]);
      expect(await storage.countTrials(setup.id, { excludeOrphans: true })).toBe(3);
      expect(await storage.countTrials(setup.id, { states: ['running', 'waiting'] })).toBe(0);
      await storage.close();
    }, 30_000);
  }
});
