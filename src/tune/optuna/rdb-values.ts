// How one of our trials' fields reads in Optuna's RDB rows: states, distributions (Optuna's JSON
// distribution format), parameter values in Optuna's internal representation (a categorical by
// the index of its choice), objective and intermediate values with their value types, datetimes.
import { describeValue } from '../../errors.ts';
import type { Direction, Distribution, ParamValue, TrialState } from '../types.ts';

export type OptunaState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';

/** diverged has no Optuna state: it becomes FAIL, and the exporter records why in a user attr. */
export const OPTUNA_STATES: Record<TrialState, OptunaState> = {
  waiting: 'WAITING',
  running: 'RUNNING',
  complete: 'COMPLETE',
  pruned: 'PRUNED',
  failed: 'FAIL',
  diverged: 'FAIL',
};

export function optunaDirection(direction: Direction): 'MINIMIZE' | 'MAXIMIZE' {
  return direction === 'maximize' ? 'MAXIMIZE' : 'MINIMIZE';
}

/** distributions.distribution_to_json: {"name": "FloatDistribution", "attributes": {…}}. */
export function distributionJson(d: Distribution): string {
  switch (d.type) {
    case 'float':
      return JSON.stringify({ name: 'FloatDistribution', attributes: { step: d.step ?? null, low: d.low, high: d.high, log: d.log } });
    case 'int':
      return JSON.stringify({ name: 'IntDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
    case 'categorical':
      return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: d.choices } });
  }
}

/** Optuna stores a categorical by the index of its choice, a number as itself. */
export function internalParamValue(name: string, d: Distribution, value: ParamValue): number {
  if (d.type === 'categorical') {
    const index = d.choices.findIndex((choice) => Object.is(choice, value));
    if (index < 0) throw new RangeError(`exportOptunaRdb: params.${name} must be one of its distribution's choices, got ${describeValue(value)}`);
    return index;
  }
  if (typeof value !== 'number') throw new TypeError(`exportOptunaRdb: params.${name} must be a number for a ${d.type} distribution, got ${describeValue(value)}`);
  return value;
}

/** TrialValueModel.value_to_stored_repr: ±Infinity are a type with a NULL value (NaN is no objective value). */
export function storedValue(value: number): [number | null, 'FINITE' | 'INF_POS' | 'INF_NEG'] {
  if (value === Number.POSITIVE_INFINITY) return [null, 'INF_POS'];
  if (value === Number.NEGATIVE_INFINITY) return [null, 'INF_NEG'];
  return [value, 'FINITE'];
}

/** TrialIntermediateValueModel.intermediate_value_to_stored_repr: NaN is kept, as the type NAN. */
export function storedIntermediate(value: number): [number | null, 'FINITE' | 'INF_POS' | 'INF_NEG' | 'NAN'] {
  return Number.isNaN(value) ? [null, 'NAN'] : storedValue(value);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * SQLAlchemy's SQLite DateTime text, "2026-12-03 17:26:10.169000", in local time without a zone:
 * Optuna stamps trials with datetime.now(), so its readers take these as local times.
 */
export function optunaDatetime(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`;
}
