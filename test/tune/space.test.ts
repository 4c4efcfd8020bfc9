// Distributions: validation messages, membership, the unit map and grids.
import { describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  contains,
  floatDistribution,
  fromUnit,
  gridValues,
  intDistribution,
  toUnit,
  validateDistribution,
} from '../../src/tune/space.ts';
import type { Distribution } from '../../src/tune/types.ts';

describe('distribution validation', () => {
  it.each([
    [() => floatDistribution(3, 1), 'floatDistribution: low <= high must hold, got low=3, high=1'],
    [() => intDistribution(3, 1), 'intDistribution: low <= high must hold, got low=3, high=1'],
    [() => floatDistribution(Number.NaN, 1), 'floatDistribution: low must be a finite number, got NaN'],
    [() => floatDistribution(0, Number.POSITIVE_INFINITY), 'floatDistribution: high must be a finite number, got Infinity'],
    [() => floatDistribution(0, 1, { log: true }), 'floatDistribution: low > 0 must hold when log is true, got low=0'],
    [() => floatDistribution(0, 1, { step: 0 }), 'floatDistribution: step must be a finite number > 0, got 0'],
    [() => floatDistribution(0, 1, { step: 0.3 }), '(high - low) must be a multiple of step, got low=0, high=1, step=0.3'],
    [() => floatDistribution(1, 10, { step: 1, log: true }), 'step and log cannot both be set'],
    [() => intDistribution(0.5, 3), 'intDistribution: low must be an integer, got 0.5'],
    [() => intDistribution(0, 10, { step: 3 }), 'intDistribution: (high - low) must be a multiple of step, got low=0, high=10, step=3'],
    [() => intDistribution(0, 10, { step: -2 }), 'intDistribution: step must be a positive integer, got -2'],
    [() => intDistribution(0, 10, { log: true }), 'intDistribution: low >= 1 must hold when log is true, got low=0'],
    [() => categoricalDistribution([]), 'categoricalDistribution: choices must not be empty, got []'],
    [() => categoricalDistribution(['a', 'a']), 'choices must be distinct, got "a" twice'],
    [() => categoricalDistribution([1, Number.NaN]), 'choices[1] must be a finite number, string, boolean or null, got NaN'],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(message);
  });

  it('accepts valid ones, with float steps like 0.1 despite binary rounding', () => {
    expect(floatDistribution(0, 1, { step: 0.1 })).toEqual({ type: 'float', low: 0, high: 1, log: false, step: 0.1 });
    expect(intDistribution(1, 1000, { log: true })).toEqual({ type: 'int', low: 1, high: 1000, log: true, step: 1 });
    expect(floatDistribution(2, 2)).toEqual({ type: 'float', low: 2, high: 2, log: false });
    expect(validateDistribution({ type: 'int', low: 0, high: 8, log: false, step: 2 })).toEqual(intDistribution(0, 8, { step: 2 }));
    expect(() => validateDistribution({ type: 'bogus' } as unknown as Distribution)).toThrow('distribution.type must be');
  });
});

describe('contains, toUnit and fromUnit', () => {
  const cases: [string, Distribution, unknown[], unknown[]][] = [
    ['float', floatDistribution(-1, 1), [-1, 0, 0.3, 1], [1.01, 'a', Number.NaN]],
    ['log float', floatDistribution(1e-4, 1, { log: true }), [1e-4, 0.01, 1], [0, 2]],
    ['stepped float', floatDistribution(0, 1, { step: 0.1 }), [0, 0.3, 0.7, 1], [0.05, 1.1]],
    ['int', intDistribution(2, 12, { step: 2 }), [2, 4, 12], [3, 13, 4.5]],
    ['log int', intDistribution(1, 100, { log: true }), [1, 7, 100], [0, 101]],
    ['categorical', categoricalDistribution(['relu', 1, true, null]), ['relu', 1, true, null], ['tanh', 0, false]],
  ];

  it.each(cases)('%s: membership', (_label, d, inside, outside) => {
    for (const v of inside) expect(contains(d, v)).toBe(true);
    for (const v of outside) expect(contains(d, v)).toBe(false);
  });

  it.each(cases)('%s: fromUnit stays inside and round-trips values through toUnit', (_label, d, inside) => {
    for (let k = 0; k <= 100; k++) expect(contains(d, fromUnit(d, k / 100))).toBe(true);
    for (const v of inside) {
      const u = toUnit(d, v as never);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThanOrEqual(1);
      if (d.type === 'float' && d.step === undefined) expect(fromUnit(d, u)).toBeCloseTo(v as number, 10);
      else expect(fromUnit(d, u)).toBe(v);
    }
  });

  it('maps log scales in log space and gives every int an equal slice', () => {
    const log = floatDistribution(1e-4, 1, { log: true });
    expect(toUnit(log, 1e-2)).toBeCloseTo(0.5, 12);
    expect(fromUnit(log, 0.25)).toBeCloseTo(1e-3, 12);
    const ints = intDistribution(0, 3);
    expect([0.1, 0.3, 0.6, 0.9].map((u) => fromUnit(ints, u))).toEqual([0, 1, 2, 3]);
    expect(toUnit(ints, 0)).toBeCloseTo(0.125, 12);
    const cat = categoricalDistribution(['a', 'b']);
    expect([fromUnit(cat, 0), fromUnit(cat, 0.49), fromUnit(cat, 0.5), fromUnit(cat, 1)]).toEqual(['a', 'a', 'b', 'b']);
  });

  it('names the problem in errors', () => {
    expect(() => toUnit(intDistribution(0, 3), 7)).toThrow('toUnit: value must lie in int(low=0, high=3), got 7');
    expect(() => fromUnit(intDistribution(0, 3), 1.5)).toThrow('fromUnit: u must be a number in [0, 1], got 1.5');
  });
});

describe('gridValues', () => {
  it('lists finite distributions and refuses continuous floats', () => {
    expect(gridValues(intDistribution(0, 10, { step: 5 }))).toEqual([0, 5, 10]);
    expect(gridValues(floatDistribution(0, 0.5, { step: 0.1 }))).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(gridValues(categoricalDistribution(['a', false]))).toEqual(['a', false]);
    expect(() => gridValues(floatDistribution(0, 1))).toThrow('gridValues: distribution must be finite (int, stepped float or categorical), got float(low=0, high=1)');
  });
});
