// A study written by exportOptunaRdb, read by Python's Optuna 3.1: load_study, trials_dataframe()
// row by row against our trials, the best trial, fANOVA importance, and TPE going on with it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIVERGED_USER_ATTR, exportOptunaRdb, SEED_SYSTEM_ATTR } from '../../src/tune/optuna/rdb-export.ts';
import { OPTUNA_STATES } from '../../src/tune/optuna/rdb-values.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { createStudy } from '../../src/tune/study.ts';
import { SYSTEM_ATTRS } from '../../src/tune/system-attrs.ts';
import { TrialDivergedError } from '../../src/tune/trial-errors.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';
import { optunaRdb } from './python.ts';

interface Frame {
  directions: string[];
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  columns: string[];
  rows: Record<string, unknown>[];
  trials: { number: number; state: string; values: number[] | null; params: Record<string, unknown>; distributions: Record<string, string>; intermediate_values: Record<string, number | null>; user_attrs: Record<string, unknown> }[];
  best: { number: number; value: number } | null;
  best_trials: number[];
}

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-interop-rdb-'));
const db = join(folder, 'optuna.db');
const ACTIVATIONS = ['relu', 'tanh', true, null, 3] as const;
let trials: FrozenTrial[];
let best: FrozenTrial;
let frame: Frame;

