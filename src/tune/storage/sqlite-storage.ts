// A storage in one SQLite file (better-sqlite3): WAL journal, busy_timeout, parameterised SQL.
// Writes that read before they write (numbering, claiming, finishing) run in IMMEDIATE
// transactions, which take SQLite's write lock up front, so several processes or worker threads
// with their own SqliteStorage on the same file never assign one number twice or claim one
// waiting trial twice.
import type Database from 'better-sqlite3';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { CountTrialsOptions, Direction, Directions, Distribution, FrozenTrial, ParamValue, StalePolicy, StaleTrialsResult, Storage, StudyRecord, TrialState } from '../types.ts';
import { trialSeed } from '../seeds.ts';
import { checkStalePolicy, retryInit, staleReason, type RetryInit } from './retry-policy.ts';
import { withSqliteStudyLock } from './sqlite-lock.ts';
import { migrate } from './sqlite-schema.ts';
import { enableWal } from './sqlite-wal.ts';
import { openSqliteDatabase } from './sqlite-open.ts';
import { insertImportedTrial, readTrial, type TrialRow } from './sqlite-trial-rows.ts';
import { orphanReason, ownerIsGone, thisProcess } from './trial-owner.ts';
import {
  checkDirections,
  checkImportedTrial,
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
  jsonCopy,
  paramAlreadySet,
  unknownStudy,
  storedDirections,
  unknownTrial,
  valuesColumn,
} from './rules.ts';

export interface SqliteStorageOptions {
  /** How long a write waits for another connection's lock, in ms (default 10 000). */
  busyTimeout?: number;
}

interface StudyRow {
  id: number;
  name: string;
  direction: Direction;
  /** Set when the study has several objectives (schema version 4). */
  directions_json: string | null;
  seed: number;
  created_at: number;
}


export class SqliteStorage implements Storage {
  readonly path: string;
  private readonly db: Database.Database;
  /** Statements are compiled once and reused: preparing per call cost more than running them. */
  private readonly statements = new Map<string, Database.Statement>();
  /** Stamped on the trials this storage starts running. */
  private readonly owner = thisProcess();

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  constructor(path: string, options: SqliteStorageOptions = {}) {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError(`SqliteStorage: path must be a non-empty string, got ${String(path)}`);
    const busyTimeout = options.busyTimeout ?? 10_000;
    if (!(Number.isSafeInteger(busyTimeout) && busyTimeout >= 0)) throw new RangeError(`SqliteStorage: busyTimeout must be a non-negative integer, got ${busyTimeout}`);
    this.path = path;
    this.db = openSqliteDatabase(path);
    this.db.pragma(`busy_timeout = ${busyTimeout}`);
    enableWal(this.db, path, busyTimeout);
    this.db.pragma('foreign_keys = ON');
    migrate(this.db, path);
  }

  async createStudy(name: string, direction: Directions, seed: number): Promise<StudyRecord> {
    checkStudyName(name);
    const directions = checkDirections(direction);
    checkSeed(seed);
    const id = this.db
      .transaction(() => {
        if (this.statement('SELECT 1 FROM studies WHERE name = ?').get(name) !== undefined) throw duplicateStudy(name);
        return this.statement('INSERT INTO studies (name, direction, directions_json, seed, created_at) VALUES (?, ?, ?, ?, ?)').run(name, directions[0], directionsColumn(directions), seed, Date.now()).lastInsertRowid;
      })
      .immediate();
    return this.studyRecord(this.statement('SELECT * FROM studies WHERE id = ?').get(id) as StudyRow);
  }

  async createStudyIfAbsent(name: string, direction: Directions, seed: number): Promise<{ study: StudyRecord; created: boolean }> {
    checkStudyName(name);
    const directions = checkDirections(direction);
    checkSeed(seed);
    // IMMEDIATE: the insert and the read hold the write lock together, so a racing creator waits.
    const { row, created } = this.db
      .transaction(() => {
        const inserted =
          this.statement('INSERT INTO studies (name, direction, directions_json, seed, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING').run(name, directions[0], directionsColumn(directions), seed, Date.now())
            .changes === 1;
        return { row: this.statement('SELECT * FROM studies WHERE name = ?').get(name) as StudyRow, created: inserted };
      })
      .immediate();
    return { study: this.studyRecord(row), created };
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const row = this.statement('SELECT * FROM studies WHERE name = ?').get(name) as StudyRow | undefined;
    return row === undefined ? undefined : this.studyRecord(row);
  }

  async listStudies(): Promise<StudyRecord[]> {
    return (this.statement('SELECT * FROM studies ORDER BY id').all() as StudyRow[]).map((row) => this.studyRecord(row));
  }

