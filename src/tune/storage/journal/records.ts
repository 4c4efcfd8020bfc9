// The records hyperprop appends, built as Optuna's JournalStorage builds them (field names, a
// CREATE_TRIAL that carries a whole trial, datetimes in its format), and the reading of a
// replayed trial as our FrozenTrial.
import { trialSeed } from '../../seeds.ts';
import type { FrozenTrial, ParamValue, StudyRecord, TrialState } from '../../types.ts';
import type { TrialOwner } from '../trial-owner.ts';
import type { JournalRecord } from './file-log.ts';
import { distributionToJson, HYPERPROP_KEYS, HYPERPROP_PREFIX, internalValue, isoLocal, OP, OPTUNA_STATE, optunaState, trialState } from './log-format.ts';
import type { JournalStudy, JournalTrial } from './replay.ts';
import { copyAttrs } from '../../copy-trial.ts';

type Fields = Record<string, unknown>;

/** What createTrial, a retry or an import writes of a new trial. */
export interface NewTrial {
  state: TrialState;
  seed: number;
  params: Record<string, ParamValue>;
  distributions: FrozenTrial['distributions'];
  values: number[] | null;
  intermediate: Record<number, number>;
  startedAt: number | null;
  completedAt: number | null;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  /** Stamped on a trial that starts running here. */
  owner?: TrialOwner;
}

export function createTrialRecord(workerId: string, studyId: number, t: NewTrial): JournalRecord {
  const distributions: Fields = {};
  const params: Fields = {};
  // Optuna's params must each have a distribution; the others wait in a system attr for setParam.
  const pending: Fields = {};
  for (const [name, value] of Object.entries(t.params)) {
    const d = t.distributions[name];
    if (d === undefined) pending[name] = value;
    else {
      distributions[name] = distributionToJson(d);
      params[name] = internalValue(d, value, `params.${name}`);
    }
  }
  const systemAttrs: Fields = { ...t.systemAttrs, [HYPERPROP_KEYS.seed]: t.seed };
  if (Object.keys(pending).length > 0) systemAttrs[HYPERPROP_KEYS.params] = pending;
  if (t.state === 'diverged') systemAttrs[HYPERPROP_KEYS.state] = 'diverged';
  if (t.owner !== undefined) systemAttrs[HYPERPROP_KEYS.owner] = t.owner;
  const several = t.values !== null && t.values.length > 1;
  const record: JournalRecord = {
    op_code: OP.createTrial,
    worker_id: workerId,
    study_id: studyId,
    datetime_start: t.startedAt === null ? null : isoLocal(t.startedAt),
    state: optunaState(t.state),
    // Optuna's FrozenTrial takes value or values, never both.
    value: several ? null : (t.values?.[0] ?? null),
    values: several ? t.values : null,
    distributions,
    params,
    user_attrs: t.userAttrs,
    system_attrs: systemAttrs,
    intermediate_values: t.intermediate,
  };
  // Optuna parses datetime_complete whenever the key is there.
  if (t.completedAt !== null) record['datetime_complete'] = isoLocal(t.completedAt);
  return record;
}

export function trialRecord(workerId: string, op: number, trialId: number, fields: Fields): JournalRecord {
  return { op_code: op, worker_id: workerId, trial_id: trialId, ...fields };
}

export function systemAttrRecord(workerId: string, trialId: number, key: string, value: unknown): JournalRecord {
  return trialRecord(workerId, OP.setTrialSystemAttr, trialId, { system_attr: { [key]: value } });
}

export function startRecords(workerId: string, trialId: number, now: number, owner: TrialOwner): JournalRecord[] {
  return [
    trialRecord(workerId, OP.setTrialStateValues, trialId, { state: OPTUNA_STATE.running, values: null, datetime_start: isoLocal(now) }),
    systemAttrRecord(workerId, trialId, HYPERPROP_KEYS.owner, owner),
  ];
}

export function finishRecords(workerId: string, trialId: number, state: Exclude<TrialState, 'waiting' | 'running'>, values: number[] | null, now: number): JournalRecord[] {
  // Attrs first: a finished trial takes no more changes.
  const marker = state === 'diverged' ? [systemAttrRecord(workerId, trialId, HYPERPROP_KEYS.state, 'diverged')] : [];
  return [...marker, trialRecord(workerId, OP.setTrialStateValues, trialId, { state: optunaState(state), values, datetime_complete: isoLocal(now) })];
}

export function isDiverged(t: JournalTrial): boolean {
  return t.systemAttrs[HYPERPROP_KEYS.state] === 'diverged';
}

export function stateOf(t: JournalTrial): TrialState {
  return trialState(t.state, isDiverged(t));
}

/** A replayed trial as a FrozenTrial of ours (a copy); a trial Optuna wrote gets the seed its number derives. */
export function frozenTrial(t: JournalTrial, studySeed: number): FrozenTrial {
  const sys = t.systemAttrs;
  const pending = sys[HYPERPROP_KEYS.params];
  const systemAttrs: Fields = {};
  for (const [key, value] of Object.entries(sys)) if (!key.startsWith(HYPERPROP_PREFIX)) systemAttrs[key] = value;
  const distributions: FrozenTrial['distributions'] = {};
  for (const [name, { distribution: d }] of Object.entries(t.distributions)) distributions[name] = d.type === 'categorical' ? { type: d.type, choices: [...d.choices] } : { ...d };
  const seed = sys[HYPERPROP_KEYS.seed];
  // Copied field by field (params and values are flat); attrs may nest, so they are cloned.
  return {
    number: t.number,
    state: stateOf(t),
    params: { ...(pending !== null && typeof pending === 'object' ? (pending as Record<string, ParamValue>) : {}), ...t.params },
    distributions,
    value: t.values?.[0] ?? null,
    values: t.values === null ? null : [...t.values],
    intermediate: { ...t.intermediate },
    seed: typeof seed === 'number' ? seed : trialSeed(studySeed, t.number),
    startedAt: t.startedAt,
    completedAt: t.completedAt,
    userAttrs: copyAttrs(t.userAttrs),
    systemAttrs: copyAttrs(systemAttrs),
  };
}

/** A study Optuna created has no seed of ours: 0. */
export function studySeed(study: JournalStudy): number {
  const seed = study.systemAttrs[HYPERPROP_KEYS.seed];
  return typeof seed === 'number' ? seed : 0;
}

/** A study Optuna created has no creation time of ours: 0. */
export function studyRecord(study: JournalStudy): StudyRecord {
  const createdAt = study.systemAttrs[HYPERPROP_KEYS.createdAt];
  return {
    id: study.id,
    name: study.name,
    direction: study.directions[0]!,
    directions: [...study.directions],
    seed: studySeed(study),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    userAttrs: structuredClone(study.userAttrs),
  };
}

/** Keys starting with "hyperprop:" carry the journal's own fields. */
export function checkSystemAttrs(attrs: Record<string, unknown>, field: string): Record<string, unknown> {
  for (const key of Object.keys(attrs)) {
    if (key.startsWith(HYPERPROP_PREFIX)) throw new RangeError(`${field} must not start with "${HYPERPROP_PREFIX}" (the journal keeps its own fields there), got ${JSON.stringify(key)}`);
  }
  return attrs;
}
