// exportOptunaRdb: the rows a study becomes in Optuna's RDB schema, read back with SQLite (what
// Optuna itself makes of the file is checked by test/interop/, which needs python3-optuna).
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOptunaRdb } from '../../../src/tune/optuna/rdb-export.ts';
import { OPTUNA_ALEMBIC_REVISION } from '../../../src/tune/optuna/rdb-schema.ts';
import { optunaDatetime } from '../../../src/tune/optuna/rdb-values.ts';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { TrialDivergedError } from '../../../src/tune/trial-errors.ts';
import type { FrozenTrial } from '../../../src/tune/types.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-optuna-export-'));
const storage = new SqliteStorage(join(folder, 'study.db'));
const out = join(folder, 'optuna.db');
let trials: FrozenTrial[];
let db: Database.Database;

type Row = Record<string, unknown>;
const all = (sql: string, ...args: unknown[]): Row[] => db.prepare(sql).all(...args) as Row[];

beforeAll(async () => {
  const study = await createStudy({ name: 'digits', storage, direction: 'maximize', seed: 5 });
  await study.setUserAttr('dataset', { name: 'digits', rows: 1797 });
  // One trial per end: complete, pruned, failed, diverged, running, and an enqueued one waiting.
  const ends = [0.75, 'pruned', new Error('out of memory'), new TrialDivergedError('training diverged in epoch 2'), undefined] as const;
  for (const [i, end] of ends.entries()) {
    const trial = await study.ask();
    await trial.suggestFloat('lr', 1e-4, 0.1, { log: true });
    await trial.suggestInt('units', 16, 64, { step: 16 });
    await trial.suggestCategorical('activation', ['relu', 'tanh', true, null, 3]);
    await trial.suggestFloat('dropout', 0, 0.5, { step: 0.1 });
    await trial.report(0.5, 1);
    await trial.report(i === 1 ? 0.625 : Number.POSITIVE_INFINITY, 2);
    await trial.setUserAttr('epochs', [1, 2]);
    if (end !== undefined) await study.tell(trial, end);
  }
  await study.enqueueTrial({ lr: 0.01, activation: 'tanh' });
  await createStudy({ name: 'other', storage, seed: 1 });
  trials = await storage.getTrials((await storage.getStudy('digits'))!.id);
  await exportOptunaRdb(storage, out, { studies: ['digits'] });
  db = new Database(out, { readonly: true });
});