  async setStudyAttr(studyId: number, key: string, value: unknown): Promise<void> {
    this.studyRow(studyId);
    const json = JSON.stringify(jsonCopy(value, `setStudyAttr: value of ${JSON.stringify(key)}`));
    this.statement('INSERT INTO study_attrs (study_id, key, value_json) VALUES (?, ?, ?) ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json').run(studyId, key, json);
  }

  async createTrial(
    studyId: number,
    init: { state: 'waiting' | 'running'; seed?: number; params?: Record<string, ParamValue>; systemAttrs?: Record<string, unknown> },
  ): Promise<FrozenTrial> {
    if (init.state !== 'waiting' && init.state !== 'running') throw new TypeError(`createTrial: state must be "waiting" or "running", got ${JSON.stringify(init.state)}`);
    if (init.seed !== undefined) checkSeed(init.seed, 'createTrial: seed');
    const params = jsonCopy(init.params ?? {}, 'createTrial: params');
    const systemAttrs = jsonCopy(init.systemAttrs ?? {}, 'createTrial: systemAttrs');
    const number = this.db.transaction(() => this.insertTrial(studyId, init, params, systemAttrs)).immediate();
    return this.getTrial(studyId, number);
  }

  /** Inside a write transaction: numbers and inserts one trial. */
  private insertTrial(studyId: number, init: { state: 'waiting' | 'running'; seed?: number }, params: Record<string, ParamValue>, systemAttrs: Record<string, unknown>): number {
    const study = this.studyRow(studyId);
    const { next } = this.statement('SELECT COALESCE(MAX(number) + 1, 0) AS next FROM trials WHERE study_id = ?').get(studyId) as { next: number };
    const seed = init.seed ?? trialSeed(study.seed, next);
    const running = init.state === 'running';
    const trialId = this.statement('INSERT INTO trials (study_id, number, state, value, seed, started_at, owner_host, owner_pid) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)').run(
      studyId,
      next,
      init.state,
      seed,
      running ? Date.now() : null,
      running ? this.owner.host : null,
      running ? this.owner.pid : null,
    ).lastInsertRowid;
    const insertParam = this.statement('INSERT INTO trial_params (trial_id, name, value_json, distribution_json) VALUES (?, ?, ?, NULL)');
    for (const [name, value] of Object.entries(params)) insertParam.run(trialId, name, JSON.stringify(value));
    const insertAttr = this.statement("INSERT INTO trial_attrs (trial_id, kind, key, value_json) VALUES (?, 'system', ?, ?)");
    for (const [key, value] of Object.entries(systemAttrs)) insertAttr.run(trialId, key, JSON.stringify(value));
    return next;
  }

  async claimWaitingTrial(studyId: number): Promise<FrozenTrial | undefined> {
    const number = this.db
      .transaction(() => {
        this.studyRow(studyId);
        const row = this.statement("SELECT id, number FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1").get(studyId) as
          | { id: number; number: number }
          | undefined;
        if (row === undefined) return undefined;
        this.statement("UPDATE trials SET state = 'running', started_at = ?, owner_host = ?, owner_pid = ? WHERE id = ? AND state = 'waiting'").run(Date.now(), this.owner.host, this.owner.pid, row.id);
        return row.number;
      })
      .immediate();
    return number === undefined ? undefined : this.getTrial(studyId, number);
  }

  async setParam(studyId: number, trialNumber: number, name: string, distribution: Distribution, value: ParamValue): Promise<void> {
    const distributionJson = JSON.stringify(jsonCopy(distribution, 'setParam: distribution'));
    const valueJson = JSON.stringify(jsonCopy(value, 'setParam: value'));
    this.db
      .transaction(() => {
        const trial = this.mutableTrial('setParam', studyId, trialNumber);
        const existing = this.statement('SELECT distribution_json FROM trial_params WHERE trial_id = ? AND name = ?').get(trial.id, name) as
          | { distribution_json: string | null }
          | undefined;
        if (existing?.distribution_json != null) throw paramAlreadySet(studyId, trialNumber, name);
        this.db
          .prepare('INSERT INTO trial_params (trial_id, name, value_json, distribution_json) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, name) DO UPDATE SET value_json = excluded.value_json, distribution_json = excluded.distribution_json')
          .run(trial.id, name, valueJson, distributionJson);
      })
      .immediate();
  }

