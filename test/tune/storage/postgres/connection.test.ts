// PgConnection on the suite's server, below the storage: the names of its prepared statements,
// the count of statements sent, a call after close, and the section lock's two ways of being
// taken (before the section, or by its first statement in one message with takeWith), its
// refusals, and the unlock that rides along with the next statement (afterUnlock). The storage
// tests reach these only through a claim, where a lock taken twice or never shows no difference.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgConnection, serverStatement } from '../../../../src/tune/storage/postgres/connection.ts';
import { postgresStorages } from '../pg-schemas.ts';

const { url, nextSchema } = postgresStorages('conn');
const opened: PgConnection[] = [];
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
});

function connect(poolSize = 2): PgConnection {
  const schema = nextSchema();
  const db = new PgConnection(url, schema, poolSize, { timeoutMs: 0 }, `-c search_path=${schema}`);
  opened.push(db);
  return db;
}

/** The advisory locks held with these two keys, seen from another session. */
async function held(key: [number, number]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = ($1::bigint & 4294967295) AND objid = $2", key);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * held(key) once the server has had time to process an unlock sent without waiting for its reply
 * (deferUnlock): polled until it reads 0, for at most 5 s. Another connection's query can reach
 * the server before the unlock on a loaded machine, so one read right after the send is a race.
 */
async function heldAfterUnlock(key: [number, number]): Promise<number> {
  const deadline = Date.now() + 5_000;
  let n = await held(key);
  while (n !== 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    n = await held(key);
  }
  return n;
}
const plusOne = serverStatement('SELECT $1::int + 1 AS n', ['int']);
const sum = serverStatement('SELECT $1::int + $2::int AS n', ['int', 'int']);
const divide = serverStatement('SELECT 1 / $1::int AS n', ['int']);

describe('PgConnection statements', () => {
  it('sends each statement prepared under a name from the hash of its text, and counts what it sends', async () => {
    const db = connect();
    const sql = 'SELECT name FROM pg_prepared_statements ORDER BY name';
    const before = db.sent;
    const names = await db.run(() => db.tx(async (q) => (await q<{ name: string }>(sql)).rows.map((r) => r.name)));
    expect(names).toContain(`hp_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`);
    expect(db.sent).toBe(before + 1);
    await db.run(() => db.query('SELECT 1'));
    await db.run(() => db.query('SELECT $1::int', [1]));
    expect(db.sent).toBe(before + 3);
  });

  it('names a server statement by the hash of its text, keeping its types', () => {
    expect(serverStatement('SELECT 1', ['int'])).toEqual({ name: `hps_${createHash('sha1').update('SELECT 1').digest('hex').slice(0, 24)}`, types: ['int'], sql: 'SELECT 1' });
  });

  it('outlives a pooled connection that dies while idle (a server restart): the pool drops it and the next call connects anew', async () => {
    const db = connect();
    const pool = (db as unknown as { pool: pg.Pool }).pool;
    const { rows } = await db.run(() => db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await admin.end();
    // pg reports the idle connection's death as an 'error' event on the pool; unheard, it would end the process.
    while (pool.totalCount > 0) await tick();
    expect((await db.run(() => db.query<{ one: number }>('SELECT 1 AS one'))).rows).toEqual([{ one: 1 }]);
  });

  it('refuses a call after close, and closes once', async () => {
    const db = connect();
    await db.run(() => db.query('SELECT 1'));
    await db.close();
    await expect(db.run(() => db.query('SELECT 1'))).rejects.toThrow(new Error('PostgresStorage: the storage must be open, got a call after close()'));
    await db.close();
  });
});

describe('PgConnection section locks', () => {
  it('takes the lock before the section unless lazy; a lazy section has it pending until its first statement', async () => {
    const db = connect();
    const key: [number, number] = [7101, 1];
    expect(db.pendingLock()).toBeUndefined();
    await db.withAdvisoryLock(key, async () => {
      expect(db.pendingLock()).toBeUndefined();
      expect(await held(key)).toBe(1);
    });
    await db.withAdvisoryLock(
      key,
      async () => {
        expect(db.pendingLock()?.key).toEqual(key);
        expect(await held(key)).toBe(0);
        await db.run(() => db.query('SELECT 1'));
        expect(db.pendingLock()).toBeUndefined();
        expect(await held(key)).toBe(1);
      },
      true,
    );
    await tick();
    await tick();
    expect(await heldAfterUnlock(key)).toBe(0);
  });

  it('takeWith sends the lock and a prepared statement in one message, splicing numbers and quoted strings, once', async () => {
    const db = connect();
    const key: [number, number] = [7102, 2];
    const text = serverStatement('SELECT $1::text AS s, $2::bigint AS n', ['text', 'bigint']);
    await db.withAdvisoryLock(
      key,
      async () => {
        const lock = db.pendingLock()!;
        const { rows } = await lock.takeWith<{ n: number }>(plusOne, [41]);
        expect(rows).toEqual([{ n: 42 }]);
        expect(await held(key)).toBe(1);
        expect(db.pendingLock()).toBeUndefined();
        expect(() => lock.takeWith(plusOne, [1])).toThrow(new Error('takeWith: the lock [7102,2] must be untaken and integer, got taken true'));
      },
      true,
    );
    await db.withAdvisoryLock(
      key,
      async () => {
        // Prepared already on this connection or not: the same result either way.
        const { rows } = await db.pendingLock()!.takeWith<{ s: string; n: number }>(text, ["it's; DROP", -3]);
        expect(rows).toEqual([{ s: "it's; DROP", n: -3 }]);
      },
      true,
    );
  });

  it('refuses to splice a number that is not a safe integer, and a lock key that is not integer', async () => {
    const db = connect();
    await db.withAdvisoryLock(
      [7103, 3],
      async () => {
        expect(() => db.pendingLock()!.takeWith(plusOne, [1.5])).toThrow(new RangeError('takeWith: a spliced number must be a safe integer, got 1.5'));
      },
      true,
    );
    await db.withAdvisoryLock(
      [7103, 0.5],
      async () => {
        expect(() => db.pendingLock()!.takeWith(plusOne, [1])).toThrow(new Error('takeWith: the lock [7103,0.5] must be untaken and integer, got taken false'));
      },
      true,
    );
  });

  it('hands the unlock to the next statement sent through afterUnlock, once; without a held lock or with an unspliceable value it sends nothing', async () => {
    const db = connect();
    const key: [number, number] = [7104, 4];
    expect(db.afterUnlock(plusOne, [1])).toBeUndefined();
    await db.withAdvisoryLock(key, async () => undefined);
    expect(db.afterUnlock(plusOne, [0.5])).toBeUndefined();
    expect(db.afterUnlock(sum, [1, 0.5])).toBeUndefined();
    const before = db.sent;
    const { rows } = await db.run(() => db.afterUnlock<{ n: number }>(plusOne, [1])!);
    expect(rows).toEqual([{ n: 2 }]);
    expect(db.sent).toBe(before + 1);
    expect(await held(key)).toBe(0);
    expect(db.afterUnlock(plusOne, [1])).toBeUndefined();
  });

  it('unlocks a finished section when the next one starts, and on its own a turn later otherwise', async () => {
    const db = connect();
    const a: [number, number] = [7105, 5];
    const b: [number, number] = [7105, 6];
    await db.withAdvisoryLock(a, async () => undefined);
    await db.withAdvisoryLock(b, async () => {
      expect(await held(a)).toBe(0);
    });
    await tick();
    await tick();
    expect(await heldAfterUnlock(b)).toBe(0);
  });

  it('sends nothing after a lazy section that never took its lock', async () => {
    const db = connect();
    await db.withAdvisoryLock([7106, 7], async () => undefined, true);
    expect(db.afterUnlock(plusOne, [1])).toBeUndefined();
  });

  it("passes on the error of a statement sent after an unlock; the unlock went first", async () => {
    const db = connect();
    const key: [number, number] = [7107, 8];
    await db.withAdvisoryLock(key, async () => undefined);
    await expect(db.run(() => db.afterUnlock(divide, [0])!)).rejects.toThrow('division by zero');
    expect(await held(key)).toBe(0);
    expect(await db.withAdvisoryLock(key, async () => 'again')).toBe('again');
  });

  it('unlocks both of two sections that end in the same turn', async () => {
    const db = connect(3);
    const a: [number, number] = [7108, 9];
    const b: [number, number] = [7108, 10];
    await Promise.all([db.withAdvisoryLock(a, async () => undefined), db.withAdvisoryLock(b, async () => undefined)]);
    await tick();
    await tick();
    expect([await heldAfterUnlock(a), await heldAfterUnlock(b)]).toEqual([0, 0]);
  });
});
