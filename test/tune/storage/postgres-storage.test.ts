// PostgresStorage: the conformance suite against a real server (the suite's own, see
// test/setup/postgres.ts), plus what only a server gives: migrations, many connections claiming
// at once, the study lock across connections, the server's clock.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { lockKey } from '../../../src/tune/storage/postgres/lock-key.ts';
import { PostgresStorage } from '../../../src/tune/storage/postgres/postgres-storage.ts';
import type { Storage } from '../../../src/tune/types.ts';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../../src/tune/storage/postgres/postgres-schema.ts';
import { storageConformance } from './conformance.ts';
import { postgresStorages } from './pg-schemas.ts';

const { url, next, nextSchema, sql: run } = postgresStorages('conf');

// Time passes for the storage's staleness checks as its stamps (taken from the server's clock)
// move into the past; the last test here checks on a real server that the stamps are the server's.
const age = async (storage: Storage, ms: number): Promise<void> => {
  const { schema } = storage as PostgresStorage;
  await run(
    `WITH studies AS (UPDATE ${schema}.studies SET created_at = created_at - $1)
     UPDATE ${schema}.trials SET started_at = started_at - $1, completed_at = completed_at - $1, heartbeat_at = heartbeat_at - $1`,
    [ms],
  );
};
storageConformance('PostgresStorage', () => next(), (storage) => new PostgresStorage(url, { schema: (storage as PostgresStorage).schema }), { age });

