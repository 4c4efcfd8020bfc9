// The storage's connection pool: migrations on first use, every operation retried through a lost
// connection (reconnect.ts), transactions, and session advisory locks. pg reports a connection
// that dies while idle or checked out as an 'error' event; each is caught here, or the process
// would crash on a server restart.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { lazyModule } from '../../../lazy-module.ts';
import { migrate } from './postgres-schema.ts';
import { isTransient, withReconnect, type ReconnectPolicy } from './reconnect.ts';

export type Query = <R extends pg.QueryResultRow>(sql: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

/** bigint (OID 20) as a JS number: ids, seeds and ms timestamps are all safe integers. */
const loadPg = lazyModule<typeof pg>('pg');

const TYPES = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : loadPg().types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };

/**
 * Every statement is sent as a named prepared statement (its name a hash of its text): each
 * pooled connection parses and plans it once, not on every call. Planning cost more than running
 * the small indexed reads and writes of an ask or a prune check. A cached plan must then suit any
 * values: where a study's size matters, statements take lists of numbers, not ranges (getTrialsFrom).
 */
const names = new Map<string, string>();

function prepared(sql: string, values: unknown[] | undefined): pg.QueryConfig {
  let name = names.get(sql);
  if (name === undefined) names.set(sql, (name = `hp_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`));
  return { name, text: sql, ...(values === undefined ? {} : { values }) };
}

/**
 * A statement run by SQL EXECUTE inside a simple-protocol message (where protocol-level prepared
 * statements cannot go): prepared once per connection, under its own name, with its parameters'
 * types declared.
 */
export interface ServerStatement {
  readonly name: string;
  readonly types: readonly string[];
  readonly sql: string;
}

export function serverStatement(sql: string, types: readonly string[]): ServerStatement {
  return { name: `hps_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`, types, sql };
}

