// Checks and messages both storages share, so the conformance suite sees the same behaviour.
import { describeValue } from '../../errors.ts';
import { FINISHED_STATES, type Direction, type FrozenTrial, type TrialState } from '../types.ts';

/** Attribute values are stored as JSON: this is the copy every storage keeps and returns. */
export function jsonCopy<T>(value: T, field: string): T {
  if (value === undefined) throw new TypeError(`${field} must be JSON-serialisable, got undefined`);
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${field} must be JSON-serialisable, got ${describeValue(value)}`);
  return JSON.parse(text) as T;
}

export function checkStudyName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`createStudy: name must be a non-empty string, got ${describeValue(name)}`);
}

export function checkDirection(direction: unknown): asserts direction is Direction {
  if (direction !== 'minimize' && direction !== 'maximize') {
    throw new TypeError(`createStudy: direction must be "minimize" or "maximize", got ${describeValue(direction)}`);
  }
}

/** A storage's createStudy argument: one direction, or a non-empty array of them (one per objective). */
export function checkDirections(direction: unknown, field = 'createStudy: directions'): Direction[] {
  if (!Array.isArray(direction)) {
    checkDirection(direction);
    return [direction];
  }
  if (direction.length === 0) throw new RangeError(`${field} must be a non-empty array (one direction per objective), got []`);
  direction.forEach((d, i) => {
    if (d !== 'minimize' && d !== 'maximize') throw new TypeError(`${field}[${i}] must be "minimize" or "maximize", got ${describeValue(d)}`);
  });
  return [...(direction as Direction[])];
}

/**
 * finishTrial's value: a number or null (stored as values [value] or null), or one value per
 * objective (value is values[0]; several must be finite, as JSON holds them).
 */
export function finishedValues(value: unknown, field = 'finishTrial: value'): { value: number | null; values: number[] | null } {
  if (!Array.isArray(value)) {
    checkValue(field, value, true);
    return { value: value as number | null, values: value === null ? null : [value as number] };
  }
  if (value.length === 0) throw new RangeError(`${field} must be a non-empty array of values, got []`);
  if (value.length === 1) {
    checkValue(`${field}[0]`, value[0], false);
    return { value: value[0] as number, values: [value[0] as number] };
  }
  value.forEach((v, i) => {
    if (!(typeof v === 'number' && Number.isFinite(v))) throw new TypeError(`${field}[${i}] must be a finite number, got ${describeValue(v)}`);
  });
  return { value: value[0] as number, values: [...(value as number[])] };
}

/** Stored values read back: several in a JSON column, else the value column alone. */
export function storedValues(value: number | null, valuesJson: string | null | undefined): number[] | null {
  if (valuesJson !== null && valuesJson !== undefined) return JSON.parse(valuesJson) as number[];
  return value === null ? null : [value];
}

/** What a JSON column holds for values: only several values need it (one is the value column). */
export function valuesColumn(values: readonly number[] | null): string | null {
  return values !== null && values.length > 1 ? JSON.stringify(values) : null;
}

/** Stored directions read back: several in a JSON column, else the direction column alone. */
export function storedDirections(direction: Direction, directionsJson: string | null | undefined): Direction[] {
  return directionsJson !== null && directionsJson !== undefined ? (JSON.parse(directionsJson) as Direction[]) : [direction];
}

export function directionsColumn(directions: readonly Direction[]): string | null {
  return directions.length > 1 ? JSON.stringify(directions) : null;
}

export function checkSeed(seed: unknown, field = 'seed'): asserts seed is number {
  if (!Number.isSafeInteger(seed)) throw new TypeError(`${field} must be a safe integer, got ${describeValue(seed)}`);
}

export function duplicateStudy(name: string): Error {
  return new Error(`createStudy: name must be unique, got ${JSON.stringify(name)} (a study with that name exists)`);
}

export function unknownStudy(studyId: number): RangeError {
  return new RangeError(`studyId must name an existing study, got ${describeValue(studyId)}`);
}

export function unknownTrial(studyId: number, trialNumber: number): RangeError {
  return new RangeError(`trialNumber must name a trial of study ${studyId}, got ${describeValue(trialNumber)}`);
}

export function isFinished(state: TrialState): boolean {
  return FINISHED_STATES.includes(state);
}

/** Finished trials never change. */
export function checkMutable(what: string, studyId: number, trialNumber: number, state: TrialState): void {
  if (isFinished(state)) throw new Error(`${what}: trial ${trialNumber} of study ${studyId} must not be finished, got state "${state}"`);
}

export function checkFinishable(studyId: number, trialNumber: number, state: TrialState, to: TrialState): void {
  if (state !== 'running') throw new Error(`finishTrial: trial ${trialNumber} of study ${studyId} must be running, got state "${state}" (asked to become "${to}")`);
  if (!isFinished(to)) throw new TypeError(`finishTrial: state must be one of ${FINISHED_STATES.join(', ')}, got ${describeValue(to)}`);
}

export function checkStep(step: unknown): asserts step is number {
  if (!(Number.isSafeInteger(step) && (step as number) >= 0)) throw new RangeError(`reportIntermediate: step must be a non-negative integer, got ${describeValue(step)}`);
}

export function checkValue(field: string, value: unknown, allowNull: boolean): void {
  if (allowNull && value === null) return;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${field} must be a number${allowNull ? ' or null' : ''} (not NaN), got ${describeValue(value)}`);
}

