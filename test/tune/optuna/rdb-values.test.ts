// Optuna's representations of single fields: what a row can hold, and what a value outside its
// distribution is told.
import { describe, expect, it } from 'vitest';
import { internalParamValue, optunaDatetime, storedIntermediate, storedValue } from '../../../src/tune/optuna/rdb-values.ts';

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
});
