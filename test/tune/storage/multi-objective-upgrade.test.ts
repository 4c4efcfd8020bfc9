// Files and schemas written before studies had several objectives open and keep working: their
// studies read back with one direction, their trials with [value], and the same file then holds
// multi-objective studies too.
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/tune/storage/postgres/postgres-schema.ts';
import { migrate } from '../../../src/tune/storage/postgres/postgres-schema.ts';
import { PostgresStorage } from '../../../src/tune/storage/postgres/postgres-storage.ts';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';
import type { Storage } from '../../../src/tune/types.ts';
import { postgresStorages } from './pg-schemas.ts';
import { tempDatabases } from './temp-db.ts';

const nextPath = tempDatabases();
const { url, nextSchema } = postgresStorages('mo_up');

/** The old study goes on as before, and a two-objective study is created beside it. */
async function carriesOn(storage: Storage): Promise<void> {
  const old = await loadStudy({ name: 'old', storage });
  expect(old.directions).toEqual(['maximize']);
  const trials = await old.trials();
  expect(trials.map((t) => [t.state, t.value, t.values])).toEqual([
    ['complete', 0.5, [0.5]],
    ['failed', null, null],
  ]);
  await old.optimize(async (trial) => trial.suggestFloat('x', 0, 1), { nTrials: 2 });
  expect((await old.bestTrial()).values).toEqual([(await old.bestTrial()).value]);
  const mo = await createStudy({ name: 'mo', storage, directions: ['minimize', 'maximize'] });
  await mo.optimize(async (trial) => {
    const x = await trial.suggestFloat('x', 0, 1);
    return [x, x * x];
  }, { nTrials: 3 });
  const reread = await loadStudy({ name: 'mo', storage });
  expect(reread.directions).toEqual(['minimize', 'maximize']);
  for (const t of await reread.trials()) expect(t.values).toEqual([t.params['x'], (t.params['x'] as number) ** 2]);
}

describe('several objectives in storages written by an older hyperprop', () => {
  it('SQLite: a schema-3 file is upgraded to 4 and keeps working', async () => {
    const path = nextPath();
    const fresh = new SqliteStorage(path);
    await fresh.close();
    // What an older hyperprop wrote: the schema-3 tables, with one study and two trials.
    const v3 = new Database(path);
    v3.exec('ALTER TABLE trials DROP COLUMN values_json; ALTER TABLE studies DROP COLUMN directions_json');
    v3.pragma('user_version = 3');
    v3.exec("INSERT INTO studies (name, direction, seed, created_at) VALUES ('old', 'maximize', 3, 0)");
    v3.exec("INSERT INTO trials (study_id, number, state, value, seed) VALUES (1, 0, 'complete', 0.5, 1), (1, 1, 'failed', NULL, 2)");
    v3.close();
    const storage = new SqliteStorage(path);
    await carriesOn(storage);
    await storage.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    db.close();
  });

  it('PostgreSQL: a schema at migration 4 is migrated to 5 and keeps working', async () => {
    const schema = nextSchema();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migrate(client, schema, MIGRATIONS.filter((m) => m.version <= 4));
    await client.query(`INSERT INTO ${schema}.studies (name, direction, seed, created_at, next_number, originals, budgeted) VALUES ('old', 'maximize', 3, 0, 2, 2, 2)`);
    await client.query(`INSERT INTO ${schema}.trials (study_id, number, state, value, seed) VALUES (1, 0, 'complete', 0.5, 1), (1, 1, 'failed', NULL, 2)`);
    await client.end();
    const storage = new PostgresStorage(url, { schema });
    await carriesOn(storage);
    await storage.close();
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ version: number }>(`SELECT max(version) AS version FROM ${schema}.schema_migrations`);
    await check.end();
    expect(rows[0]!.version).toBe(5);
  });
});
