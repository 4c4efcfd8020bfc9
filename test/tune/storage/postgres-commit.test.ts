// PostgresStorage's synchronousCommit option: off asks the server not to wait for each commit's
// WAL flush (SQLite's WAL mode with synchronous=NORMAL is the like for like); without it, the
// sessions keep whatever the user's server, database or role says. The suite's server runs with
// synchronous_commit off for every session, so a role that sets it on shows both.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgConnection } from '../../../src/tune/storage/postgres/connection.ts';
import { PostgresStorage } from '../../../src/tune/storage/postgres/postgres-storage.ts';
import { postgresStorages } from './pg-schemas.ts';

const { url, nextSchema } = postgresStorages('commit');
const role = `hp_commit_${process.pid}`;
const roleUrl = (() => {
  const u = new URL(url);
  u.username = role;
  u.password = 'commit';
  return u.toString();
})();
const opened: PostgresStorage[] = [];

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The setting as the storage's own sessions see it. */
async function sessionSetting(storage: PostgresStorage): Promise<string> {
  const db = (storage as unknown as { db: PgConnection }).db;
  const { rows } = await db.run(() => db.query<{ synchronous_commit: string }>('SHOW synchronous_commit'));
  return rows[0]!.synchronous_commit;
}

function open(storageUrl: string, options: ConstructorParameters<typeof PostgresStorage>[1] = {}): PostgresStorage {
  const storage = new PostgresStorage(storageUrl, { schema: nextSchema(), ...options });
  opened.push(storage);
  return storage;
}

beforeAll(async () => {
  await admin(`CREATE ROLE ${role} LOGIN PASSWORD 'commit'`);
  await admin(`GRANT CREATE ON DATABASE ${new URL(url).pathname.slice(1) || 'postgres'} TO ${role}`);
  await admin(`ALTER ROLE ${role} SET synchronous_commit = on`);
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await admin(`DROP OWNED BY ${role} CASCADE`);
  await admin(`DROP ROLE ${role}`);
});

describe('PostgresStorage synchronousCommit', () => {
  it('keeps the server’s setting unless asked: the role says on, the storage’s sessions say on', async () => {
    expect(await sessionSetting(open(roleUrl))).toBe('on');
  });

  it('options.synchronousCommit and ?synchronous_commit= in the URL set it for the storage’s sessions only', async () => {
    const byOption = open(roleUrl, { synchronousCommit: 'off' });
    const byUrl = open(`${roleUrl}?synchronous_commit=off`);
    expect(await sessionSetting(byOption)).toBe('off');
    expect(await sessionSetting(byUrl)).toBe('off');
    // The tables are still found in the storage's schema (the setting joins search_path, not replaces it).
    const study = await byUrl.createStudy('async', 'minimize', 1);
    await byUrl.finishTrial(study.id, (await byUrl.createTrial(study.id, { state: 'running' })).number, 'complete', 0.5);
    expect((await byUrl.getTrials(study.id)).map((t) => t.value)).toEqual([0.5]);
    expect(await sessionSetting(open(roleUrl))).toBe('on');
  });

  it('a user’s ?options= in the URL is kept beside the storage’s own', async () => {
    const storage = open(`${roleUrl}?options=${encodeURIComponent('-c synchronous_commit=local')}`);
    expect(await sessionSetting(storage)).toBe('local');
    const study = await storage.createStudy('options', 'minimize', 1);
    expect((await storage.getStudy('options'))?.id).toBe(study.id);
  });

  it('names a bad value, and a value given twice', () => {
    expect(() => new PostgresStorage(url, { synchronousCommit: 'sometimes' as 'off' })).toThrow(
      new TypeError('PostgresStorage: options.synchronousCommit must be one of "on", "off", "local", "remote_write", "remote_apply", got "sometimes"'),
    );
    expect(() => new PostgresStorage(`${url}?synchronous_commit=never`)).toThrow(
      new TypeError('PostgresStorage: the URL\'s synchronous_commit must be one of "on", "off", "local", "remote_write", "remote_apply", got "never"'),
    );
    expect(() => new PostgresStorage(`${url}?synchronous_commit=off`, { synchronousCommit: 'on' })).toThrow(
      new TypeError('PostgresStorage: synchronous_commit must be given once (the URL\'s or options.synchronousCommit), got "off" in the URL and "on" in options'),
    );
  });
});
