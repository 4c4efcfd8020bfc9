// A study as an SQLite file in Optuna 3.0/3.1's RDB schema (rdb-schema.ts), which
// optuna.load_study opens without a migration: trials_dataframe(), optuna.importance and the
// samplers read it, and Optuna can go on with the study where we left it. The source is only read.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { describeValue } from '../../errors.ts';
import { openSqliteDatabase } from '../storage/sqlite-open.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { Direction, FrozenTrial, Storage } from '../types.ts';
import { OPTUNA_ALEMBIC_REVISION, OPTUNA_LIBRARY_VERSION, OPTUNA_RDB_DDL, OPTUNA_SCHEMA_VERSION } from './rdb-schema.ts';
import { distributionJson, internalParamValue, OPTUNA_STATES, optunaDatetime, optunaDirection, storedIntermediate, storedValue } from './rdb-values.ts';

/** The user attr that says why a diverged trial (no Optuna state of its own) is FAIL. */
export const DIVERGED_USER_ATTR = 'diverged';
/** Our seeds, kept as system attrs: the study's and each trial's. */
export const SEED_SYSTEM_ATTR = 'hyperprop_seed';
/** Optuna's system attr for an enqueued trial's parameters (study.enqueue_trial). */
const OPTUNA_FIXED_PARAMS = 'fixed_params';

export interface OptunaExportOptions {
  /** Only these studies (default: every study in the storage). */
  studies?: readonly string[];
}

export interface OptunaExportResult {
  path: string;
  studies: { name: string; directions: Direction[]; trials: number }[];
}

interface TrialRows {
  number: number;
  state: string;
  start: string | null;
  complete: string | null;
  params: [name: string, value: number, distribution: string][];
  values: [objective: number, value: number | null, type: string][];
  intermediate: [step: number, value: number | null, type: string][];
  userAttrs: [key: string, json: string][];
  systemAttrs: [key: string, json: string][];
}

interface StudyRows {
  name: string;
  directions: Direction[];
  userAttrs: [key: string, json: string][];
  systemAttrs: [key: string, json: string][];
  trials: TrialRows[];
}

function attrRows(attrs: Record<string, unknown>): [string, string][] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: storages refuse undefined attr values (jsonCopy), so none reaches here
  return Object.entries(attrs).flatMap(([key, value]) => (value === undefined ? [] : [[key, JSON.stringify(value)] as [string, string]]));
}

function divergedReason(trial: FrozenTrial): string {
  const reason = trial.systemAttrs[SYSTEM_ATTRS.failReason];
  return typeof reason === 'string' ? reason : 'training diverged (a NaN or infinite loss or objective)';
}

/** The values Optuna keeps for a trial of a study with `objectives` objectives. */
function optunaValues(trial: FrozenTrial, objectives: number): readonly number[] {
  if (trial.state === 'complete') return trial.values ?? [];
  // Optuna gives a pruned trial its last finite report as its value, as we do; NaN is no value.
  // With several objectives a report is no vector of them (Optuna 3.1 refuses reports there).
  // Stryker disable next-line ConditionalExpression,MethodExpression: a pruned trial of several objectives stores no values, and stored values are never NaN
  if (trial.state === 'pruned' && objectives === 1) return (trial.values ?? []).filter((v) => !Number.isNaN(v));
  return [];
}

/** Everything a trial writes, checked (a categorical value outside its choices throws) before any row is written. */
function trialRows(trial: FrozenTrial, objectives: number): TrialRows {
  const params = Object.entries(trial.distributions).map(([name, d]): [string, number, string] => [name, internalParamValue(name, d, trial.params[name] ?? null), distributionJson(d)]);
  const values = optunaValues(trial, objectives);
  const userAttrs = { ...trial.userAttrs, ...(trial.state === 'diverged' ? { [DIVERGED_USER_ATTR]: divergedReason(trial) } : {}) };
  const fixed = trial.systemAttrs[SYSTEM_ATTRS.fixedParams];
  const systemAttrs = { ...trial.systemAttrs, ...(fixed === undefined ? {} : { [OPTUNA_FIXED_PARAMS]: fixed }), [SEED_SYSTEM_ATTR]: trial.seed };
  return {
    number: trial.number,
    state: OPTUNA_STATES[trial.state],
    start: optunaDatetime(trial.startedAt),
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a waiting or running trial's completedAt is null, which optunaDatetime writes as null too
    complete: trial.state === 'waiting' || trial.state === 'running' ? null : optunaDatetime(trial.completedAt),
    params,
    values: values.map((v, objective) => [objective, ...storedValue(v)]),
    intermediate: Object.entries(trial.intermediate).map(([step, v]) => [Number(step), ...storedIntermediate(v)]),
    userAttrs: attrRows(userAttrs),
    systemAttrs: attrRows(systemAttrs),
  };
}

