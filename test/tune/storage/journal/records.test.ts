// The records hyperprop writes and the reading of replayed trials and studies, checked field by
// field: which of value and values a create_trial carries, where the fields Optuna has no place
// for go, and that what a reader gets back is a copy. The storage tests see these only through
// a round trip, where a field written and read back wrongly in the same way goes unnoticed.
import { describe, expect, it } from 'vitest';
import { trialSeed } from '../../../../src/tune/seeds.ts';
import { floatDistribution } from '../../../../src/tune/space.ts';
import { isoLocal } from '../../../../src/tune/storage/journal/log-format.ts';
import { checkSystemAttrs, createTrialRecord, finishRecords, frozenTrial, startRecords, studyRecord, studySeed, type NewTrial } from '../../../../src/tune/storage/journal/records.ts';
import type { JournalStudy, JournalTrial } from '../../../../src/tune/storage/journal/replay.ts';

const base: NewTrial = { state: 'running', seed: 9, params: {}, distributions: {}, values: null, intermediate: {}, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };

describe('createTrialRecord', () => {
  it('carries one value as value and several as values, never both', () => {
    expect(createTrialRecord('w', 0, { ...base, state: 'complete', values: [0.5] })).toMatchObject({ value: 0.5, values: null, state: 1 });
    expect(createTrialRecord('w', 0, { ...base, state: 'complete', values: [0.5, 2] })).toMatchObject({ value: null, values: [0.5, 2] });
    expect(createTrialRecord('w', 0, { ...base, values: null })).toMatchObject({ value: null, values: null });
    expect(createTrialRecord('w', 0, { ...base, values: [] })).toMatchObject({ value: null, values: null });
  });

  it('puts parameters with a distribution into params (internal values), the rest and our fields into system attrs', () => {
    const record = createTrialRecord('w', 3, {
      ...base,
      state: 'diverged',
      params: { x: 0.5, fixed: 'a' },
      distributions: { x: floatDistribution(0, 1) },
      systemAttrs: { mine: 1 },
      owner: { host: 'h', pid: 7 },
      userAttrs: { u: 2 },
      intermediate: { 1: 0.25 },
    });
    expect(record).toEqual({
      op_code: 4,
      worker_id: 'w',
      study_id: 3,
      datetime_start: null,
      state: 3,
      value: null,
      values: null,
      distributions: { x: JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0, high: 1, log: false } }) },
      params: { x: 0.5 },
      user_attrs: { u: 2 },
      system_attrs: { mine: 1, 'hyperprop:seed': 9, 'hyperprop:params': { fixed: 'a' }, 'hyperprop:state': 'diverged', 'hyperprop:owner': { host: 'h', pid: 7 } },
      intermediate_values: { 1: 0.25 },
    });
  });

  it('names the parameter whose value is not among its choices', () => {
    expect(() => createTrialRecord('w', 0, { ...base, params: { c: 'z' }, distributions: { c: { type: 'categorical', choices: ['a'] } } })).toThrow(
      new RangeError('params.c must be one of the distribution\'s choices, got "z"'),
    );
  });

  it('adds only the seed when there is nothing else, and datetime_complete only for a completed trial', () => {
    const record = createTrialRecord('w', 0, { ...base, state: 'waiting' });
    // toStrictEqual: no owner key at all on a trial that is not started here.
    expect(record['system_attrs']).toStrictEqual({ 'hyperprop:seed': 9 });
    expect(record).not.toHaveProperty('datetime_complete');
    const done = createTrialRecord('w', 0, { ...base, state: 'complete', values: [1], startedAt: 1_000, completedAt: 2_000 });
    expect(done).toMatchObject({ datetime_start: isoLocal(1_000), datetime_complete: isoLocal(2_000) });
  });
});

describe('state records', () => {
  it('starts a trial: running with no values and the start time, then its owner', () => {
    expect(startRecords('w', 4, 5_000, { host: 'h', pid: 1 })).toEqual([
      { op_code: 6, worker_id: 'w', trial_id: 4, state: 0, values: null, datetime_start: isoLocal(5_000) },
      { op_code: 9, worker_id: 'w', trial_id: 4, system_attr: { 'hyperprop:owner': { host: 'h', pid: 1 } } },
    ]);
  });

  it('finishes a trial in one record, a diverged one after its marker', () => {
    expect(finishRecords('w', 2, 'pruned', [1], 5_000)).toEqual([{ op_code: 6, worker_id: 'w', trial_id: 2, state: 2, values: [1], datetime_complete: isoLocal(5_000) }]);
    expect(finishRecords('w', 2, 'diverged', null, 5_000)).toEqual([
      { op_code: 9, worker_id: 'w', trial_id: 2, system_attr: { 'hyperprop:state': 'diverged' } },
      { op_code: 6, worker_id: 'w', trial_id: 2, state: 3, values: null, datetime_complete: isoLocal(5_000) },
    ]);
  });
});

const trial = (over: Partial<JournalTrial>): JournalTrial => ({
  id: 0,
  studyId: 0,
  number: 2,
  state: 1,
  values: [1, 2],
  params: {},
  distributions: {},
  userAttrs: {},
  systemAttrs: {},
  intermediate: {},
  startedAt: 10,
  completedAt: 20,
  runner: null,
  ...over,
});

