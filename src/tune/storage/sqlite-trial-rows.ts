// Trials in a SQLite file: reading a row back as a FrozenTrial, and writing an imported trial as
// it was (inside the caller's transaction).
import type Database from 'better-sqlite3';
import type { Distribution, FrozenTrial, ParamValue, TrialState } from '../types.ts';
import { importedValues, jsonCopy, storedValues, valuesColumn } from './rules.ts';

/** The storage's cache of prepared statements. */
export type StatementFor = (sql: string) => Database.Statement;

export interface TrialRow {
  id: number;
  number: number;
  state: TrialState;
  value: number | null;
  /** Set when the trial has several values (schema version 4). */
  values_json?: string | null;
  seed: number;
  started_at: number | null;
  completed_at: number | null;
  heartbeat_at?: number | null;
  owner_host?: string | null;
  owner_pid?: number | null;
}

export function readTrial(statement: StatementFor, row: TrialRow): FrozenTrial {
  const params: Record<string, ParamValue> = {};
  const distributions: Record<string, Distribution> = {};
  for (const p of statement('SELECT name, value_json, distribution_json FROM trial_params WHERE trial_id = ? ORDER BY rowid').all(row.id) as {
    name: string;
    value_json: string;
    distribution_json: string | null;
  }[]) {
    params[p.name] = JSON.parse(p.value_json) as ParamValue;
    if (p.distribution_json !== null) distributions[p.name] = JSON.parse(p.distribution_json) as Distribution;
  }
  const intermediate: Record<number, number> = {};
  for (const r of statement('SELECT step, value FROM trial_intermediate WHERE trial_id = ? ORDER BY step').all(row.id) as { step: number; value: number }[]) {
    intermediate[r.step] = r.value;
  }
  const userAttrs: Record<string, unknown> = {};
  const systemAttrs: Record<string, unknown> = {};
  for (const a of statement('SELECT kind, key, value_json FROM trial_attrs WHERE trial_id = ? ORDER BY rowid').all(row.id) as { kind: string; key: string; value_json: string }[]) {
    (a.kind === 'user' ? userAttrs : systemAttrs)[a.key] = JSON.parse(a.value_json);
  }
  return {
    number: row.number,
    state: row.state,
    params,
    distributions,
    value: row.value,
    values: storedValues(row.value, row.values_json),
    intermediate,
    seed: row.seed,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    userAttrs,
    systemAttrs,
  };
}

/** Inside a write transaction, after checkImportedTrial: the trial's rows, exactly as given. */
export function insertImportedTrial(statement: StatementFor, studyId: number, trial: FrozenTrial): void {
  const id = statement('INSERT INTO trials (study_id, number, state, value, values_json, seed, started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    studyId,
    trial.number,
    trial.state,
    trial.value,
    valuesColumn(importedValues(trial)),
    trial.seed,
    trial.startedAt,
    trial.completedAt,
  ).lastInsertRowid;
  const insertParam = statement('INSERT INTO trial_params (trial_id, name, value_json, distribution_json) VALUES (?, ?, ?, ?)');
  for (const [name, value] of Object.entries(trial.params)) {
    const d = trial.distributions[name];
    insertParam.run(id, name, JSON.stringify(jsonCopy(value, 'importTrial: param')), d === undefined ? null : JSON.stringify(jsonCopy(d, 'importTrial: distribution')));
  }
  const insertStep = statement('INSERT INTO trial_intermediate (trial_id, step, value) VALUES (?, ?, ?)');
  for (const [step, value] of Object.entries(trial.intermediate)) insertStep.run(id, Number(step), value);
  const insertAttr = statement('INSERT INTO trial_attrs (trial_id, kind, key, value_json) VALUES (?, ?, ?, ?)');
  for (const [kind, attrs] of [['user', trial.userAttrs], ['system', trial.systemAttrs]] as const) {
    for (const [key, value] of Object.entries(attrs)) insertAttr.run(id, kind, key, JSON.stringify(jsonCopy(value, `importTrial: ${kind} attr ${JSON.stringify(key)}`)));
  }
}
