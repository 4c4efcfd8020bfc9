// A storage in PostgreSQL (node-postgres), shared by workers on many machines. Parameterised SQL
// only; the tables live in one schema (default "hyperprop"), created and upgraded by migrations
// on first use. Claims take the oldest waiting trial with FOR UPDATE SKIP LOCKED, numbers come
// from a per-study counter row, heartbeats and staleness use the server's clock, so the
// machines' clocks never matter.
//
// A lost connection or a restarting server is retried with backoff (reconnect.ts). A retry
// cannot know whether the lost attempt committed, so writes are made safe to repeat: trials
// created or claimed carry a request token that a retry looks for first, and finishing or
// setting a param accepts its own earlier success.
import { randomUUID } from 'node:crypto';
import { describeValue } from '../../../errors.ts';
import { AsyncLock } from '../../lock.ts';
import { SYSTEM_ATTRS } from '../../system-attrs.ts';
import type { CountTrialsOptions, Direction, Directions, Distribution, FrozenTrial, ParamValue, StalePolicy, StaleTrialsResult, Storage, StudyLockOptions, StudyRecord, TrialState } from '../../types.ts';
import { checkStalePolicy, staleReason } from '../retry-policy.ts';
import {
  checkDirections,
  checkFinishable,
  checkMutable,
  checkSeed,
  checkStep,
  checkStudyName,
  checkTrialsFrom,
  checkValue,
  directionsColumn,
  duplicateStudy,
  finishedValues,
  isFinished,
  jsonCopy,
  paramAlreadySet,
  storedDirections,
  unknownStudy,
  unknownTrial,
  valuesColumn,
} from '../rules.ts';
import { PgConnection, serverStatement } from './connection.ts';
import { isTransient } from './reconnect.ts';
import { orphanReason, ownerIsGone, thisProcess } from '../trial-owner.ts';
import { lockKey } from './lock-key.ts';
import { sessionOptions, type SynchronousCommit } from './session-options.ts';
import { frozenTrial, NOW_MS, TRIAL_COLUMNS, type TrialRow } from './trial-rows.ts';
import { failAndRequeue, importTrial, insertTrial, type TrialInit } from './trial-writes.ts';
import { copyTrial } from '../../copy-trial.ts';

export interface PostgresStorageOptions {
  /** The schema that holds the tables (default "hyperprop"): lowercase letters, digits, underscores. */
  schema?: string;
  /** Most connections this storage opens (default 8). */
  poolSize?: number;
  /** How long an operation keeps retrying a lost connection, in ms (default 60 000). */
  reconnectTimeoutMs?: number;
  /** Told about each retry after a connection error (for logs). */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
  /**
   * The sessions' synchronous_commit (also `?synchronous_commit=` in the URL). Unset: the
   * server's own. "off": a commit does not wait for its WAL flush (see session-options.ts).
   */
  synchronousCommit?: SynchronousCommit;
}

interface StudyRow {
  id: number;
  name: string;
  direction: Direction;
  /** Set when the study has several objectives. */
  directions_json: string | null;
  seed: number;
  created_at: number;
  attrs: [string, string][] | null;
}

/** Finished trials kept for the read after a tell: one per trial finishing at once in this process is plenty. */
const JUST_FINISHED_KEPT = 64;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MUTABLE = "state IN ('waiting', 'running')";
/** A running trial's last beat (or start) is older than $2 ms (NULL: no grace, only dead owners count). */
const STALE = `($2::float8 IS NOT NULL AND COALESCE(heartbeat_at, started_at, 0) < ${NOW_MS} - $2::float8)`;
const STUDY_COLUMNS = 's.id, s.name, s.direction, s.directions_json, s.seed, s.created_at, (SELECT json_agg(json_build_array(a.key, a.value_json) ORDER BY a.key) FROM study_attrs a WHERE a.study_id = s.id) AS attrs';