afterAll(async () => {
  db?.close();
  await storage.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('exportOptunaRdb', () => {
  it("stamps Optuna 3.1's alembic revision and schema version, so Optuna opens the file without a migration", () => {
    expect(all('SELECT version_num FROM alembic_version')).toEqual([{ version_num: OPTUNA_ALEMBIC_REVISION }]);
    expect(all('SELECT schema_version, library_version FROM version_info')).toEqual([{ schema_version: 12, library_version: '3.1.0' }]);
    const tables = all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);
    expect(tables).toEqual(['alembic_version', 'studies', 'study_directions', 'study_system_attributes', 'study_user_attributes', 'trial_heartbeats', 'trial_intermediate_values', 'trial_params', 'trial_system_attributes', 'trial_user_attributes', 'trial_values', 'trials', 'version_info']);
  });

  it('writes the chosen study only, with its direction, user attrs and seed', () => {
    expect(all('SELECT study_id, study_name FROM studies')).toEqual([{ study_id: 1, study_name: 'digits' }]);
    expect(all('SELECT direction, objective FROM study_directions')).toEqual([{ direction: 'MAXIMIZE', objective: 0 }]);
    expect(all('SELECT "key", value_json FROM study_user_attributes')).toEqual([{ key: 'dataset', value_json: '{"name":"digits","rows":1797}' }]);
    expect(all('SELECT "key", value_json FROM study_system_attributes')).toEqual([{ key: 'hyperprop_seed', value_json: '5' }]);
  });

  it('maps every state: diverged is FAIL, and a running or waiting trial has no completion time', () => {
    const rows = all('SELECT number, state, datetime_start, datetime_complete FROM trials ORDER BY number');
    expect(rows.map((r) => r.state)).toEqual(['COMPLETE', 'PRUNED', 'FAIL', 'FAIL', 'RUNNING', 'WAITING']);
    expect(rows.map((r) => r.number)).toEqual([0, 1, 2, 3, 4, 5]);
    rows.forEach((row, i) => {
      expect(row.datetime_start).toBe(optunaDatetime(trials[i]!.startedAt));
      expect(row.datetime_complete).toBe(i >= 4 ? null : optunaDatetime(trials[i]!.completedAt));
    });
    expect(rows[0]!.datetime_start).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(rows[5]!.datetime_start).toBeNull();
  });

  it('gives a complete trial its value and a pruned one its last report, as Optuna does, and no other trial a value', () => {
    expect(all('SELECT t.number, v.objective, v.value, v.value_type FROM trial_values v JOIN trials t USING (trial_id) ORDER BY t.number')).toEqual([
      { number: 0, objective: 0, value: 0.75, value_type: 'FINITE' },
      { number: 1, objective: 0, value: 0.625, value_type: 'FINITE' },
    ]);
  });

  it('stores parameters in Optuna’s internal representation: a categorical by the index of its choice', () => {
    const params = all('SELECT param_name, param_value, distribution_json FROM trial_params JOIN trials USING (trial_id) WHERE number = 0');
    const byName = Object.fromEntries(params.map((p) => [p.param_name, p]));
    const t = trials[0]!;
    expect(byName.lr!.param_value).toBe(t.params.lr);
    expect(byName.units!.param_value).toBe(t.params.units);
    expect(byName.activation!.param_value).toBe(['relu', 'tanh', true, null, 3].indexOf(t.params.activation as never));
    expect(JSON.parse(byName.lr!.distribution_json as string)).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: 1e-4, high: 0.1, log: true } });
    expect(JSON.parse(byName.dropout!.distribution_json as string)).toEqual({ name: 'FloatDistribution', attributes: { step: 0.1, low: 0, high: 0.5, log: false } });
    expect(JSON.parse(byName.units!.distribution_json as string)).toEqual({ name: 'IntDistribution', attributes: { log: false, step: 16, low: 16, high: 64 } });
    expect(JSON.parse(byName.activation!.distribution_json as string)).toEqual({ name: 'CategoricalDistribution', attributes: { choices: ['relu', 'tanh', true, null, 3] } });
    expect(all('SELECT count(*) AS n FROM trial_params JOIN trials USING (trial_id) WHERE number = 5')).toEqual([{ n: 0 }]);
  });

  it('keeps an infinite report as Optuna’s INF_POS type', () => {
    expect(all('SELECT step, intermediate_value, intermediate_value_type FROM trial_intermediate_values JOIN trials USING (trial_id) WHERE number = 0 ORDER BY step')).toEqual([
      { step: 1, intermediate_value: 0.5, intermediate_value_type: 'FINITE' },
      { step: 2, intermediate_value: null, intermediate_value_type: 'INF_POS' },
    ]);
  });

  it('says why a diverged trial failed in a user attr, and keeps the enqueued parameters as Optuna’s fixed_params', () => {
    const user = (n: number) => Object.fromEntries(all('SELECT "key", value_json FROM trial_user_attributes JOIN trials USING (trial_id) WHERE number = ?', n).map((r) => [r.key, JSON.parse(r.value_json as string)]));
    const system = (n: number) => Object.fromEntries(all('SELECT "key", value_json FROM trial_system_attributes JOIN trials USING (trial_id) WHERE number = ?', n).map((r) => [r.key, JSON.parse(r.value_json as string)]));
    expect(user(3)).toEqual({ epochs: [1, 2], diverged: 'training diverged in epoch 2' });
    expect(user(2)).toEqual({ epochs: [1, 2] });
    expect(system(2)).toMatchObject({ failReason: 'Error: out of memory', hyperprop_seed: trials[2]!.seed });
    expect(system(5)).toMatchObject({ fixed_params: { lr: 0.01, activation: 'tanh' }, hyperprop_seed: trials[5]!.seed });
  });

  it('writes a study with several objectives as one direction and one value a row each; its pruned trial has none, as in Optuna', async () => {
    const path = join(folder, 'two.db');
    const study = await createStudy({ name: 'two', storage, directions: ['minimize', 'maximize'], seed: 2 });
    for (const end of [[0.5, 0.9], 'pruned'] as const) {
      const trial = await study.ask();
      await trial.suggestFloat('x', 0, 1);
      await trial.report(0.25, 1);
      await study.tell(trial, end);
    }
    await exportOptunaRdb(storage, path, { studies: ['two'] });
    const two = new Database(path, { readonly: true });
    try {
      expect(two.prepare('SELECT direction, objective FROM study_directions ORDER BY objective').all()).toEqual([{ direction: 'MINIMIZE', objective: 0 }, { direction: 'MAXIMIZE', objective: 1 }]);
      expect(two.prepare('SELECT t.number, v.objective, v.value FROM trial_values v JOIN trials t USING (trial_id) ORDER BY t.number, v.objective').all()).toEqual([
        { number: 0, objective: 0, value: 0.5 },
        { number: 0, objective: 1, value: 0.9 },
      ]);
    } finally {
      two.close();
    }
  });

  it('refuses an existing file or an unknown study, and leaves no temporary file behind', async () => {
    await expect(exportOptunaRdb(storage, out)).rejects.toThrow(`exportOptunaRdb: path must not exist (an Optuna storage is written whole, never merged into), got ${JSON.stringify(out)}`);
    const other = join(folder, 'unknown.db');
    await expect(exportOptunaRdb(storage, other, { studies: ['digits', 'nope'] })).rejects.toThrow('exportOptunaRdb: studies must name studies in the storage ("digits", "other", "two"), got "nope"');
    expect(existsSync(other)).toBe(false);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
