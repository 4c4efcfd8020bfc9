// Optuna 3.1's journal log format (optuna/storages/_journal/storage.py): one JSON object a line,
// {"op_code": N, "worker_id": "...", ...fields}, replayed in file order. This file names the op
// codes and Optuna's enums, and maps distributions, parameter values and datetimes between
// Optuna's representation and ours. What Optuna has no field for (a study's seed, a trial's
// seed, heartbeats, the owning process, the diverged state) travels as system attrs whose keys
// start with "hyperprop:", so Optuna still reads the study and shows them as attrs.
import { describeValue } from '../../../errors.ts';
import type { Direction, Distribution, ParamValue, TrialState } from '../../types.ts';

export const OP = {
  createStudy: 0,
  deleteStudy: 1,
  setStudyUserAttr: 2,
  setStudySystemAttr: 3,
  createTrial: 4,
  setTrialParam: 5,
  setTrialStateValues: 6,
  setTrialIntermediateValue: 7,
  setTrialUserAttr: 8,
  setTrialSystemAttr: 9,
} as const;

/** optuna.trial.TrialState. */
export const OPTUNA_STATE = { running: 0, complete: 1, pruned: 2, fail: 3, waiting: 4 } as const;
export type OptunaState = (typeof OPTUNA_STATE)[keyof typeof OPTUNA_STATE];

export function isFinishedState(state: OptunaState): boolean {
  return state === OPTUNA_STATE.complete || state === OPTUNA_STATE.pruned || state === OPTUNA_STATE.fail;
}

/** Our states; diverged is Optuna's FAIL with HYPERPROP_KEYS.state = "diverged". */
export function optunaState(state: TrialState): OptunaState {
  switch (state) {
    case 'running':
      return OPTUNA_STATE.running;
    case 'complete':
      return OPTUNA_STATE.complete;
    case 'pruned':
      return OPTUNA_STATE.pruned;
    case 'waiting':
      return OPTUNA_STATE.waiting;
    case 'failed':
    case 'diverged':
      return OPTUNA_STATE.fail;
  }
}

export function trialState(state: OptunaState, diverged: boolean): TrialState {
  return (['running', 'complete', 'pruned', diverged ? 'diverged' : 'failed', 'waiting'] as const)[state];
}

/** optuna.study.StudyDirection (0 is NOT_SET, which we read as minimize). */
const OPTUNA_DIRECTION_CODES: Record<Direction, number> = { minimize: 1, maximize: 2 };

export function optunaDirection(direction: Direction): number {
  return OPTUNA_DIRECTION_CODES[direction];
}

export function direction(code: unknown): Direction {
  return code === 2 ? 'maximize' : 'minimize';
}

/** System attr keys for what Optuna keeps no field of; a key with this prefix is never a user's. */
export const HYPERPROP_PREFIX = 'hyperprop:';
export const HYPERPROP_KEYS = {
  /** On a study and on a trial: its seed. */
  seed: 'hyperprop:seed',
  /** On a study: when it was created, ms since the epoch. */
  createdAt: 'hyperprop:created_at',
  /** On a trial: the last heartbeat, ms since the epoch. */
  heartbeat: 'hyperprop:heartbeat',
  /** On a trial: { host, pid } of the process that started running it. */
  owner: 'hyperprop:owner',
  /** On a failed trial: "diverged" when it was our diverged state. */
  state: 'hyperprop:state',
  /** On a trial: parameters given without a distribution (createTrial), which Optuna's params cannot hold. */
  params: 'hyperprop:params',
} as const;

/** Worker ids of our writers start with this, so a replay knows which trials hyperprop runs. */
export const WORKER_PREFIX = 'hyperprop-';

interface OptunaDistributionJson {
  name: string;
  attributes: Record<string, unknown>;
}

/** distribution_to_json: a JSON string inside the record, as Optuna writes it. */
export function distributionToJson(d: Distribution): string {
  switch (d.type) {
    case 'float':
      return JSON.stringify({ name: 'FloatDistribution', attributes: { step: d.step ?? null, low: d.low, high: d.high, log: d.log } });
    case 'int':
      return JSON.stringify({ name: 'IntDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
    case 'categorical':
      return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: d.choices } });
  }
}

/** A distribution read back, with Optuna's class name (its compatibility rule compares classes). */
export interface ReadDistribution {
  distribution: Distribution;
  className: string;
}