/**
 * claimWaitingTrial's claim, and insertTrial's numbering and insert when it claimed nothing, as
 * one statement: a data-modifying CTE runs once and the others read what it returned. A
 * created trial has no params or attrs yet, so its columns come from the insert.
 */
const claimOrCreate = `WITH next AS (SELECT id FROM trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED),
  claimed AS (UPDATE trials SET state = 'running', started_at = ${NOW_MS}, heartbeat_at = NULL, request_token = $2, owner_host = $3, owner_pid = $4
              WHERE id IN (SELECT id FROM next) AND state = 'waiting' RETURNING id, started_at),
  n AS (UPDATE studies SET next_number = next_number + 1, originals = originals + 1, budgeted = budgeted + 1
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM claimed) RETURNING id, next_number - 1 AS number, seed),
  created AS (INSERT INTO trials (study_id, number, state, started_at, request_token, owner_host, owner_pid)
              SELECT id, number, 'running', ${NOW_MS}, $2, $3, $4 FROM n RETURNING id, number, started_at)
  SELECT c.started_at AS claimed_at, ${TRIAL_COLUMNS} FROM claimed c JOIN trials t ON t.id = c.id
  UNION ALL
  SELECT created.started_at, created.id, created.number, 'running', NULL::float8, NULL::text, NULL::bigint, created.started_at, NULL::bigint, n.seed, NULL::json, NULL::json, NULL::json FROM created, n`;
const claimOrCreateStatement = serverStatement(claimOrCreate, ['bigint', 'text', 'text', 'integer']);

/**
 * reportIntermediate's upsert and getTrialsFrom's read ($2 from, $3 numbers) as one statement:
 * `reported` says whether the trial took the value (it must be unfinished).
 */
const reportAndRead = `WITH target AS (SELECT id FROM trials WHERE study_id = $1 AND number = $4 AND ${MUTABLE} FOR SHARE),
  reported AS (INSERT INTO trial_intermediate (trial_id, step, value) SELECT id, $5, $6 FROM target ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value RETURNING trial_id)
  SELECT (SELECT count(*) FROM reported) AS reported, s.id AS study, ${TRIAL_COLUMNS} FROM studies s
  LEFT JOIN trials t ON t.study_id = s.id AND t.number = ANY(ARRAY(SELECT generate_series($2::integer, s.next_number - 1)) || $3::integer[])
  WHERE s.id = $1 ORDER BY t.number`;

/** setParam's insert: the trial must be unfinished (locked FOR SHARE until the insert commits). */
const setParam = `WITH t AS (SELECT id FROM trials WHERE study_id = $1 AND number = $2 AND ${MUTABLE} FOR SHARE)
  INSERT INTO trial_params (trial_id, name, value_json, distribution_json) SELECT id, $3, $4, $5 FROM t
  ON CONFLICT (trial_id, name) DO UPDATE SET value_json = excluded.value_json, distribution_json = excluded.distribution_json WHERE trial_params.distribution_json IS NULL`;
const setParamStatement = serverStatement(setParam, ['bigint', 'integer', 'text', 'text', 'text']);