async function readStudies(storage: Storage, names: readonly string[] | undefined): Promise<StudyRows[]> {
  const stored = await storage.listStudies();
  const missing = names?.filter((name) => !stored.some((s) => s.name === name)) ?? [];
  if (missing.length > 0) {
    const known = stored.map((s) => JSON.stringify(s.name)).join(', ') || 'none stored';
    throw new RangeError(`exportOptunaRdb: studies must name studies in the storage (${known}), got ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  }
  const chosen = names === undefined ? stored : stored.filter((s) => names.includes(s.name));
  if (chosen.length === 0) throw new RangeError('exportOptunaRdb: the storage must hold at least one study, got none');
  return Promise.all(
    chosen.map(async (study) => ({
      name: study.name,
      directions: study.directions,
      userAttrs: attrRows(study.userAttrs),
      systemAttrs: attrRows({ [SEED_SYSTEM_ATTR]: study.seed }),
      // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: every storage returns trials in number order already
      trials: (await storage.getTrials(study.id)).sort((a, b) => a.number - b.number).map((t) => trialRows(t, study.directions.length)),
    })),
  );
}

function writeFile(path: string, studies: readonly StudyRows[]): void {
  const db = openSqliteDatabase(path);
  try {
    db.exec(OPTUNA_RDB_DDL);
    const insert = (sql: string) => db.prepare(sql);
    const study = insert('INSERT INTO studies (study_name) VALUES (?)');
    const direction = insert('INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)');
    const studyUser = insert('INSERT INTO study_user_attributes (study_id, "key", value_json) VALUES (?, ?, ?)');
    const studySystem = insert('INSERT INTO study_system_attributes (study_id, "key", value_json) VALUES (?, ?, ?)');
    const trial = insert('INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?)');
    const param = insert('INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)');
    const value = insert('INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?)');
    const intermediate = insert('INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?)');
    const trialUser = insert('INSERT INTO trial_user_attributes (trial_id, "key", value_json) VALUES (?, ?, ?)');
    const trialSystem = insert('INSERT INTO trial_system_attributes (trial_id, "key", value_json) VALUES (?, ?, ?)');
    db.transaction(() => {
      insert('INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ?, ?)').run(OPTUNA_SCHEMA_VERSION, OPTUNA_LIBRARY_VERSION);
      insert('INSERT INTO alembic_version (version_num) VALUES (?)').run(OPTUNA_ALEMBIC_REVISION);
      for (const s of studies) {
        const studyId = study.run(s.name).lastInsertRowid;
        s.directions.forEach((d, objective) => direction.run(optunaDirection(d), studyId, objective));
        for (const [key, json] of s.userAttrs) studyUser.run(studyId, key, json);
        for (const [key, json] of s.systemAttrs) studySystem.run(studyId, key, json);
        for (const t of s.trials) {
          const trialId = trial.run(t.number, studyId, t.state, t.start, t.complete).lastInsertRowid;
          for (const row of t.params) param.run(trialId, ...row);
          for (const row of t.values) value.run(trialId, ...row);
          for (const row of t.intermediate) intermediate.run(trialId, ...row);
          for (const row of t.userAttrs) trialUser.run(trialId, ...row);
          for (const row of t.systemAttrs) trialSystem.run(trialId, ...row);
        }
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * Writes the studies of `storage` (all, or `options.studies`) to a new SQLite file at `path` in
 * Optuna's RDB schema. States: complete → COMPLETE, pruned → PRUNED, failed → FAIL, diverged →
 * FAIL with the user attr "diverged" saying why, waiting → WAITING (its enqueued parameters as
 * Optuna's fixed_params), running → RUNNING. Several objectives: one direction and one value a
 * row each (a pruned trial then has none, as in Optuna). Categoricals are stored by choice index as Optuna
 * does; datetimes in local time as Optuna writes them; seeds as the system attr hyperprop_seed.
 * `path` must not exist: an Optuna storage is written whole, never merged into.
 */
export async function exportOptunaRdb(storage: Storage, path: string, options: OptunaExportOptions = {}): Promise<OptunaExportResult> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`exportOptunaRdb: path must be a non-empty string, got ${describeValue(path)}`);
  if (existsSync(path)) throw new RangeError(`exportOptunaRdb: path must not exist (an Optuna storage is written whole, never merged into), got ${JSON.stringify(path)}`);
  const studies = await readStudies(storage, options.studies);
  // Written under another name and renamed, so an interrupted export leaves no half a storage.
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFile(temporary, studies);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
  return { path, studies: studies.map((s) => ({ name: s.name, directions: s.directions, trials: s.trials.length })) };
}