/** Whether `literal` can splice the value: a string, or a number that is a safe integer. */
function spliceable(value: number | string): boolean {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

/** A literal for a simple-protocol message: safe integers as digits, strings quoted by pg. */
function literal(value: number | string): string {
  if (!spliceable(value)) throw new RangeError(`takeWith: a spliced number must be a safe integer, got ${value}`);
  return typeof value === 'string' ? loadPg().escapeLiteral(value) : String(value);
}

/**
 * A section's advisory lock, not taken yet: the section's first statement takes it (run does,
 * before the statement; or the statement itself, sent after the lock in one message: takeWith).
 */
export interface PendingLock {
  readonly key: [number, number];
  /**
   * Runs `statement` with `values` after the lock call, in one message and one round trip; its
   * result. It runs as a prepared statement (PREPARE in the same message on a connection's first
   * use): planning the claim cost more server time than the rest of a trial's statements.
   */
  takeWith<R extends pg.QueryResultRow>(statement: ServerStatement, values: readonly (number | string)[]): Promise<pg.QueryResult<R>>;
}

/** A finished section's lock, still held by its connection until an unlock is sent on it. */
interface HeldLock {
  readonly client: pg.PoolClient;
  readonly key: [number, number];
  /** Hands the connection back (dropping it after an error). */
  readonly release: (error?: Error) => void;
}

interface SectionLock extends PendingLock {
  readonly taken: boolean;
  /** Takes the lock (once; later calls wait on that). */
  take(): Promise<void>;
}

export class PgConnection {
  private readonly pool: pg.Pool;
  private readonly sections = new AsyncLocalStorage<SectionLock>();
  /** The server statements each connection has prepared (a connection that failed a message is dropped, and its set with it). */
  private readonly serverPrepared = new WeakMap<pg.PoolClient, Set<string>>();
  /**
   * A finished section's lock, not released yet: the next statement sent through afterUnlock
   * takes the unlock along in its own message, else the unlock goes alone on the next turn of
   * the event loop. An ask's section ends with its claim and the objective's first suggest
   * follows at once: one round trip fewer per trial, the lock held a few microseconds longer.
   */
  private unlocking: HeldLock | undefined;
  private ready: Promise<void> | undefined;
  private closed = false;

  constructor(
    url: string,
    private readonly schema: string,
    poolSize: number,
    private readonly policy: ReconnectPolicy,
    startupOptions = `-c search_path=${schema}`,
  ) {
    // search_path (in startupOptions, see session-options.ts): every statement names tables
    // unqualified and finds the storage's schema.
    this.pool = new (loadPg().Pool)({ connectionString: url, max: poolSize, options: startupOptions, types: TYPES, connectionTimeoutMillis: 10_000, keepAlive: true });
    this.pool.on('error', () => undefined);
  }

  /** Runs `op` (after migrating), retrying it through connection loss; `attempt` counts from 0. */
  run<T>(op: (attempt: number) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('PostgresStorage: the storage must be open, got a call after close()'));
    return withReconnect(this.policy, () => this.closed, async (attempt) => {
      await this.migrated();
      await this.sections.getStore()?.take();
      return op(attempt);
    });
  }

  /** Statements and transactions sent so far: a read taken with a write stays current while this does not move. */
  sent = 0;

  /** One statement on any pooled connection (call inside run). */
  query: Query = (sql, values) => {
    this.sent += 1;
    return this.pool.query(prepared(sql, values));
  };

  /** A transaction on one connection (call inside run: a lost COMMIT reply surfaces as a transient error). */
  tx<T>(body: (q: Query) => Promise<T>): Promise<T> {
    this.sent += 1;
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await body((sql, values) => client.query(prepared(sql, values)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** The lock of the section this call runs in, while no statement has taken it yet. */
  pendingLock(): PendingLock | undefined {
    const lock = this.sections.getStore();
    return lock === undefined || lock.taken ? undefined : lock;
  }

  /**
   * Runs `section` while a connection holds the session advisory lock `key`. `lazy`: the
   * section's first statement takes it (so a section that starts with a claim waits on one round
   * trip, not two), and the section's code before that statement runs without it. The connection
   * idles meanwhile; if it dies, the server frees the lock with the session and the section
   * carries on (the lock guards against duplicated work, not against corruption).
   */
  async withAdvisoryLock<T>(key: [number, number], section: () => Promise<T>, lazy = false): Promise<T> {
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    const client = await this.run(async () => {
      const c = await this.pool.connect();
      c.on('error', onError);
      return c;
    });
    let taking: Promise<void> | undefined;
    // A lock call lost with its connection leaves the section unlocked, as a lost session would.
    const settled = (sent: Promise<unknown>): Promise<void> => sent.then(
      () => undefined,
      (error: Error) => void (broken = error),
    );
    const lock: SectionLock = {
      key,
      get taken() {
        return taking !== undefined;
      },
      take: () => (taking ??= settled(client.query('SELECT pg_advisory_lock($1, $2)', key))),
      takeWith: <R extends pg.QueryResultRow>(statement: ServerStatement, values: readonly (number | string)[]) => {
        if (taking !== undefined || !key.every(Number.isSafeInteger)) throw new Error(`takeWith: the lock ${JSON.stringify(key)} must be untaken and integer, got taken ${taking !== undefined}`);
        const sent = this.execute<R>(client, `SELECT pg_advisory_lock(${key[0]}, ${key[1]})`, statement, values);
        taking = settled(sent);
        return sent;
      },
    };
    // A section that ended before this one started unlocks now, not a turn later.
    this.flushUnlock();
    try {
      if (!lazy) {
        await lock.take();
        if (broken !== undefined) throw broken;
      }
      return await this.sections.run(lock, section);
    } finally {
      // The section's writes are done: the caller need not wait for the unlock's reply. The
      // connection goes back to the pool only after it, so no other section reuses a session
      // that still holds the lock; another connection's lock call waits on the server meanwhile.
      const release = (error?: Error): void => {
        client.off('error', onError);
        client.release(broken ?? error);
      };
      if (taking === undefined || broken !== undefined || !key.every(Number.isSafeInteger)) release();
      else this.deferUnlock({ client, key, release });
    }
  }

  /**
   * Runs `statement` on the connection of a section that just ended, after its unlock, in one
   * message; undefined (nothing sent) when no unlock is waiting or a value cannot be spliced.
   * Call inside run: a lost connection surfaces as a transient error, and the retry goes to the pool.
   */
  afterUnlock<R extends pg.QueryResultRow>(statement: ServerStatement, values: readonly (number | string)[]): Promise<pg.QueryResult<R>> | undefined {
    const held = this.unlocking;
    if (held === undefined || !values.every(spliceable)) return undefined;
    this.unlocking = undefined;
    this.sent += 1;
    return this.execute<R>(held.client, `SELECT pg_advisory_unlock(${held.key[0]}, ${held.key[1]})`, statement, values).then(
      (result) => {
        held.release();
        return result;
      },
      (error: Error) => {
        held.release(error);
        throw error;
      },
    );
  }

  private deferUnlock(held: HeldLock): void {
    this.flushUnlock();
    this.unlocking = held;
    setImmediate(() => {
      if (this.unlocking === held) this.flushUnlock();
    });
  }

  /** Sends the waiting unlock on its own. */
  private flushUnlock(): void {
    const held = this.unlocking;
    if (held === undefined) return;
    this.unlocking = undefined;
    void held.client.query('SELECT pg_advisory_unlock($1, $2)', held.key).then(
      () => held.release(),
      (error: Error) => held.release(error),
    );
  }

  /**
   * `first` (integers spliced in) and then `statement` with `values`, in one simple-protocol
   * message and one round trip: the statements run in order, each with its own snapshot, and an
   * error in one skips the rest. The statement is PREPAREd in the same message on the
   * connection's first use of it (a connection that fails a message is dropped, and its set with it).
   */
  private execute<R extends pg.QueryResultRow>(client: pg.PoolClient, first: string, statement: ServerStatement, values: readonly (number | string)[]): Promise<pg.QueryResult<R>> {
    let prepared = this.serverPrepared.get(client);
    if (prepared === undefined) this.serverPrepared.set(client, (prepared = new Set()));
    const prepare = prepared.has(statement.name) ? '' : `PREPARE ${statement.name} (${statement.types.join(', ')}) AS ${statement.sql}; `;
    return (client.query(`${first}; ${prepare}EXECUTE ${statement.name}(${values.map(literal).join(', ')})`) as unknown as Promise<pg.QueryResult[]>).then((results) => {
      prepared.add(statement.name);
      return results.at(-1) as pg.QueryResult<R>;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flushUnlock();
    await this.pool.end();
  }

  private migrated(): Promise<void> {
    this.ready ??= this.withClient(async (client) => {
      await migrate(client, this.schema);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async withClient<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    const onError = (error: Error): void => {
      failure = error;
    };
    client.on('error', onError);
    try {
      return await body(client);
    } catch (error) {
      if (isTransient(error)) failure = error as Error;
      throw error;
    } finally {
      client.off('error', onError);
      client.release(failure);
    }
  }
}