beforeAll(async () => {
  const storage = new SqliteStorage(join(folder, 'study.db'));
  const study = await createStudy({ name: 'mlp', storage, direction: 'maximize', seed: 11 });
  await study.setUserAttr('dataset', { name: 'digits', rows: 1797 });
  for (let i = 0; i < 17; i++) {
    const trial = await study.ask();
    const lr = await trial.suggestFloat('lr', 1e-4, 0.1, { log: true });
    const units = await trial.suggestInt('units', 16, 128, { step: 16 });
    const activation = await trial.suggestCategorical('activation', ACTIVATIONS);
    const dropout = await trial.suggestFloat('dropout', 0, 0.5, { step: 0.1 });
    // A conditional parameter, as a branch of the objective suggests it.
    const slope = activation === 'relu' ? await trial.suggestFloat('slope', 0, 0.3) : 0;
    const value = -((Math.log10(lr) + 2) ** 2) + units / 100 - dropout + slope;
    await trial.report(value / 2, 1);
    await trial.report(value, 2);
    await trial.setUserAttr('layers', [units, 10]);
    if (i === 16) break; // left running
    await study.tell(trial, i === 4 ? new Error('out of memory') : i === 7 ? new TrialDivergedError('training diverged in epoch 2') : i % 6 === 5 ? 'pruned' : value);
  }
  await study.enqueueTrial({ lr: 0.01, units: 32, activation: 'tanh', dropout: 0.2 });
  trials = await study.getTrials();
  best = await study.bestTrial();
  await exportOptunaRdb(storage, db);
  await storage.close();
  frame = await optunaRdb<Frame>('frame', db, 'mlp');
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** What trials_dataframe() should hold for one of our trials, column by column. */
function expectedRow(t: FrozenTrial, columns: readonly string[]): Record<string, unknown> {
  const told = t.state === 'complete' || t.state === 'pruned';
  const finished = told || t.state === 'failed' || t.state === 'diverged';
  const userAttrs: Record<string, unknown> = { ...t.userAttrs, ...(t.state === 'diverged' ? { [DIVERGED_USER_ATTR]: t.systemAttrs[SYSTEM_ATTRS.failReason] } : {}) };
  const fixed = t.systemAttrs[SYSTEM_ATTRS.fixedParams];
  const systemAttrs: Record<string, unknown> = { ...t.systemAttrs, ...(fixed === undefined ? {} : { fixed_params: fixed }), [SEED_SYSTEM_ATTR]: t.seed };
  const cell = (column: string): unknown => {
    if (column === 'number') return t.number;
    if (column === 'state') return OPTUNA_STATES[t.state];
    if (column === 'value') return told ? t.value : null;
    if (column === 'datetime_start') return t.startedAt;
    if (column === 'datetime_complete') return finished ? t.completedAt : null;
    if (column === 'duration') return finished && t.startedAt !== null ? t.completedAt! - t.startedAt : null;
    const [, kind, name] = /^(params|user_attrs|system_attrs)_(.*)$/.exec(column) ?? [];
    if (kind === 'params') return name! in t.distributions ? t.params[name!] : null;
    if (kind === 'user_attrs') return userAttrs[name!] ?? null;
    if (kind === 'system_attrs') return systemAttrs[name!] ?? null;
    throw new Error(`trials_dataframe() has a column the export did not plan for: ${column}`);
  };
  return Object.fromEntries(columns.map((c) => [c, cell(c)]));
}

describe('an exported study in Optuna 3.1', () => {
  it('loads with its direction, user attrs and seed', () => {
    expect(frame.directions).toEqual(['MAXIMIZE']);
    expect(frame.user_attrs).toEqual({ dataset: { name: 'digits', rows: 1797 } });
    expect(frame.system_attrs).toEqual({ [SEED_SYSTEM_ATTR]: 11 });
  });

  it('has one trials_dataframe() row per trial, equal to ours column by column', () => {
    const paramNames = [...new Set(trials.flatMap((t) => Object.keys(t.distributions)))].sort();
    expect(frame.columns.filter((c) => c.startsWith('params_')).sort()).toEqual(paramNames.map((n) => `params_${n}`));
    expect(frame.rows).toHaveLength(trials.length);
    expect(frame.rows.map((r) => r.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'FAIL', 'PRUNED', 'COMPLETE', 'FAIL', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'PRUNED', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'RUNNING', 'WAITING']);
    trials.forEach((t, i) => expect(frame.rows[i], `trial ${t.number}`).toEqual(expectedRow(t, frame.columns)));
  });

  it('gives each trial its parameters, distributions and intermediate values as Optuna would have stored them', () => {
    trials.forEach((t, i) => {
      const theirs = frame.trials[i]!;
      expect(theirs.number).toBe(t.number);
      expect(Object.keys(theirs.params).sort()).toEqual(Object.keys(t.distributions).sort());
      for (const name of Object.keys(t.distributions)) expect(theirs.params[name], `trial ${t.number} ${name}`).toEqual(t.params[name]);
      expect(theirs.intermediate_values).toEqual(Object.fromEntries(Object.entries(t.intermediate).map(([s, v]) => [s, v])));
    });
    expect(JSON.parse(frame.trials[0]!.distributions.activation!)).toEqual({ name: 'CategoricalDistribution', attributes: { choices: ACTIVATIONS } });
    expect(JSON.parse(frame.trials[0]!.distributions.units!)).toEqual({ name: 'IntDistribution', attributes: { log: false, step: 16, low: 16, high: 128 } });
  });

  it('has the best trial we have', () => {
    expect(frame.best).toEqual({ number: best.number, value: best.value });
  });

  it('keeps several objectives: a direction and a trials_dataframe() column each, and our Pareto front as best_trials', async () => {
    const path = join(folder, 'two.db');
    const storage = new SqliteStorage(join(folder, 'two-source.db'));
    const study = await createStudy({ name: 'two', storage, directions: ['minimize', 'maximize'], seed: 3 });
    for (let i = 0; i < 8; i++) {
      const trial = await study.ask();
      const x = await trial.suggestFloat('x', 0, 1);
      const units = await trial.suggestCategorical('units', [16, 64]);
      await study.tell(trial, i === 5 ? new Error('out of memory') : [x * units, Math.sqrt(x)]);
    }
    const ours = await study.getTrials();
    const front = (await study.bestTrials()).map((t) => t.number).sort((a, b) => a - b);
    await exportOptunaRdb(storage, path);
    await storage.close();
    const two = await optunaRdb<Frame>('frame', path, 'two');
    expect(two.directions).toEqual(['MINIMIZE', 'MAXIMIZE']);
    expect(two.best_trials).toEqual(front);
    expect(front.length).toBeGreaterThan(1);
    expect(two.rows.map((r) => [r.values_0, r.values_1, r.state])).toEqual(ours.map((t) => [t.values?.[0] ?? null, t.values?.[1] ?? null, OPTUNA_STATES[t.state]]));
  });

  it('ranks the parameters every complete trial has with fANOVA', async () => {
    const ranked = await optunaRdb<[string, number][]>('importance', db, 'mlp');
    const always = ['activation', 'dropout', 'lr', 'units'];
    expect(ranked.map(([name]) => name).sort()).toEqual(always);
    expect(ranked.reduce((sum, [, v]) => sum + v, 0)).toBeCloseTo(1, 6);
  });

  it("goes on with Optuna's TPE: the waiting trial first, with its enqueued parameters, then new trials numbered after ours", async () => {
    const copy = join(folder, 'continued.db');
    rmSync(copy, { force: true });
    const storage = new SqliteStorage(join(folder, 'study.db'));
    await exportOptunaRdb(storage, copy);
    await storage.close();
    const { space } = await optunaRdb<{ space: string[] }>('continue', copy, 'mlp', '5');
    expect(space).toEqual(['activation', 'dropout', 'lr', 'units']);
    const after = await optunaRdb<Frame>('frame', copy, 'mlp');
    expect(after.trials.map((t) => t.number)).toEqual([...Array(trials.length + 4).keys()]);
    expect(after.trials.slice(trials.length - 1).map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE']);
    expect(after.trials[trials.length - 1]!.params).toEqual({ lr: 0.01, units: 32, activation: 'tanh', dropout: 0.2 });
    expect(after.trials[trials.length - 2]!.state).toBe('RUNNING');
    // Our trials are untouched.
    expect(after.rows.slice(0, trials.length - 1)).toEqual(frame.rows.slice(0, trials.length - 1));
  });
});
