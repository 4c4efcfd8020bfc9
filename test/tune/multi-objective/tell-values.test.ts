// What an objective's result means for its trial, checked directly: one number per direction or
// a typed error naming the rule; NaN fails, ±Infinity diverges, each naming the value's index when
// there are several. Also the directions and constraint readers samplers and pruners share.
import { describe, expect, it } from 'vitest';
import { checkConstraints, totalViolation, trialConstraints } from '../../../src/tune/multi-objective/constraints.ts';
import { studyDirections } from '../../../src/tune/multi-objective/directions.ts';
import { checkObjectiveResult, objectiveOutcome } from '../../../src/tune/multi-objective/tell-values.ts';

describe('checkObjectiveResult', () => {
  const two = ['minimize', 'maximize'] as const;

  it('passes one number for one direction, and a copy of one number per direction', () => {
    expect(checkObjectiveResult(3, ['minimize'], 'f')).toBe(3);
    const given = [1, Number.NaN];
    const checked = checkObjectiveResult(given, two, 'f') as number[];
    given[0] = 9;
    expect(checked).toEqual([1, Number.NaN]);
    expect(checkObjectiveResult([2], ['maximize'], 'f')).toEqual([2]);
  });

  it('refuses the wrong shape, naming the field, the rule and what it got', () => {
    expect(() => checkObjectiveResult(3, two, 'f')).toThrow(new RangeError('f must be an array of 2 numbers (one per direction: minimize, maximize), got a single number 3'));
    expect(() => checkObjectiveResult('3', ['minimize'], 'f')).toThrow(new TypeError('f must be a number, got "3"'));
    expect(() => checkObjectiveResult(null, two, 'f')).toThrow(new TypeError('f must be an array of 2 numbers, got null'));
    expect(() => checkObjectiveResult([1, 2, 3], two, 'f')).toThrow(new RangeError('f must hold one value per direction (2: minimize, maximize), got 3 values'));
    expect(() => checkObjectiveResult([1, true], two, 'f')).toThrow(new TypeError('f[1] must be a number, got true'));
  });
});

describe('objectiveOutcome', () => {
  it('completes finite values, fails on NaN before diverging on an infinity', () => {
    const values = [1, 2];
    const outcome = objectiveOutcome(values);
    values[0] = 5;
    expect(outcome).toEqual({ state: 'complete', values: [1, 2] });
    expect(objectiveOutcome(0.5)).toEqual({ state: 'complete', values: [0.5] });
    expect(objectiveOutcome(Number.NaN)).toEqual({ state: 'failed', reason: 'objective returned NaN' });
    expect(objectiveOutcome(Number.NEGATIVE_INFINITY)).toEqual({ state: 'diverged', reason: 'objective returned -Infinity' });
    expect(objectiveOutcome([Number.POSITIVE_INFINITY, Number.NaN])).toEqual({ state: 'failed', reason: 'objective returned NaN at values[1]' });
    expect(objectiveOutcome([0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual({ state: 'diverged', reason: 'objective returned Infinity at values[1]' });
  });
});

describe('studyDirections and constraint readers', () => {
  it('reads directions, else the single direction', () => {
    expect(studyDirections({ direction: 'maximize' })).toEqual(['maximize']);
    expect(studyDirections({ direction: 'minimize', directions: ['maximize', 'minimize'] })).toEqual(['maximize', 'minimize']);
  });

  it('reads recorded constraints only when they are an array, and copies what it checks', () => {
    expect(trialConstraints({ systemAttrs: { constraints: [0.5, -1] } })).toEqual([0.5, -1]);
    expect(trialConstraints({ systemAttrs: { constraints: 0.5 } })).toBeUndefined();
    expect(totalViolation({ systemAttrs: { constraints: 0.5 } })).toBe(0);
    expect(totalViolation({ systemAttrs: { constraints: [0.5, -1, 0, 0.25] } })).toBe(0.75);
    const given = [-1, Number.POSITIVE_INFINITY];
    const checked = checkConstraints(given, 'c');
    given[0] = 3;
    expect(checked).toEqual([-1, Number.POSITIVE_INFINITY]);
    expect(() => checkConstraints([1, '2'], 'c')).toThrow(new TypeError('c[1] must be a number (not NaN), got "2"'));
  });
});