  async reportIntermediate(studyId: number, trialNumber: number, step: number, value: number): Promise<void> {
    checkStep(step);
    checkValue('reportIntermediate: value', value, false);
    this.db
      .transaction(() => {
        const trial = this.mutableTrial('reportIntermediate', studyId, trialNumber);
        this.statement('INSERT INTO trial_intermediate (trial_id, step, value) VALUES (?, ?, ?) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value').run(trial.id, step, value);
      })
      .immediate();
  }

  async setTrialAttr(studyId: number, trialNumber: number, kind: 'user' | 'system', key: string, value: unknown): Promise<void> {
    if (kind !== 'user' && kind !== 'system') throw new TypeError(`setTrialAttr: kind must be "user" or "system", got ${JSON.stringify(kind)}`);
    const json = JSON.stringify(jsonCopy(value, `setTrialAttr: value of ${JSON.stringify(key)}`));
    this.db
      .transaction(() => {
        const trial = this.mutableTrial('setTrialAttr', studyId, trialNumber);
        this.statement('INSERT INTO trial_attrs (trial_id, kind, key, value_json) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = excluded.value_json').run(trial.id, kind, key, json);
      })
      .immediate();
  }

  async finishTrial(studyId: number, trialNumber: number, state: Exclude<TrialState, 'waiting' | 'running'>, value: number | readonly number[] | null): Promise<void> {
    const finished = finishedValues(value);
    this.db
      .transaction(() => {
        const trial = this.trialRow(studyId, trialNumber);
        checkFinishable(studyId, trialNumber, trial.state, state);
        this.statement('UPDATE trials SET state = ?, value = ?, values_json = ?, completed_at = ? WHERE id = ?').run(state, finished.value, valuesColumn(finished.values), Date.now(), trial.id);
      })
      .immediate();
  }

  async getTrial(studyId: number, trialNumber: number): Promise<FrozenTrial> {
    return this.db.transaction(() => readTrial((sql) => this.statement(sql), this.trialRow(studyId, trialNumber)))();
  }

