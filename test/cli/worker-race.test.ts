// hyperprop worker started several times at the same moment on a new study: every process
// creates or loads the study (one atomic step in the storage) and none exits with a name clash.
// A round of real executables is slow (a Node start-up, data and worker threads per process: 11 to
// 18 s a round of 4 on two busy cores), so the rounds use 4 long-lived processes that each run the
// worker's own join step (storageFromUrl, config, joinStudy) on a message sent to all at once.
// (test/cli/worker.test.ts starts real executables together on a fresh schema.) Each join reports
// when it began and ended, and every round must have had joins in flight at the same moment: a
// round that did not race would prove nothing. Seen racing, a few rounds a storage do (the
// PostgreSQL joins overlap for 40 to 300 ms, the SQLite ones for 10 to 90; on a machine at load
// 10, all four were in flight at once in 90% of the rounds, never fewer than two).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../src/tune/storage/postgres/postgres-storage.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { postgresStorages } from '../tune/storage/pg-schemas.ts';

const { url, nextSchema } = postgresStorages('race');
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-worker-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const JOINER = fileURLToPath(new URL('../fixtures/worker-join.mjs', import.meta.url));

// One trial of one epoch: the race is in joining the study, not in training.
const TINY = join(dir, 'tiny.yaml');
writeFileSync(
  TINY,
  `
data: { builtin: iris, split: { validation: 0.3, seed: 0 } }
tune:
  study: race
  epochs: 1
  trials: 1
  space:
    lr: { type: float, low: 0.001, high: 0.3, log: true }
`,
);

/** What test/fixtures/worker-join.mjs joins. */
interface JoinRequest {
  storage: string;
  config: string;
}

/** A join's outcome, and when (Date.now()) it began and ended in its process. */
type Reply = ({ id: number } | { error: string }) & { began: number; ended: number };

function joiners(n: number): { join(request: JoinRequest): Promise<Reply[]>; close(): void } {
  const children: ChildProcess[] = Array.from({ length: n }, () => fork(JOINER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  const next = <T = Reply>(child: ChildProcess): Promise<T> =>
    new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m as T));
      child.once('exit', (code) => reject(new Error(`joiner exited with ${code}`)));
    });
  const ready = Promise.all(children.map((c) => next<{ ready: true }>(c)));
  return {
    async join(request) {
      await ready;
      const replies = children.map(next);
      // Sent back to back: the four joins start within a millisecond of each other.
      for (const child of children) child.send(request);
      return Promise.all(replies);
    },
    close: () => children.forEach((c) => c.kill()),
  };
}

const pool = joiners(4);
const ROUNDS = 8;
afterAll(() => pool.close());

async function rounds(storages: readonly string[], check: (storage: string) => Promise<number[]>): Promise<string[]> {
  const failures: string[] = [];
  for (const [round, storage] of storages.entries()) {
    const replies = await pool.join({ storage, config: TINY });
    // The most joins in flight at once: those under way when the last of them began.
    const inFlight = Math.max(...replies.map((a) => replies.filter((b) => b.began <= a.began && a.began < b.ended).length));
    const spans = replies.map((r) => `${r.began - replies[0]!.began}..${r.ended - replies[0]!.began}`).join(', ');
    expect(inFlight, `round ${round}: the joins did not overlap (ms from the first start: ${spans})`).toBeGreaterThanOrEqual(2);
    console.log(`round ${round}: ${inFlight} joins at once (ms from the first start: ${spans})`);
    for (const r of replies) if ('error' in r) failures.push(`round ${round}: ${r.error}`);
    const ids = replies.flatMap((r) => ('id' in r ? [r.id] : []));
    if (ids.length === 4) expect(await check(storage), `round ${round}`).toEqual([ids[0]!]);
    expect(new Set(ids).size, `round ${round}`).toBeLessThanOrEqual(1);
  }
  return failures;
}

describe('hyperprop worker started together', () => {
  it(`${ROUNDS} rounds of 4 processes joining a new study at once in a fresh PostgreSQL schema: 0 failures, one study each`, { timeout: 120_000 }, async () => {
    const started = Date.now();
    const storages = Array.from({ length: ROUNDS }, () => `${url}?schema=${nextSchema()}`);
    const failures = await rounds(storages, async (storage) => {
      const pg = new PostgresStorage(url, { schema: new URL(storage).searchParams.get('schema')! });
      const ids = (await pg.listStudies()).map((s) => s.id);
      await pg.close();
      return ids;
    });
    expect(failures).toEqual([]);
    console.log(`${ROUNDS} PostgreSQL rounds of 4 joins: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it(`${ROUNDS} rounds of 4 processes joining a new study at once in a new SQLite file: 0 failures, one study each`, { timeout: 120_000 }, async () => {
    const started = Date.now();
    const storages = Array.from({ length: ROUNDS }, (_, i) => join(dir, `race-${i}.db`));
    const failures = await rounds(storages, async (storage) => {
      const sqlite = new SqliteStorage(storage);
      const ids = (await sqlite.listStudies()).map((s) => s.id);
      await sqlite.close();
      return ids;
    });
    expect(failures).toEqual([]);
    console.log(`${ROUNDS} SQLite rounds of 4 joins: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