describe('frozenTrial', () => {
  it("hides our system attrs, merges pending params under Optuna's, and reads the seed (or derives it for a trial Python wrote)", () => {
    const t = trial({
      params: { x: 0.5 },
      distributions: { x: { className: 'FloatDistribution', distribution: floatDistribution(0, 1) } },
      systemAttrs: { 'hyperprop:seed': 77, 'hyperprop:params': { fixed: 'a', x: 9 }, 'hyperprop:state': 'diverged', keep: 1 },
      state: 3,
      values: null,
    });
    expect(frozenTrial(t, 5)).toEqual({
      number: 2,
      state: 'diverged',
      params: { fixed: 'a', x: 0.5 },
      distributions: { x: floatDistribution(0, 1) },
      value: null,
      values: null,
      intermediate: {},
      seed: 77,
      startedAt: 10,
      completedAt: 20,
      userAttrs: {},
      systemAttrs: { keep: 1 },
    });
    expect(frozenTrial(trial({ systemAttrs: { 'hyperprop:seed': '77', 'hyperprop:params': null } }), 5)).toMatchObject({ seed: trialSeed(5, 2), params: {}, value: 1, values: [1, 2], state: 'complete' });
    expect(frozenTrial(trial({ systemAttrs: { 'hyperprop:params': 'x' } }), 5).params).toEqual({});
  });

  it('returns copies: changing the frozen trial changes nothing replayed, nested attrs and categorical choices included', () => {
    const t = trial({
      values: [1],
      intermediate: { 1: 2 },
      userAttrs: { nested: { a: [1] }, flat: 1 },
      systemAttrs: { flat: 2 },
      distributions: { c: { className: 'CategoricalDistribution', distribution: { type: 'categorical', choices: ['a', 'b'] } }, f: { className: 'FloatDistribution', distribution: floatDistribution(0, 1) } },
      params: { c: 'a', f: 0.5 },
    });
    const frozen = frozenTrial(t, 0);
    expect(frozen.distributions['c']).toEqual({ type: 'categorical', choices: ['a', 'b'] });
    frozen.values!.push(3);
    frozen.intermediate[5] = 1;
    (frozen.userAttrs['nested'] as { a: number[] }).a.push(2);
    frozen.userAttrs['flat'] = 9;
    frozen.systemAttrs['flat'] = 9;
    (frozen.distributions['c'] as unknown as { choices: string[] }).choices.push('z');
    (frozen.distributions['f'] as { low: number }).low = -1;
    frozen.params['c'] = 'b';
    expect(t).toMatchObject({ values: [1], intermediate: { 1: 2 }, userAttrs: { nested: { a: [1] }, flat: 1 }, systemAttrs: { flat: 2 }, params: { c: 'a', f: 0.5 } });
    expect(t.distributions['c']!.distribution).toEqual({ type: 'categorical', choices: ['a', 'b'] });
    expect(t.distributions['f']!.distribution).toEqual(floatDistribution(0, 1));
    // Flat attrs are copied too, without a deep clone.
    const flat = trial({ userAttrs: { a: 1 } });
    frozenTrial(flat, 0).userAttrs['a'] = 2;
    expect(flat.userAttrs).toEqual({ a: 1 });
  });
});

describe('studies', () => {
  const study = (systemAttrs: Record<string, unknown>): JournalStudy => ({ id: 4, name: 's', directions: ['maximize', 'minimize'], userAttrs: { u: { v: 1 } }, systemAttrs, trialIds: [] });

  it('reads our seed and creation time, 0 for a study Optuna created (or a value that is no number)', () => {
    expect(studySeed(study({ 'hyperprop:seed': 3 }))).toBe(3);
    expect(studySeed(study({ 'hyperprop:seed': '3' }))).toBe(0);
    expect(studyRecord(study({ 'hyperprop:seed': 3, 'hyperprop:created_at': 1234 }))).toEqual({
      id: 4,
      name: 's',
      direction: 'maximize',
      directions: ['maximize', 'minimize'],
      seed: 3,
      createdAt: 1234,
      userAttrs: { u: { v: 1 } },
    });
    expect(studyRecord(study({ 'hyperprop:created_at': '1234' }))).toMatchObject({ seed: 0, createdAt: 0 });
  });

  it('returns copies of the directions and user attrs', () => {
    const s = study({});
    const record = studyRecord(s);
    record.directions.push('minimize');
    (record.userAttrs['u'] as { v: number }).v = 2;
    expect(s.directions).toEqual(['maximize', 'minimize']);
    expect(s.userAttrs).toEqual({ u: { v: 1 } });
  });
});

describe('checkSystemAttrs', () => {
  it('refuses a key starting with "hyperprop:", naming the field and the key; others pass through as they are', () => {
    const attrs = { 'hyperprop': 1, 'x:hyperprop:': 2 };
    expect(checkSystemAttrs(attrs, 'f')).toBe(attrs);
    expect(() => checkSystemAttrs({ a: 1, 'hyperprop:seed': 1 }, 'createTrial: systemAttrs')).toThrow(
      new RangeError('createTrial: systemAttrs must not start with "hyperprop:" (the journal keeps its own fields there), got "hyperprop:seed"'),
    );
  });
});
