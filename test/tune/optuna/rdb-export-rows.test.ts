// exportOptunaRdb's rows again, each test exporting its own study: rdb-export.test.ts exports once
// in beforeAll, where a mutation run never sees a changed line fail, so the rows Optuna reads are
// checked here inside the tests, with the refusals and the summary the call returns.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOptunaRdb } from '../../../src/tune/optuna/rdb-export.ts';
import { OPTUNA_ALEMBIC_REVISION } from '../../../src/tune/optuna/rdb-schema.ts';
import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { TrialDivergedError } from '../../../src/tune/trial-errors.ts';
import type { Storage } from '../../../src/tune/types.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-optuna-rows-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type Row = Record<string, unknown>;

/** Exports `storage` to a new file and gives back a query on it (the file is closed after `read`). */
async function exported<T>(storage: Storage, read: (all: (sql: string, ...args: unknown[]) => Row[]) => T, studies?: string[]): Promise<T> {
  const path = join(folder, `out-${files++}.db`);
  const result = await exportOptunaRdb(storage, path, studies === undefined ? {} : { studies });
  expect(result.path).toBe(path);
  const db = new Database(path, { readonly: true });
  try {
    return read((sql, ...args) => db.prepare(sql).all(...args) as Row[]);
  } finally {
    db.close();
  }
}

/** A study with one trial per end, in number order: complete, pruned, failed, diverged, running, waiting. */
async function everyState(storage: Storage, name = 'digits'): Promise<void> {
  const study = await createStudy({ name, storage, direction: 'maximize', seed: 5 });
  await study.setUserAttr('dataset', 'digits');
  for (const end of [0.75, 'pruned', new Error('boom'), new TrialDivergedError('nan in epoch 2'), undefined] as const) {
    const trial = await study.ask();
    await trial.suggestFloat('x', 0, 1);
    await trial.report(0.5, 1);
    if (end !== undefined) await study.tell(trial, end);
  }
  await study.enqueueTrial({ x: 0.25 });
}