/** json_to_distribution, for every class Optuna 3.1 writes (the deprecated ones included). */
export function distributionFromJson(text: unknown): ReadDistribution {
  if (typeof text !== 'string') throw new TypeError(`distribution must be a JSON string, got ${describeValue(text)}`);
  const json = JSON.parse(text) as OptunaDistributionJson;
  const a = json.attributes ?? {};
  const num = (key: string): number => {
    if (typeof a[key] !== 'number') throw new TypeError(`distribution ${json.name}: ${key} must be a number, got ${describeValue(a[key])}`);
    return a[key] as number;
  };
  const log = a['log'] === true;
  const step = typeof a['step'] === 'number' ? a['step'] : undefined;
  const className = json.name;
  switch (className) {
    case 'FloatDistribution':
      return { className, distribution: step === undefined ? { type: 'float', low: num('low'), high: num('high'), log } : { type: 'float', low: num('low'), high: num('high'), log, step } };
    case 'UniformDistribution':
      return { className, distribution: { type: 'float', low: num('low'), high: num('high'), log: false } };
    case 'LogUniformDistribution':
      return { className, distribution: { type: 'float', low: num('low'), high: num('high'), log: true } };
    case 'DiscreteUniformDistribution':
      return { className, distribution: { type: 'float', low: num('low'), high: num('high'), log: false, step: num('q') } };
    case 'IntDistribution':
      return { className, distribution: { type: 'int', low: num('low'), high: num('high'), log, step: step ?? 1 } };
    case 'IntUniformDistribution':
      return { className, distribution: { type: 'int', low: num('low'), high: num('high'), log: false, step: step ?? 1 } };
    case 'IntLogUniformDistribution':
      return { className, distribution: { type: 'int', low: num('low'), high: num('high'), log: true, step: step ?? 1 } };
    case 'CategoricalDistribution':
      if (!Array.isArray(a['choices'])) throw new TypeError(`distribution CategoricalDistribution: choices must be an array, got ${describeValue(a['choices'])}`);
      return { className, distribution: { type: 'categorical', choices: a['choices'] as ParamValue[] } };
    default:
      throw new TypeError(`distribution name must be one of Optuna's distribution classes, got ${describeValue(className)}`);
  }
}

/** Python's ==, as Optuna compares categorical choices (True == 1 == 1.0). */
export function pythonEqual(a: ParamValue, b: ParamValue): boolean {
  const numeric = (v: ParamValue): boolean => typeof v === 'number' || typeof v === 'boolean';
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  return a === b;
}

/**
 * check_distribution_compatibility: the same class, the same log flag, and for a categorical
 * the same choices. Optuna's replay drops a parameter that breaks it.
 */
export function compatible(old: ReadDistribution, next: ReadDistribution): boolean {
  if (old.className !== next.className) return false;
  const [a, b] = [old.distribution, next.distribution];
  if (a.type === 'categorical' || b.type === 'categorical') {
    if (a.type !== 'categorical' || b.type !== 'categorical') return false;
    return a.choices.length === b.choices.length && a.choices.every((c, i) => pythonEqual(c, b.choices[i]!));
  }
  return a.log === b.log;
}

/** to_internal_repr: a categorical value is stored as its index among the choices. */
export function internalValue(d: Distribution, value: ParamValue, field: string): number {
  if (d.type === 'categorical') {
    const index = d.choices.findIndex((c) => pythonEqual(c, value));
    if (index < 0) throw new RangeError(`${field} must be one of the distribution's choices, got ${describeValue(value)}`);
    return index;
  }
  if (typeof value !== 'number') throw new TypeError(`${field} must be a number for a ${d.type} distribution, got ${describeValue(value)}`);
  return value;
}

/** to_external_repr. */
export function externalValue(d: Distribution, internal: unknown): ParamValue {
  if (typeof internal !== 'number') throw new TypeError(`param_value_internal must be a number, got ${describeValue(internal)}`);
  if (d.type === 'categorical') {
    const choice = d.choices[Math.trunc(internal)];
    if (choice === undefined) throw new RangeError(`param_value_internal must index the choices (0 to ${d.choices.length - 1}), got ${internal}`);
    return choice;
  }
  return d.type === 'int' ? Math.trunc(internal) : internal;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** datetime.now().isoformat(timespec="microseconds"): local time without an offset, as Optuna writes it. */
export function isoLocal(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** datetime.fromisoformat, to ms since the epoch (a time without an offset is local, as Python reads it). */
export function parseIso(text: unknown): number {
  const m = typeof text === 'string' ? ISO.exec(text) : null;
  if (m === null) throw new TypeError(`datetime must be an ISO 8601 date and time, got ${describeValue(text)}`);
  const [y, mo, d, h, mi, s, frac, zone] = [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7] ?? '0', m[8]];
  const ms = Math.floor(Number(frac.padEnd(6, '0')) / 1000);
  if (zone === undefined) return new Date(y, mo, d, h, mi, s, ms).getTime();
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return Date.UTC(y, mo, d, h, mi, s, ms) - offset * 60_000;
}
