// Optuna's replay rules applied to records directly, as a Python worker may write them: the
// records hyperprop never writes (delete_study, attrs of a missing study, a create_trial that
// carries a finished trial), the records replay must skip, and the fields a create_trial may
// leave out. The journal storage tests reach only what hyperprop's own writers produce.
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../../src/tune/storage/journal/file-log.ts';
import { JournalReplay } from '../../../../src/tune/storage/journal/replay.ts';

const W = 'python-worker';
const rec = (op_code: number, fields: Record<string, unknown> = {}): JournalRecord => ({ op_code, worker_id: W, ...fields });
const floatJson = (low = 0, high = 1, log = false): string => JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low, high, log } });
const catJson = (choices: unknown[]): string => JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices } });

function replayOf(...records: JournalRecord[]): JournalReplay {
  const replay = new JournalReplay();
  replay.apply(records);
  return replay;
}

describe('JournalReplay studies', () => {
  it('numbers studies in creation order, keeps the first of a name, and reads directions (none: minimize)', () => {
    const replay = replayOf(rec(0, { study_name: 'a', directions: [2, 1] }), rec(0, { study_name: 'a', directions: [1] }), rec(0, { study_name: 'b' }));
    expect(replay.nextStudyId).toBe(2);
    expect(replay.study(0)).toEqual({ id: 0, name: 'a', directions: ['maximize', 'minimize'], userAttrs: {}, systemAttrs: {}, trialIds: [] });
    expect(replay.study(1)).toMatchObject({ id: 1, name: 'b', directions: ['minimize'] });
    expect(replay.studyByName('b')?.id).toBe(1);
    expect(replay.studyByName('c')).toBeUndefined();
  });

  it('deletes a study, keeping its id taken; attrs merge into a study and are dropped for a missing one', () => {
    const replay = replayOf(
      rec(0, { study_name: 'a' }),
      rec(2, { study_id: 0, user_attr: { u: 1 } }),
      rec(2, { study_id: 0, user_attr: { v: [2] } }),
      rec(3, { study_id: 0, system_attr: { s: 'x' } }),
      rec(2, { study_id: 7, user_attr: { lost: 1 } }),
      rec(3, { study_id: 7, system_attr: { lost: 1 } }),
      rec(2, { study_id: 0, user_attr: [1, 2] }),
      rec(3, { study_id: 0, system_attr: null }),
    );
    expect(replay.study(0)).toMatchObject({ userAttrs: { u: 1, v: [2] }, systemAttrs: { s: 'x' } });
    replay.apply([rec(1, { study_id: 0 }), rec(0, { study_name: 'a' })]);
    expect(() => replay.study(0)).toThrow(new RangeError('studyId must name an existing study, got 0'));
    expect(replay.studyByName('a')?.id).toBe(1);
    expect(replay.nextStudyId).toBe(2);
  });

  it("refuses an op code outside Optuna 3.1's operations", () => {
    expect(() => replayOf(rec(10))).toThrow(new RangeError("journal op_code must be 0 to 9 (Optuna 3.1's operations), got 10"));
    expect(() => replayOf(rec(-1))).toThrow(new RangeError("journal op_code must be 0 to 9 (Optuna 3.1's operations), got -1"));
  });
});