describe('exportOptunaRdb rows, exported inside each test', () => {
  it('returns each study with its directions and trial count, and writes the version rows Optuna checks', async () => {
    const storage = new MemoryStorage();
    await everyState(storage);
    const path = join(folder, `summary-${files++}.db`);
    const result = await exportOptunaRdb(storage, path);
    expect(result).toEqual({ path, studies: [{ name: 'digits', directions: ['maximize'], trials: 6 }] });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT version_num FROM alembic_version').all()).toEqual([{ version_num: OPTUNA_ALEMBIC_REVISION }]);
      expect(db.prepare('SELECT schema_version, library_version FROM version_info').all()).toEqual([{ schema_version: 12, library_version: '3.1.0' }]);
      expect(db.prepare('SELECT direction, objective FROM study_directions').all()).toEqual([{ direction: 'MAXIMIZE', objective: 0 }]);
      expect(db.prepare('SELECT "key", value_json FROM study_user_attributes').all()).toEqual([{ key: 'dataset', value_json: '"digits"' }]);
      expect(db.prepare('SELECT "key", value_json FROM study_system_attributes').all()).toEqual([{ key: 'hyperprop_seed', value_json: '5' }]);
    } finally {
      db.close();
    }
  });

  it('maps every state, gives only finished trials a completion time, and values to complete and pruned trials only', async () => {
    const storage = new MemoryStorage();
    await everyState(storage);
    const [trials, values] = await exported(storage, (all) => [
      all('SELECT number, state, datetime_start IS NOT NULL AS started, datetime_complete IS NOT NULL AS completed FROM trials ORDER BY trial_id'),
      all('SELECT t.number, v.objective, v.value, v.value_type FROM trial_values v JOIN trials t USING (trial_id) ORDER BY t.number'),
    ]);
    expect(trials).toEqual([
      { number: 0, state: 'COMPLETE', started: 1, completed: 1 },
      { number: 1, state: 'PRUNED', started: 1, completed: 1 },
      { number: 2, state: 'FAIL', started: 1, completed: 1 },
      { number: 3, state: 'FAIL', started: 1, completed: 1 },
      { number: 4, state: 'RUNNING', started: 1, completed: 0 },
      { number: 5, state: 'WAITING', started: 0, completed: 0 },
    ]);
    expect(values).toEqual([
      { number: 0, objective: 0, value: 0.75, value_type: 'FINITE' },
      { number: 1, objective: 0, value: 0.5, value_type: 'FINITE' },
    ]);
    const [params, reports] = await exported(storage, (all) => [
      all('SELECT t.number, p.param_name FROM trial_params p JOIN trials t USING (trial_id) ORDER BY t.number'),
      all('SELECT t.number, r.step, r.intermediate_value FROM trial_intermediate_values r JOIN trials t USING (trial_id) ORDER BY t.number'),
    ]);
    expect(params).toEqual([0, 1, 2, 3, 4].map((number) => ({ number, param_name: 'x' })));
    expect(reports).toEqual([0, 1, 2, 3, 4].map((number) => ({ number, step: 1, intermediate_value: 0.5 })));
  });

  it('says why a diverged trial failed (its reason, or a default), keeps fixed_params only for enqueued trials, and every trial its seed', async () => {
    const storage = new MemoryStorage();
    await everyState(storage);
    const study = (await storage.getStudy('digits'))!;
    // A diverged trial without a recorded reason: the export says what diverging means.
    const bare = await storage.createTrial(study.id, { state: 'running' });
    await storage.finishTrial(study.id, bare.number, 'diverged', null);
    const trials = await storage.getTrials(study.id);
    const [user, system] = await exported(storage, (all) => [
      all('SELECT number, "key", value_json FROM trial_user_attributes JOIN trials USING (trial_id) ORDER BY number, "key"'),
      all('SELECT number, "key", value_json FROM trial_system_attributes JOIN trials USING (trial_id) ORDER BY number, "key"'),
    ]);
    expect(user).toEqual([
      { number: 3, key: 'diverged', value_json: JSON.stringify('nan in epoch 2') },
      { number: 6, key: 'diverged', value_json: JSON.stringify('training diverged (a NaN or infinite loss or objective)') },
    ]);
    const keys = (n: number) => system.filter((r) => r.number === n).map((r) => r.key);
    for (const n of [0, 1, 4]) expect(keys(n)).toEqual(['hyperprop_seed']);
    expect(keys(5)).toEqual(['fixedParams', 'fixed_params', 'hyperprop_seed']);
    expect(system.find((r) => r.number === 5 && r.key === 'fixed_params')!.value_json).toBe('{"x":0.25}');
    for (const t of trials) expect(system.find((r) => r.number === t.number && r.key === 'hyperprop_seed')!.value_json).toBe(String(t.seed));
  });

  it('exports every study when none is named, in the storage order, with their trials in number order', async () => {
    const storage = new MemoryStorage();
    await everyState(storage, 'a');
    await createStudy({ name: 'b', storage, directions: ['minimize', 'maximize'] });
    const path = join(folder, `all-${files++}.db`);
    const result = await exportOptunaRdb(storage, path);
    expect(result.studies).toEqual([
      { name: 'a', directions: ['maximize'], trials: 6 },
      { name: 'b', directions: ['minimize', 'maximize'], trials: 0 },
    ]);
    const numbers = await exported(storage, (all) => all('SELECT number FROM trials ORDER BY trial_id').map((r) => r.number), ['a']);
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses a path that is not a non-empty string, an empty storage, and unknown studies of an empty storage', async () => {
    const storage = new MemoryStorage();
    await expect(exportOptunaRdb(storage, '')).rejects.toThrow(new TypeError('exportOptunaRdb: path must be a non-empty string, got ""'));
    await expect(exportOptunaRdb(storage, 7 as unknown as string)).rejects.toThrow(new TypeError('exportOptunaRdb: path must be a non-empty string, got 7'));
    const path = join(folder, `empty-${files++}.db`);
    await expect(exportOptunaRdb(storage, path)).rejects.toThrow(new RangeError('exportOptunaRdb: the storage must hold at least one study, got none'));
    await expect(exportOptunaRdb(storage, path, { studies: ['x'] })).rejects.toThrow(new RangeError('exportOptunaRdb: studies must name studies in the storage (none stored), got "x"'));
    await expect(exportOptunaRdb(storage, path, { studies: [] })).rejects.toThrow(new RangeError('exportOptunaRdb: the storage must hold at least one study, got none'));
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