  async getTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.db.transaction(() => {
      this.studyRow(studyId);
      const rows = this.statement('SELECT * FROM trials WHERE study_id = ? ORDER BY number').all(studyId) as TrialRow[];
      return rows.filter((row) => states === undefined || states.includes(row.state)).map((row) => readTrial((sql) => this.statement(sql), row));
    })();
  }

  async getTrialsFrom(studyId: number, from: number, numbers: readonly number[] = []): Promise<FrozenTrial[]> {
    checkTrialsFrom(from, numbers);
    return this.db.transaction(() => {
      this.studyRow(studyId);
      const rows = this.statement(
        'SELECT * FROM trials WHERE study_id = ? AND number >= ? UNION SELECT * FROM trials WHERE study_id = ? AND number IN (SELECT value FROM json_each(?)) ORDER BY number',
      ).all(studyId, from, studyId, JSON.stringify(numbers)) as TrialRow[];
      return rows.map((row) => readTrial((sql) => this.statement(sql), row));
    })();
  }

  async countTrials(studyId: number, options: CountTrialsOptions = {}): Promise<number> {
    const { states, excludeRetries = false, excludeOrphans = false } = options;
    this.studyRow(studyId);
    const marked = (key: string): string => `EXISTS (SELECT 1 FROM trial_attrs a WHERE a.trial_id = t.id AND a.kind = 'system' AND a.key = '${key}')`;
    const rows = this.statement(
      `SELECT state, ${marked(SYSTEM_ATTRS.retryOf)} AS retry, ${marked(SYSTEM_ATTRS.orphaned)} AS orphan, COUNT(*) AS n FROM trials t WHERE study_id = ? GROUP BY state, retry, orphan`,
    ).all(studyId) as { state: TrialState; retry: number; orphan: number; n: number }[];
    return rows
      .filter((r) => (states === undefined || states.includes(r.state)) && !(excludeRetries && r.retry === 1) && !(excludeOrphans && r.orphan === 1))
      .reduce((sum, r) => sum + r.n, 0);
  }

  withStudyLock<T>(studyId: number, section: () => Promise<T>): Promise<T> {
    this.studyRow(studyId);
    return withSqliteStudyLock(this.db, studyId, section);
  }

  async heartbeat(studyId: number, trialNumber: number): Promise<boolean> {
    const trial = this.trialRow(studyId, trialNumber);
    return this.statement("UPDATE trials SET heartbeat_at = ? WHERE id = ? AND state = 'running'").run(Date.now(), trial.id).changes === 1;
  }

  async failStaleTrials(studyId: number, policy: StalePolicy): Promise<StaleTrialsResult> {
    const { graceMs, maxRetries } = checkStalePolicy(policy);
    const numbers = this.db
      .transaction(() => {
        this.studyRow(studyId);
        const running = this.statement("SELECT * FROM trials WHERE study_id = ? AND state = 'running' ORDER BY number").all(studyId) as TrialRow[];
        const oldest = Date.now() - graceMs;
        return running.flatMap((row) => {
          const reason =
            (row.heartbeat_at ?? row.started_at ?? 0) < oldest ? staleReason(graceMs) : ownerIsGone(row.owner_host ?? null, row.owner_pid ?? null) ? orphanReason(row.owner_host!, row.owner_pid!) : undefined;
          return reason === undefined ? [] : [[row.number, this.failAndRequeue(studyId, row, reason, maxRetries)] as const];
        });
      })
      .immediate();
    const requeued: FrozenTrial[] = [];
    for (const [, retry] of numbers) if (retry !== undefined) requeued.push(await this.getTrial(studyId, retry));
    return { failed: numbers.map(([number]) => number), requeued };
  }

  async releaseTrial(studyId: number, trialNumber: number, reason: string): Promise<FrozenTrial | undefined> {
    const retry = this.db
      .transaction(() => {
        const row = this.trialRow(studyId, trialNumber);
        return row.state === 'running' ? this.failAndRequeue(studyId, row, reason, Number.POSITIVE_INFINITY) : undefined;
      })
      .immediate();
    return retry === undefined ? undefined : this.getTrial(studyId, retry);
  }

  async importTrial(studyId: number, trial: FrozenTrial): Promise<void> {
    this.db
      .transaction(() => {
        this.studyRow(studyId);
        const { next } = this.statement('SELECT COALESCE(MAX(number) + 1, 0) AS next FROM trials WHERE study_id = ?').get(studyId) as { next: number };
        checkImportedTrial(trial, next);
        insertImportedTrial((sql) => this.statement(sql), studyId, trial);
      })
      .immediate();
  }

  async importTrials(studyId: number, trials: readonly FrozenTrial[]): Promise<void> {
    this.db
      .transaction(() => {
        this.studyRow(studyId);
        let { next } = this.statement('SELECT COALESCE(MAX(number) + 1, 0) AS next FROM trials WHERE study_id = ?').get(studyId) as { next: number };
        for (const trial of trials) {
          checkImportedTrial(trial, next++);
          insertImportedTrial((sql) => this.statement(sql), studyId, trial);
        }
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Inside a write transaction: fails a running trial and inserts its retry (returns its number). */
  private failAndRequeue(studyId: number, row: TrialRow, reason: string, maxRetries: number): number | undefined {
    const setAttr = this.statement("INSERT INTO trial_attrs (trial_id, kind, key, value_json) VALUES (?, 'system', ?, ?) ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = excluded.value_json");
    setAttr.run(row.id, SYSTEM_ATTRS.orphaned, 'true');
    setAttr.run(row.id, SYSTEM_ATTRS.failReason, JSON.stringify(reason));
    this.statement("UPDATE trials SET state = 'failed', value = NULL, completed_at = ? WHERE id = ?").run(Date.now(), row.id);
    const init: RetryInit | undefined = retryInit(readTrial((sql) => this.statement(sql), { ...row, state: 'failed' }), maxRetries);
    return init === undefined ? undefined : this.insertTrial(studyId, init, {}, init.systemAttrs);
  }

  private studyRow(studyId: number): StudyRow {
    const row = this.statement('SELECT * FROM studies WHERE id = ?').get(studyId) as StudyRow | undefined;
    if (row === undefined) throw unknownStudy(studyId);
    return row;
  }

  private studyRecord(row: StudyRow): StudyRecord {
    const userAttrs: Record<string, unknown> = {};
    for (const a of this.statement('SELECT key, value_json FROM study_attrs WHERE study_id = ? ORDER BY key').all(row.id) as { key: string; value_json: string }[]) {
      userAttrs[a.key] = JSON.parse(a.value_json);
    }
    return { id: row.id, name: row.name, direction: row.direction, directions: storedDirections(row.direction, row.directions_json), seed: row.seed, createdAt: row.created_at, userAttrs };
  }

  private trialRow(studyId: number, trialNumber: number): TrialRow {
    this.studyRow(studyId);
    const row = this.statement('SELECT * FROM trials WHERE study_id = ? AND number = ?').get(studyId, trialNumber) as TrialRow | undefined;
    if (row === undefined) throw unknownTrial(studyId, trialNumber);
    return row;
  }

  private mutableTrial(what: string, studyId: number, trialNumber: number): TrialRow {
    const row = this.trialRow(studyId, trialNumber);
    checkMutable(what, studyId, trialNumber, row.state);
    return row;
  }
}