/** The URL with its password hidden, for error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export class PostgresStorage implements Storage {
  readonly schema: string;
  private readonly db: PgConnection;
  private readonly studyLocks = new Map<number, AsyncLock>();
  private readonly knownStudies = new Set<number>();
  /**
   * Trials this storage just finished, as its finishing statement returned them: a finished
   * trial never changes, so the read that follows a tell is answered here (copied). Bounded: only
   * the read right after a finish needs it.
   */
  private readonly justFinished = new Map<string, FrozenTrial>();
  /** Stamped on the trials this storage starts running. */
  private readonly owner = thisProcess();

  constructor(url: string, options: PostgresStorageOptions = {}) {
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) throw new TypeError(`PostgresStorage: url must be a postgres:// or postgresql:// URL, got ${typeof url === 'string' ? JSON.stringify(redactUrl(url)) : describeValue(url)}`);
    const { schema = 'hyperprop', poolSize = 8, reconnectTimeoutMs = 60_000 } = options;
    if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) throw new TypeError(`PostgresStorage: options.schema must match ${SCHEMA_NAME.source}, got ${describeValue(schema)}`);
    if (!(Number.isSafeInteger(poolSize) && poolSize >= 2)) throw new RangeError(`PostgresStorage: options.poolSize must be an integer >= 2 (the study lock holds one connection), got ${describeValue(poolSize)}`);
    if (!(typeof reconnectTimeoutMs === 'number' && reconnectTimeoutMs >= 0)) throw new RangeError(`PostgresStorage: options.reconnectTimeoutMs must be a non-negative number, got ${describeValue(reconnectTimeoutMs)}`);
    this.schema = schema;
    const session = sessionOptions(url, schema, options.synchronousCommit);
    this.db = new PgConnection(session.url, schema, poolSize, { timeoutMs: reconnectTimeoutMs, ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }) }, session.options);
  }

  async createStudy(name: string, direction: Directions, seed: number): Promise<StudyRecord> {
    checkStudyName(name);
    const directions = checkDirections(direction);
    checkSeed(seed);
    return this.db.run(async (attempt) => {
      const { rows } = await this.db.query<StudyRow>(`INSERT INTO studies (name, direction, directions_json, seed, created_at) VALUES ($1, $2, $3, $4, ${NOW_MS}) ON CONFLICT (name) DO NOTHING RETURNING *, NULL AS attrs`, [
        name,
        directions[0],
        directionsColumn(directions),
        seed,
      ]);
      if (rows[0] !== undefined) return studyRecord(rows[0]);
      const existing = attempt > 0 ? await this.getStudy(name) : undefined;
      if (existing !== undefined && existing.directions.join() === directions.join() && existing.seed === seed) return existing;
      throw duplicateStudy(name);
    });
  }

  async createStudyIfAbsent(name: string, direction: Directions, seed: number): Promise<{ study: StudyRecord; created: boolean }> {
    checkStudyName(name);
    const directions = checkDirections(direction);
    checkSeed(seed);
    return this.db.run(async () => {
      // ON CONFLICT waits for a racing insert of the name to commit, then does nothing; the read
      // is a statement of its own, so under READ COMMITTED its snapshot sees that row.
      const { rows } = await this.db.query<StudyRow>(`INSERT INTO studies (name, direction, directions_json, seed, created_at) VALUES ($1, $2, $3, $4, ${NOW_MS}) ON CONFLICT (name) DO NOTHING RETURNING *, NULL AS attrs`, [
        name,
        directions[0],
        directionsColumn(directions),
        seed,
      ]);
      if (rows[0] !== undefined) return { study: studyRecord(rows[0]), created: true };
      const existing = await this.db.query<StudyRow>(`SELECT ${STUDY_COLUMNS} FROM studies s WHERE s.name = $1`, [name]);
      // Studies are never deleted: a name that conflicted is there to read.
      if (existing.rows[0] === undefined) throw new Error(`createStudyIfAbsent: study ${JSON.stringify(name)} must be readable after its insert conflicted, got none`);
      return { study: studyRecord(existing.rows[0]), created: false };
    });
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const { rows } = await this.db.run(() => this.db.query<StudyRow>(`SELECT ${STUDY_COLUMNS} FROM studies s WHERE s.name = $1`, [name]));
    return rows[0] === undefined ? undefined : studyRecord(rows[0]);
  }

  async listStudies(): Promise<StudyRecord[]> {
    const { rows } = await this.db.run(() => this.db.query<StudyRow>(`SELECT ${STUDY_COLUMNS} FROM studies s ORDER BY s.id`));
    return rows.map(studyRecord);
  }

  async setStudyAttr(studyId: number, key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(jsonCopy(value, `setStudyAttr: value of ${JSON.stringify(key)}`));
    const { rowCount } = await this.db.run(() =>
      this.db.query('INSERT INTO study_attrs (study_id, key, value_json) SELECT id, $2, $3 FROM studies WHERE id = $1 ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json', [studyId, key, json]),
    );
    if (rowCount !== 1) throw unknownStudy(studyId);
  }

  async createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial> {
    if (init.state !== 'waiting' && init.state !== 'running') throw new TypeError(`createTrial: state must be "waiting" or "running", got ${JSON.stringify(init.state)}`);
    if (init.seed !== undefined) checkSeed(init.seed, 'createTrial: seed');
    const checked = { ...init, params: jsonCopy(init.params ?? {}, 'createTrial: params'), systemAttrs: jsonCopy(init.systemAttrs ?? {}, 'createTrial: systemAttrs') };
    const token = randomUUID();
    const created = await this.db.run(async (attempt) => {
      const earlier = attempt > 0 ? await this.numberByToken(token) : undefined;
      // insertTrial is one statement, atomic on its own: no transaction round trips around it.
      return earlier !== undefined ? earlier : insertTrial(this.db.query, studyId, checked, token);
    });
    if (typeof created === 'number') return this.getTrial(studyId, created);
    // Everything about a new trial is known here: no read back.
    const { number, seed, startedAt } = created;
    return { number, state: init.state, params: checked.params, distributions: {}, value: null, values: null, intermediate: {}, seed, startedAt, completedAt: null, userAttrs: {}, systemAttrs: checked.systemAttrs };
  }

  async claimWaitingTrial(studyId: number): Promise<FrozenTrial | undefined> {
    const token = randomUUID();
    return this.db.run(async (attempt) => {
      const earlier = attempt > 0 ? await this.numberByToken(token) : undefined;
      if (earlier !== undefined) return this.getTrial(studyId, earlier);
      // One statement: the claim, and the trial as it stood (its params and attrs do not change
      // by being claimed; its state and start are the claim's).
      const { rows } = await this.db.query<TrialRow & { study: boolean; claimed_at: number | null }>(
        `WITH next AS (SELECT id FROM trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED),
         claimed AS (UPDATE trials SET state = 'running', started_at = ${NOW_MS}, heartbeat_at = NULL, request_token = $2, owner_host = $3, owner_pid = $4
                     WHERE id IN (SELECT id FROM next) AND state = 'waiting' RETURNING id, started_at)
         SELECT EXISTS (SELECT 1 FROM studies WHERE id = $1) AS study, c.started_at AS claimed_at, ${TRIAL_COLUMNS}
         FROM (SELECT 1) AS one LEFT JOIN claimed c ON true LEFT JOIN trials t ON t.id = c.id`,
        [studyId, token, this.owner.host, this.owner.pid],
      );
      const row = rows[0]!;
      if (!row.study) throw unknownStudy(studyId);
      if (row.id === null) return undefined;
      return { ...frozenTrial(row), state: 'running' as const, startedAt: row.claimed_at };
    });
  }

  async claimOrCreateTrial(studyId: number): Promise<FrozenTrial> {
    const token = randomUUID();
    const values = [studyId, token, this.owner.host, this.owner.pid] as const;
    // First in the ask's locked section: the lock call and the claim go in one round trip.
    const lock = this.db.pendingLock();
    let sent = false;
    if (lock !== undefined && lock.key[1] === studyId && Number.isSafeInteger(studyId)) {
      sent = true;
      try {
        const { rows } = await lock.takeWith<TrialRow & { claimed_at: number | null }>(claimOrCreateStatement, values);
        return this.claimedOrCreated(studyId, rows);
      } catch (error) {
        if (!isTransient(error)) throw error;
      }
    }
    return this.db.run(async (attempt) => {
      const earlier = sent || attempt > 0 ? await this.numberByToken(token) : undefined;
      if (earlier !== undefined) return this.getTrial(studyId, earlier);
      const { rows } = await this.db.query<TrialRow & { claimed_at: number | null }>(claimOrCreate, [...values]);
      return this.claimedOrCreated(studyId, rows);
    });
  }

  private claimedOrCreated(studyId: number, rows: (TrialRow & { claimed_at: number | null })[]): FrozenTrial {
    const row = rows[0];
    if (row === undefined) throw unknownStudy(studyId);
    return { ...frozenTrial(row), state: 'running' as const, startedAt: row.claimed_at };
  }

  async setParam(studyId: number, trialNumber: number, name: string, distribution: Distribution, value: ParamValue): Promise<void> {
    const distributionJson = JSON.stringify(jsonCopy(distribution, 'setParam: distribution'));
    const valueJson = JSON.stringify(jsonCopy(value, 'setParam: value'));
    const values = [studyId, trialNumber, name, valueJson, distributionJson] as const;
    await this.db.run(async (attempt) => {
      // The first suggest after an ask carries the ask's unlock (one message).
      const { rowCount } = await (this.db.afterUnlock(setParamStatement, values) ?? this.db.query(setParam, [...values]));
      if (rowCount === 1) return;
      const state = await this.trialState(studyId, trialNumber);
      checkMutable('setParam', studyId, trialNumber, state);
      if (attempt > 0) {
        const { rows } = await this.db.query<{ same: boolean }>('SELECT p.value_json = $4 AND p.distribution_json = $5 AS same FROM trial_params p JOIN trials t ON t.id = p.trial_id WHERE t.study_id = $1 AND t.number = $2 AND p.name = $3', [
          studyId,
          trialNumber,
          name,
          valueJson,
          distributionJson,
        ]);
        if (rows[0]?.same === true) return;
      }
      throw paramAlreadySet(studyId, trialNumber, name);
    });
  }

  async reportIntermediate(studyId: number, trialNumber: number, step: number, value: number): Promise<void> {
    checkStep(step);
    checkValue('reportIntermediate: value', value, false);
    await this.mutate('reportIntermediate', studyId, trialNumber, 'INSERT INTO trial_intermediate (trial_id, step, value) SELECT id, $3, $4 FROM t ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value', [step, value]);
  }

  async reportAndRead(studyId: number, trialNumber: number, step: number, value: number, from: number, numbers: readonly number[] = []): Promise<{ trials: FrozenTrial[]; current: () => boolean }> {
    checkStep(step);
    checkValue('reportIntermediate: value', value, false);
    checkTrialsFrom(from, numbers);
    return this.db.run(async () => {
      const pending = this.db.query<TrialRow & { study: number; reported: number }>(reportAndRead, [studyId, from, [...numbers], trialNumber, step, value]);
      const mark = this.db.sent;
      const { rows } = await pending;
      if (rows.length === 0) throw unknownStudy(studyId);
      if (rows[0]!.reported !== 1) {
        checkMutable('reportIntermediate', studyId, trialNumber, await this.trialState(studyId, trialNumber));
        throw new Error(`reportIntermediate: trial ${trialNumber} of study ${studyId} changed while writing (retry the call)`);
      }
      const trials = rows.filter((row) => row.id !== null).map(frozenTrial);
      // The statement's read does not see its own insert (one snapshot): the reported trial gets it here.
      const reported = trials.find((t) => t.number === trialNumber);
      if (reported !== undefined) reported.intermediate[step] = value;
      return { trials, current: () => this.db.sent === mark };
    });
  }

  async setTrialAttr(studyId: number, trialNumber: number, kind: 'user' | 'system', key: string, value: unknown): Promise<void> {
    if (kind !== 'user' && kind !== 'system') throw new TypeError(`setTrialAttr: kind must be "user" or "system", got ${JSON.stringify(kind)}`);
    const json = JSON.stringify(jsonCopy(value, `setTrialAttr: value of ${JSON.stringify(key)}`));
    await this.mutate('setTrialAttr', studyId, trialNumber, 'INSERT INTO trial_attrs (trial_id, kind, key, value_json) SELECT id, $3, $4, $5 FROM t ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = excluded.value_json', [kind, key, json]);
  }

  async finishTrial(studyId: number, trialNumber: number, state: Exclude<TrialState, 'waiting' | 'running'>, value: number | readonly number[] | null): Promise<void> {
    const finished = finishedValues(value);
    await this.db.run(async (attempt) => {
      if (isFinished(state)) {
        const { rows } = await this.db.query<TrialRow>(
          `UPDATE trials t SET state = $3, value = $4, values_json = $5, completed_at = ${NOW_MS} WHERE t.study_id = $1 AND t.number = $2 AND t.state = 'running' RETURNING ${TRIAL_COLUMNS}`,
          [studyId, trialNumber, state, finished.value, valuesColumn(finished.values)],
        );
        if (rows[0] !== undefined) return this.keepFinished(studyId, frozenTrial(rows[0]));
      }
      const now = await this.getTrial(studyId, trialNumber);
      if (attempt > 0 && now.state === state && Object.is(now.value, finished.value)) return;
      checkFinishable(studyId, trialNumber, now.state, state);
    });
  }

  async getTrial(studyId: number, trialNumber: number): Promise<FrozenTrial> {
    const finished = this.justFinished.get(`${studyId}:${trialNumber}`);
    if (finished !== undefined) return copyTrial(finished);
    const { rows } = await this.db.run(() => this.db.query<TrialRow>(`SELECT ${TRIAL_COLUMNS} FROM trials t WHERE t.study_id = $1 AND t.number = $2`, [studyId, trialNumber]));
    if (rows[0] !== undefined) return frozenTrial(rows[0]);
    await this.trialState(studyId, trialNumber);
    throw unknownTrial(studyId, trialNumber);
  }

  async getTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    const { rows } = await this.db.run(() =>
      this.db.query<TrialRow & { study: number }>(`SELECT s.id AS study, ${TRIAL_COLUMNS} FROM studies s LEFT JOIN trials t ON t.study_id = s.id AND ($2::text[] IS NULL OR t.state = ANY($2)) WHERE s.id = $1 ORDER BY t.number`, [
        studyId,
        states === undefined ? null : [...states],
      ]),
    );
    if (rows.length === 0) throw unknownStudy(studyId);
    return rows.filter((row) => row.id !== null).map(frozenTrial);
  }

  async getTrialsFrom(studyId: number, from: number, numbers: readonly number[] = []): Promise<FrozenTrial[]> {
    checkTrialsFrom(from, numbers);
    const { rows } = await this.db.run(() =>
      this.db.query<TrialRow & { study: number }>(
        // Numbers, not a range: "number = ANY(list)" keeps an index plan whatever the values, so the
        // statement's cached plan stays right as the study grows (a cached plan for "number >= $2"
        // scanned every trial of a 20,000-trial study). The list ends at the study's counter.
        `SELECT s.id AS study, ${TRIAL_COLUMNS} FROM studies s
         LEFT JOIN trials t ON t.study_id = s.id AND t.number = ANY(ARRAY(SELECT generate_series($2::integer, s.next_number - 1)) || $3::integer[])
         WHERE s.id = $1 ORDER BY t.number`,
        [studyId, from, [...numbers]],
      ),
    );
    if (rows.length === 0) throw unknownStudy(studyId);
    return rows.filter((row) => row.id !== null).map(frozenTrial);
  }

  async countTrials(studyId: number, options: CountTrialsOptions = {}): Promise<number> {
    const { states, excludeRetries = false, excludeOrphans = false } = options;
    // The budget check of every ask: a counter, not a scan.
    const counter = states === undefined && excludeRetries !== excludeOrphans ? (excludeOrphans ? 'budgeted' : 'originals') : undefined;
    const sql =
      counter !== undefined
        ? `SELECT s.${counter} AS n FROM studies s WHERE s.id = $1`
        : `SELECT (SELECT count(*) FROM trials t WHERE t.study_id = s.id AND ($2::text[] IS NULL OR t.state = ANY($2))
             AND NOT ($3 AND EXISTS (SELECT 1 FROM trial_attrs a WHERE a.trial_id = t.id AND a.kind = 'system' AND a.key = $4))
             AND NOT ($5 AND EXISTS (SELECT 1 FROM trial_attrs a WHERE a.trial_id = t.id AND a.kind = 'system' AND a.key = $6))) AS n
           FROM studies s WHERE s.id = $1`;
    const values = counter !== undefined ? [studyId] : [studyId, states === undefined ? null : [...states], excludeRetries, SYSTEM_ATTRS.retryOf, excludeOrphans, SYSTEM_ATTRS.orphaned];
    const { rows } = await this.db.run(() => this.db.query<{ n: number | null }>(sql, values));
    if (rows[0] === undefined) throw unknownStudy(studyId);
    return rows[0].n ?? 0;
  }

  async withStudyLock<T>(studyId: number, section: () => Promise<T>, options: StudyLockOptions = {}): Promise<T> {
    await this.knownStudy(studyId);
    let local = this.studyLocks.get(studyId);
    if (local === undefined) this.studyLocks.set(studyId, (local = new AsyncLock()));
    // One waiting connection per study in this process: the rest queue here, not in the pool.
    return local.run(() => this.db.withAdvisoryLock([lockKey(this.schema), studyId], section, options.takenByFirstCall === true));
  }

  async heartbeat(studyId: number, trialNumber: number): Promise<boolean> {
    const { rowCount } = await this.db.run(() => this.db.query(`UPDATE trials SET heartbeat_at = ${NOW_MS} WHERE study_id = $1 AND number = $2 AND state = 'running'`, [studyId, trialNumber]));
    if (rowCount === 1) return true;
    await this.trialState(studyId, trialNumber);
    return false;
  }

  async failStaleTrials(studyId: number, policy: StalePolicy): Promise<StaleTrialsResult> {
    const { graceMs, maxRetries } = checkStalePolicy(policy);
    await this.knownStudy(studyId);
    // SKIP LOCKED: a trial another reaper (or its finishing worker) holds is theirs to settle.
    // Stale by the server's clock, or started by a process of this host (whose pid is checked here).
    const outcome = await this.db.run(() =>
      this.db.tx(async (q) => {
        const { rows } = await q<{ id: number; stale: boolean; owner_host: string | null; owner_pid: number | null }>(
          `SELECT id, ${STALE} AS stale, owner_host, owner_pid FROM trials
           WHERE study_id = $1 AND state = 'running' AND (${STALE} OR (owner_host = $3 AND owner_pid <> $4)) ORDER BY number FOR UPDATE SKIP LOCKED`,
          [studyId, Number.isFinite(graceMs) ? graceMs : null, this.owner.host, this.owner.pid],
        );
        const stale = await failAndRequeue(q, studyId, rows.filter((r) => r.stale).map((r) => r.id), staleReason(graceMs), maxRetries);
        const failed = [...stale.failed];
        const retries = [...stale.retries];
        for (const r of rows.filter((row) => !row.stale && ownerIsGone(row.owner_host, row.owner_pid))) {
          const orphan = await failAndRequeue(q, studyId, [r.id], orphanReason(r.owner_host!, r.owner_pid!), maxRetries);
          failed.push(...orphan.failed);
          retries.push(...orphan.retries);
        }
        return { failed: failed.sort((a, b) => a - b), retries: retries.sort((a, b) => a - b) };
      }),
    );
    const requeued: FrozenTrial[] = [];
    for (const number of outcome.retries) requeued.push(await this.getTrial(studyId, number));
    return { failed: outcome.failed, requeued };
  }

  async releaseTrial(studyId: number, trialNumber: number, reason: string): Promise<FrozenTrial | undefined> {
    await this.trialState(studyId, trialNumber);
    const outcome = await this.db.run(() =>
      this.db.tx(async (q) => {
        const { rows } = await q<{ id: number }>("SELECT id FROM trials WHERE study_id = $1 AND number = $2 AND state = 'running' FOR UPDATE", [studyId, trialNumber]);
        return failAndRequeue(q, studyId, rows.map((r) => r.id), reason, Number.POSITIVE_INFINITY);
      }),
    );
    return outcome.retries[0] === undefined ? undefined : this.getTrial(studyId, outcome.retries[0]);
  }

  async importTrial(studyId: number, trial: FrozenTrial): Promise<void> {
    const token = randomUUID();
    await this.db.run(async (attempt) => ((attempt > 0 ? await this.numberByToken(token) : undefined) !== undefined ? undefined : this.db.tx((q) => importTrial(q, studyId, trial, token))));
  }

  async importTrials(studyId: number, trials: readonly FrozenTrial[]): Promise<void> {
    const token = randomUUID();
    // One transaction; a retry after a lost connection finds the first trial's token if it committed.
    await this.db.run(async (attempt) =>
      (attempt > 0 ? await this.numberByToken(token) : undefined) !== undefined || trials.length === 0
        ? undefined
        : this.db.tx(async (q) => {
            for (const [i, trial] of trials.entries()) await importTrial(q, studyId, trial, i === 0 ? token : randomUUID());
          }),
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** A single-row write to a trial that must exist and not be finished (`t` names it, locked FOR SHARE). */
  private async mutate(what: string, studyId: number, trialNumber: number, insert: string, values: unknown[]): Promise<void> {
    await this.db.run(async () => {
      const { rowCount } = await this.db.query(`WITH t AS (SELECT id FROM trials WHERE study_id = $1 AND number = $2 AND ${MUTABLE} FOR SHARE) ${insert}`, [studyId, trialNumber, ...values]);
      if (rowCount === 1) return;
      checkMutable(what, studyId, trialNumber, await this.trialState(studyId, trialNumber));
      throw new Error(`${what}: trial ${trialNumber} of study ${studyId} changed while writing (retry the call)`);
    });
  }

  /** The trial's state; throws for an unknown study, or an unknown trial when a number is given. */
  private async trialState(studyId: number, trialNumber: number | undefined): Promise<TrialState> {
    const { rows } = await this.db.run(() =>
      this.db.query<{ study: boolean; state: TrialState | null }>('SELECT EXISTS (SELECT 1 FROM studies WHERE id = $1) AS study, (SELECT state FROM trials WHERE study_id = $1 AND number = $2) AS state', [studyId, trialNumber ?? -1]),
    );
    if (!rows[0]!.study) throw unknownStudy(studyId);
    if (trialNumber !== undefined && rows[0]!.state === null) throw unknownTrial(studyId, trialNumber);
    return rows[0]!.state ?? 'waiting';
  }

  private keepFinished(studyId: number, trial: FrozenTrial): void {
    if (this.justFinished.size >= JUST_FINISHED_KEPT) this.justFinished.delete(this.justFinished.keys().next().value!);
    this.justFinished.set(`${studyId}:${trial.number}`, trial);
  }

  /** Throws for an unknown study; studies are never deleted, so each id is looked up once. */
  private async knownStudy(studyId: number): Promise<void> {
    if (this.knownStudies.has(studyId)) return;
    await this.trialState(studyId, undefined);
    this.knownStudies.add(studyId);
  }

  private async numberByToken(token: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ number: number }>('SELECT number FROM trials WHERE request_token = $1', [token]);
    return rows[0]?.number;
  }
}

function studyRecord(row: StudyRow): StudyRecord {
  const userAttrs: Record<string, unknown> = {};
  for (const [key, json] of row.attrs ?? []) userAttrs[key] = JSON.parse(json);
  return { id: row.id, name: row.name, direction: row.direction, directions: storedDirections(row.direction, row.directions_json), seed: row.seed, createdAt: row.created_at, userAttrs };
}