describe('JournalReplay trials', () => {
  it('reads a create_trial carrying a whole finished trial: params by distribution, intermediate steps as numbers, dates', () => {
    const replay = replayOf(
      rec(0, { study_name: 'a' }),
      rec(4, {
        study_id: 0,
        state: 1,
        value: 0.5,
        distributions: { c: catJson(['x', 'y']), f: floatJson() },
        params: { c: 1, f: 0.25 },
        intermediate_values: { '2': 0.75, '10': 0.5 },
        user_attrs: { u: 1 },
        system_attrs: { s: 2 },
        datetime_start: '2026-01-02T03:04:05.000000Z',
        datetime_complete: '2026-01-02T03:04:06.500000Z',
      }),
    );
    const trial = replay.trial(0, 0);
    expect(trial).toMatchObject({ id: 0, studyId: 0, number: 0, state: 1, values: [0.5], params: { c: 'y', f: 0.25 }, userAttrs: { u: 1 }, systemAttrs: { s: 2 }, runner: null });
    expect(trial.intermediate).toEqual({ 2: 0.75, 10: 0.5 });
    expect(Object.keys(trial.intermediate)).toEqual(['2', '10']);
    expect(trial.distributions['c']).toEqual({ className: 'CategoricalDistribution', distribution: { type: 'categorical', choices: ['x', 'y'] } });
    expect(trial.startedAt).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(trial.completedAt! - trial.startedAt!).toBe(1500);
    // The replayed trial's attrs are its own copies, not the record's.
    expect(replay.trialsOf(0)).toEqual([trial]);
  });

  it('defaults what a create_trial leaves out: running (run by its writer), no values, no dates, empty maps', () => {
    const replay = replayOf(rec(0, { study_name: 'a' }), rec(4, { study_id: 0 }), rec(4, { study_id: 0, state: 4, values: [1, 2], datetime_start: null }));
    expect(replay.trial(0, 0)).toEqual({
      id: 0,
      studyId: 0,
      number: 0,
      state: 0,
      values: null,
      params: {},
      distributions: {},
      userAttrs: {},
      systemAttrs: {},
      intermediate: {},
      startedAt: null,
      completedAt: null,
      runner: W,
    });
    expect(replay.trial(0, 1)).toMatchObject({ state: 4, values: [1, 2], runner: null, startedAt: null });
  });

  it('reads null maps in a create_trial as empty, and a finish without values keeps the values it has', () => {
    const replay = replayOf(
      rec(0, { study_name: 'a' }),
      rec(4, { study_id: 0, value: 0.5, distributions: null, params: null, intermediate_values: null, user_attrs: null, system_attrs: null }),
      rec(6, { trial_id: 0, state: 1, datetime_complete: '2026-01-01T00:00:00Z' }),
    );
    expect(replay.trial(0, 0)).toMatchObject({ state: 1, values: [0.5], params: {}, distributions: {}, intermediate: {}, userAttrs: {}, systemAttrs: {} });
  });

  it("numbers trials per study and gives trial ids across studies; a trial of a missing study is skipped", () => {
    const replay = replayOf(rec(0, { study_name: 'a' }), rec(0, { study_name: 'b' }), rec(4, { study_id: 1 }), rec(4, { study_id: 9 }), rec(4, { study_id: 0 }), rec(4, { study_id: 1 }));
    expect(replay.trials.map((t) => [t.id, t.studyId, t.number])).toEqual([[0, 1, 0], [1, 0, 0], [2, 1, 1]]);
    expect(replay.study(1).trialIds).toEqual([0, 2]);
    expect(replay.trialsOf(1).map((t) => t.id)).toEqual([0, 2]);
  });

  it('names a missing trial, also for a number that is not a safe integer', () => {
    const replay = replayOf(rec(0, { study_name: 'a' }), rec(4, { study_id: 0 }));
    expect(() => replay.trial(0, 1)).toThrow(new RangeError('trialNumber must name a trial of study 0, got 1'));
    expect(() => replay.trial(0, 0.5)).toThrow(new RangeError('trialNumber must name a trial of study 0, got 0.5'));
    expect(() => replay.trial(0, 2 ** 53)).toThrow(new RangeError(`trialNumber must name a trial of study 0, got ${2 ** 53}`));
    expect(() => replay.trial(3, 0)).toThrow(new RangeError('studyId must name an existing study, got 3'));
    expect(() => replay.trialsOf(3)).toThrow(new RangeError('studyId must name an existing study, got 3'));
  });

  it("applies reports and attrs to an open trial only; a finished or missing trial, or an id that is not a number, is skipped", () => {
    const replay = replayOf(
      rec(0, { study_name: 'a' }),
      rec(4, { study_id: 0 }),
      rec(4, { study_id: 0, state: 4 }),
      rec(7, { trial_id: 0, step: 3, intermediate_value: 0.5 }),
      rec(8, { trial_id: 1, user_attr: { u: 1 } }),
      rec(9, { trial_id: 1, system_attr: { s: 1 } }),
      rec(8, { trial_id: 1, user_attr: 'x' }),
      rec(6, { trial_id: 0, state: 2, values: [1], datetime_complete: '2026-01-01T00:00:00Z' }),
      rec(7, { trial_id: 0, step: 4, intermediate_value: 0.25 }),
      rec(8, { trial_id: 0, user_attr: { late: 1 } }),
      rec(9, { trial_id: 0, system_attr: { late: 1 } }),
      rec(7, { trial_id: 5, step: 1, intermediate_value: 1 }),
      rec(8, { trial_id: '1', user_attr: { wrong: 1 } }),
      rec(9, { trial_id: 9, system_attr: { lost: 1 } }),
    );
    expect(replay.trial(0, 0)).toMatchObject({ state: 2, values: [1], intermediate: { 3: 0.5 }, userAttrs: {}, systemAttrs: {} });
    expect(replay.trial(0, 1)).toMatchObject({ state: 4, userAttrs: { u: 1 }, systemAttrs: { s: 1 } });
    expect(replay.updatable(0)).toBeUndefined();
    expect(replay.updatable(1)).toBe(replay.trial(0, 1));
    expect(replay.updatable('1')).toBeUndefined();
    expect(replay.updatable(2)).toBeUndefined();
  });

  it('keeps a parameter only with a distribution compatible with the first trial that set the name in the study', () => {
    const replay = replayOf(
      rec(0, { study_name: 'a' }),
      rec(0, { study_name: 'b' }),
      rec(4, { study_id: 0 }),
      rec(4, { study_id: 0 }),
      rec(4, { study_id: 1 }),
      rec(5, { trial_id: 0, param_name: 'x', param_value_internal: 0.5, distribution: floatJson(0, 1) }),
      // Other bounds: compatible. Log: not. Another study: its own first distribution.
      rec(5, { trial_id: 1, param_name: 'x', param_value_internal: 3, distribution: floatJson(0, 5) }),
      rec(5, { trial_id: 1, param_name: 'y', param_value_internal: 1, distribution: catJson(['a', 'b']) }),
      rec(5, { trial_id: 2, param_name: 'x', param_value_internal: 2, distribution: floatJson(1, 9, true) }),
    );
    expect(replay.trial(0, 1).params).toEqual({ x: 3, y: 'b' });
    expect(replay.trial(1, 0).params).toEqual({ x: 2 });
    expect(replay.firstDistribution(0, 'x')?.distribution).toEqual({ type: 'float', low: 0, high: 1, log: false });
    expect(replay.firstDistribution(0, 'y')?.className).toBe('CategoricalDistribution');
    expect(replay.firstDistribution(0, 'z')).toBeUndefined();
    expect(replay.firstDistribution(7, 'x')).toBeUndefined();
    replay.apply([
      rec(4, { study_id: 0 }),
      rec(5, { trial_id: 3, param_name: 'x', param_value_internal: 2, distribution: floatJson(1, 9, true) }),
      rec(5, { trial_id: 3, param_name: 'y', param_value_internal: 0, distribution: catJson(['b', 'a']) }),
      rec(5, { trial_id: 3, param_name: 'z', param_value_internal: 0.5, distribution: floatJson() }),
      rec(6, { trial_id: 3, state: 1, values: [0], datetime_complete: '2026-01-01T00:00:00Z' }),
      rec(5, { trial_id: 3, param_name: 'w', param_value_internal: 0.5, distribution: floatJson() }),
    ]);
    expect(replay.trial(0, 2).params).toEqual({ z: 0.5 });
    expect(Object.keys(replay.trial(0, 2).distributions)).toEqual(['z']);
  });

  it('starts a waiting trial once (its start time and runner), finishes it once with its completion time; values null keep the old', () => {
    const replay = replayOf(rec(0, { study_name: 'a' }), rec(4, { study_id: 0, state: 4 }));
    replay.apply([rec(6, { trial_id: 0, state: 0, values: null, datetime_start: '2026-01-01T00:00:01Z', worker_id: 'first' })]);
    expect(replay.trial(0, 0)).toMatchObject({ state: 0, runner: 'first', startedAt: Date.UTC(2026, 0, 1, 0, 0, 1), completedAt: null, values: null });
    // A second start of a running trial is skipped: the first runner keeps it.
    replay.apply([rec(6, { trial_id: 0, state: 0, datetime_start: '2026-01-01T00:00:09Z', worker_id: 'second' })]);
    expect(replay.trial(0, 0)).toMatchObject({ runner: 'first', startedAt: Date.UTC(2026, 0, 1, 0, 0, 1) });
    replay.apply([rec(6, { trial_id: 0, state: 3, values: null, datetime_complete: '2026-01-01T00:00:03Z' })]);
    expect(replay.trial(0, 0)).toMatchObject({ state: 3, values: null, completedAt: Date.UTC(2026, 0, 1, 0, 0, 3), runner: 'first' });
    replay.apply([rec(6, { trial_id: 0, state: 1, values: [5], datetime_complete: '2026-01-01T00:00:04Z' })]);
    expect(replay.trial(0, 0)).toMatchObject({ state: 3, values: null });
  });

  it('a waiting trial may be set to waiting or finished without being started; a running one keeps its start', () => {
    const replay = replayOf(rec(0, { study_name: 'a' }), rec(4, { study_id: 0, state: 4 }), rec(4, { study_id: 0, datetime_start: '2026-01-01T00:00:00Z' }));
    replay.apply([rec(6, { trial_id: 0, state: 1, values: [2], datetime_complete: '2026-01-01T00:00:05Z' }), rec(6, { trial_id: 1, state: 2, values: [1, 2], datetime_complete: '2026-01-01T00:00:07Z' })]);
    expect(replay.trial(0, 0)).toMatchObject({ state: 1, values: [2], startedAt: null, completedAt: Date.UTC(2026, 0, 1, 0, 0, 5) });
    expect(replay.trial(0, 1)).toMatchObject({ state: 2, values: [1, 2], startedAt: Date.UTC(2026, 0, 1), completedAt: Date.UTC(2026, 0, 1, 0, 0, 7) });
  });
});