async function sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgresStorage on a server', () => {
  it('creates its schema by migration once, even when many storages start together', async () => {
    const schema = nextSchema();
    const storages = Array.from({ length: 4 }, () => new PostgresStorage(url, { schema }));
    await Promise.all(storages.map((s, i) => s.createStudy(`s${i}`, 'minimize', i)));
    const versions = await sql<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(versions.at(-1)!.version).toBe(SCHEMA_VERSION);
    expect((await storages[0]!.listStudies()).map((s) => s.name).sort()).toEqual(['s0', 's1', 's2', 's3']);
    await Promise.all(storages.map((s) => s.close()));
  });

  it('upgrades a version-1 schema: the budget counter is filled from the trials already there', async () => {
    const schema = nextSchema();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migrate(client, schema, MIGRATIONS.slice(0, 1));
    await client.query(`INSERT INTO ${schema}.studies (name, direction, seed, created_at, next_number) VALUES ('old', 'minimize', 0, 0, 3)`);
    await client.query(`INSERT INTO ${schema}.trials (study_id, number, state, seed) VALUES (1, 0, 'failed', 1), (1, 1, 'complete', 2), (1, 2, 'waiting', 3)`);
    await client.query(`INSERT INTO ${schema}.trial_attrs (trial_id, kind, key, value_json) VALUES (3, 'system', 'retryOf', '0')`);
    await client.end();
    const storage = new PostgresStorage(url, { schema });
    const study = (await storage.getStudy('old'))!;
    expect(await storage.countTrials(study.id, { excludeRetries: true })).toBe(2);
    await storage.createTrial(study.id, { state: 'running' });
    await storage.createTrial(study.id, { state: 'waiting', systemAttrs: { retryOf: 1 } });
    expect(await storage.countTrials(study.id, { excludeRetries: true })).toBe(3);
    expect(await storage.countTrials(study.id)).toBe(5);
    await storage.close();
  });

  it('refuses a schema migrated by a newer version', async () => {
    const schema = nextSchema();
    const first = new PostgresStorage(url, { schema });
    await first.listStudies();
    await first.close();
    await sql(`INSERT INTO ${schema}.schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)`);
    const storage = new PostgresStorage(url, { schema });
    await expect(storage.listStudies()).rejects.toThrow(`schema version must be <= ${SCHEMA_VERSION}, got 99 in schema "${schema}"`);
    await storage.close();
  });

  it('names bad options and hides the password', () => {
    expect(() => new PostgresStorage('mysql://u:secret@h/db')).toThrow('url must be a postgres:// or postgresql:// URL, got "mysql://u:***@h/db"');
    expect(() => new PostgresStorage(url, { schema: 'Bad-Name' })).toThrow('options.schema must match');
    expect(() => new PostgresStorage(url, { poolSize: 1 })).toThrow('options.poolSize must be an integer >= 2');
  });

  it('four storages (separate pools) claim 200 waiting trials, each exactly once', async () => {
    const schema = nextSchema();
    const storages = Array.from({ length: 4 }, () => new PostgresStorage(url, { schema }));
    const study = await storages[0]!.createStudy('claims', 'minimize', 0);
    await Promise.all(Array.from({ length: 200 }, () => storages[0]!.createTrial(study.id, { state: 'waiting' })));
    // Each storage claims once, and none goes on before all four have: every pool contends from
    // the first claim to the last. (Left to race, a storage whose pool was slow to connect on a
    // loaded machine could find the 200 gone before its first claim.)
    let arrived = 0;
    let allIn!: () => void;
    const started = new Promise<void>((resolve) => (allIn = resolve));
    const claimed = await Promise.all(
      storages.map(async (s) => {
        const first = await s.claimWaitingTrial(study.id);
        expect(first).toBeDefined();
        const mine = [first!.number];
        if (++arrived === storages.length) allIn();
        await started;
        for (let t = await s.claimWaitingTrial(study.id); t !== undefined; t = await s.claimWaitingTrial(study.id)) mine.push(t.number);
        return mine;
      }),
    );
    expect(claimed.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(await storages[1]!.countTrials(study.id, { states: ['running'] })).toBe(200);
    await Promise.all(storages.map((s) => s.close()));
  });

  it('the study lock excludes other connections and is freed when its holder dies', async () => {
    const schema = nextSchema();
    const a = new PostgresStorage(url, { schema });
    const b = new PostgresStorage(url, { schema });
    const study = await a.createStudy('lock', 'minimize', 0);
    const events: string[] = [];
    let release!: () => void;
    const held = a.withStudyLock(study.id, async () => {
      events.push('a in');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('a out');
    });
    while (events.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const waiting = b.withStudyLock(study.id, async () => events.push('b in'));
    // b is blocked on the server; it gets in only after a leaves.
    // This study's lock only: other test files hold locks on studies with the same id in their
    // own schemas (classid is the schema's key, an oid, so compared as an unsigned 32-bit value).
    const ours = "locktype = 'advisory' AND classid::bigint = ($1::bigint & 4294967295) AND objid = $2";
    const key = [lockKey(schema), study.id];
    const locks = await sql<{ granted: boolean }>(`SELECT granted FROM pg_locks WHERE ${ours}`, key);
    expect(locks.some((l) => l.granted)).toBe(true);
    release();
    await Promise.all([held, waiting]);
    expect(events).toEqual(['a in', 'a out', 'b in']);

    // A holder whose session dies (its process was killed) frees the lock with it.
    let finish: (() => void) | undefined;
    const orphan = a.withStudyLock(study.id, () => new Promise<void>((resolve) => (finish = resolve)));
    // Once a's section runs, a holds the lock alone: b's session (whose unlock is sent a turn
    // after its section) has let go, so the one granted row is a's session and not b's.
    while (finish === undefined) await new Promise((resolve) => setImmediate(resolve));
    const holder = await sql<{ pid: number }>(`SELECT pid FROM pg_locks WHERE ${ours} AND granted`, key);
    expect(holder).toHaveLength(1);
    await sql('SELECT pg_terminate_backend($1)', [holder[0]!.pid]);
    expect(await b.withStudyLock(study.id, async () => 'b got it')).toBe('b got it');
    finish!();
    await orphan;
    await a.close();
    await b.close();
  });

  it('heartbeats and staleness use the server clock, not the client clock', async () => {
    const storage = next();
    const study = await storage.createStudy('clock', 'minimize', 0);
    const t = await storage.createTrial(study.id, { state: 'running' });
    // Move the trial's start an hour into the server's past: stale at once, whatever the local time.
    await sql(`UPDATE ${storage.schema}.trials SET started_at = started_at - 3600000 WHERE number = $1`, [t.number]);
    expect((await storage.failStaleTrials(study.id, { graceMs: 60_000, maxRetries: 0 })).failed).toEqual([t.number]);
    const u = await storage.createTrial(study.id, { state: 'running' });
    await sql(`UPDATE ${storage.schema}.trials SET started_at = started_at - 3600000 WHERE number = $1`, [u.number]);
    expect(await storage.heartbeat(study.id, u.number)).toBe(true);
    expect((await storage.failStaleTrials(study.id, { graceMs: 60_000, maxRetries: 0 })).failed).toEqual([]);
    const [row] = await sql<{ lag: string }>(`SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint - heartbeat_at AS lag FROM ${storage.schema}.trials WHERE number = $1`, [u.number]);
    expect(Number(row!.lag)).toBeLessThan(5_000);
  });
});
