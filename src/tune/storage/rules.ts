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
