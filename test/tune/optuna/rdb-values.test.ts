// Optuna's representations of single fields: what a row can hold, and what a value outside its
// distribution is told.
import { describe, expect, it } from 'vitest';
import { distributionJson, internalParamValue, OPTUNA_STATES, optunaDatetime, optunaDirection, storedIntermediate, storedValue } from '../../../src/tune/optuna/rdb-values.ts';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../../src/tune/space.ts';

describe('Optuna RDB values', () => {
  it('stores ±Infinity as a type with no value, and NaN only among intermediate values', () => {
    expect(storedValue(Number.NEGATIVE_INFINITY)).toEqual([null, 'INF_NEG']);
    expect(storedValue(-0.5)).toEqual([-0.5, 'FINITE']);
    expect(storedIntermediate(Number.NaN)).toEqual([null, 'NAN']);
    expect(storedIntermediate(Number.POSITIVE_INFINITY)).toEqual([null, 'INF_POS']);
  });

  it('finds a categorical choice by identity, and names a value that is none of them', () => {
    const d = { type: 'categorical', choices: [0, '0', false, null] } as const;
    expect([0, '0', false, null].map((v) => internalParamValue('c', d, v))).toEqual([0, 1, 2, 3]);
    expect(() => internalParamValue('c', d, 'zero')).toThrow(new RangeError('exportOptunaRdb: params.c must be one of its distribution\'s choices, got "zero"'));
    expect(() => internalParamValue('lr', { type: 'float', low: 0, high: 1, log: false }, 'x')).toThrow(new TypeError('exportOptunaRdb: params.lr must be a number for a float distribution, got "x"'));
  });

  it('writes local time with microseconds, as SQLAlchemy stores the naive datetime.now() Optuna stamps', () => {
    const ms = new Date(2026, 11, 3, 9, 5, 7, 42).getTime();
    expect(optunaDatetime(ms)).toBe('2026-12-03 09:05:07.042000');
    expect(optunaDatetime(null)).toBeNull();
  });

  it('maps every state, diverged to FAIL, and both directions', () => {
    expect(OPTUNA_STATES).toEqual({ waiting: 'WAITING', running: 'RUNNING', complete: 'COMPLETE', pruned: 'PRUNED', failed: 'FAIL', diverged: 'FAIL' });
    expect([optunaDirection('minimize'), optunaDirection('maximize')]).toEqual(['MINIMIZE', 'MAXIMIZE']);
  });

  it("writes distributions in Optuna's JSON, field order included", () => {
    expect(distributionJson(floatDistribution(1e-4, 1, { log: true }))).toBe('{"name":"FloatDistribution","attributes":{"step":null,"low":0.0001,"high":1,"log":true}}');
    expect(distributionJson(floatDistribution(0, 1, { step: 0.25 }))).toBe('{"name":"FloatDistribution","attributes":{"step":0.25,"low":0,"high":1,"log":false}}');
    expect(distributionJson(intDistribution(2, 10, { step: 2 }))).toBe('{"name":"IntDistribution","attributes":{"log":false,"step":2,"low":2,"high":10}}');
    expect(distributionJson(categoricalDistribution(['relu', 1, null, true]))).toBe('{"name":"CategoricalDistribution","attributes":{"choices":["relu",1,null,true]}}');
  });

  it('stores numbers of int and float distributions as themselves, and +Infinity as INF_POS', () => {
    expect(internalParamValue('n', intDistribution(0, 9), 7)).toBe(7);
    expect(internalParamValue('x', floatDistribution(0, 1), 0.25)).toBe(0.25);
    expect(() => internalParamValue('n', intDistribution(0, 9), null)).toThrow('exportOptunaRdb: params.n must be a number for a int distribution, got null');
    expect(storedValue(Number.POSITIVE_INFINITY)).toEqual([null, 'INF_POS']);
    expect(storedIntermediate(Number.NEGATIVE_INFINITY)).toEqual([null, 'INF_NEG']);
    expect(storedIntermediate(0.75)).toEqual([0.75, 'FINITE']);
  });

  it('pads every datetime field', () => {
    expect(optunaDatetime(new Date(2027, 0, 2, 3, 4, 5, 6).getTime())).toBe('2027-01-02 03:04:05.006000');
    expect(optunaDatetime(new Date(2027, 9, 12, 13, 14, 15, 160).getTime())).toBe('2027-10-12 13:14:15.160000');
  });
});