export function paramAlreadySet(studyId: number, trialNumber: number, name: string): Error {
  return new Error(`setParam: parameter ${JSON.stringify(name)} of trial ${trialNumber} in study ${studyId} must be set once, got a second value`);
}

const STATES: readonly TrialState[] = ['waiting', 'running', 'complete', 'pruned', 'failed', 'diverged'];

/** An imported trial: the next number, a known state, numbers where numbers belong. */
export function checkImportedTrial(trial: FrozenTrial, next: number): void {
  if (trial === null || typeof trial !== 'object') throw new TypeError(`importTrial: trial must be an object, got ${describeValue(trial)}`);
  if (trial.number !== next) throw new RangeError(`importTrial: trial number must be the study's next (${next}), got ${describeValue(trial.number)}`);
  if (!STATES.includes(trial.state)) throw new TypeError(`importTrial: state of trial ${next} must be one of ${STATES.join(', ')}, got ${describeValue(trial.state)}`);
  checkValue(`importTrial: value of trial ${next}`, trial.value, true);
  checkImportedValues(trial, next);
  checkSeed(trial.seed, `importTrial: seed of trial ${next}`);
  for (const key of ['startedAt', 'completedAt'] as const) {
    const at = trial[key];
    if (at !== null && !Number.isSafeInteger(at)) throw new TypeError(`importTrial: ${key} of trial ${next} must be null or integer ms, got ${describeValue(at)}`);
  }
  for (const [step, value] of Object.entries(trial.intermediate)) {
    checkStep(Number(step));
    checkValue(`importTrial: intermediate value of trial ${next} at step ${step}`, value, false);
  }
  for (const name of Object.keys(trial.distributions)) {
    if (!Object.hasOwn(trial.params, name)) throw new RangeError(`importTrial: distribution "${name}" of trial ${next} must have a param value, got none`);
  }
}

/** getTrialsFrom's arguments: trial numbers are non-negative integers. */
export function checkTrialsFrom(from: unknown, numbers: unknown): void {
  if (!(Number.isSafeInteger(from) && (from as number) >= 0)) throw new RangeError(`getTrialsFrom: from must be a non-negative integer, got ${describeValue(from)}`);
  if (!Array.isArray(numbers)) throw new TypeError(`getTrialsFrom: numbers must be an array of trial numbers, got ${describeValue(numbers)}`);
  for (const [i, n] of numbers.entries()) {
    if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`getTrialsFrom: numbers[${i}] must be a non-negative integer, got ${describeValue(n)}`);
  }
}

/** An imported trial's values: absent or null, or an array whose first is its value. */
function checkImportedValues(trial: FrozenTrial, next: number): void {
  const values = (trial as { values?: unknown }).values;
  if (values === undefined || values === null) return;
  const { value } = finishedValues(values, `importTrial: values of trial ${next}`);
  if (!Object.is(value, trial.value)) throw new RangeError(`importTrial: values[0] of trial ${next} must equal its value (${trial.value}), got ${value}`);
}

/** The values an imported trial is stored with (a trial from an older export has value only). */
export function importedValues(trial: FrozenTrial): number[] | null {
  const values = (trial as { values?: number[] | null }).values;
  return values === undefined || values === null ? (trial.value === null ? null : [trial.value]) : [...values];
}
