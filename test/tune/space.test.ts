// Distributions: validation messages, membership, the unit map and grids.
import { describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  contains,
  floatDistribution,
  formatDistribution,
  fromUnit,
  gridSize,
  gridValues,
  intDistribution,
  sameDistribution,
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

describe('formatDistribution, sameDistribution and gridSize', () => {
  it('formats each kind as messages show it, naming log and a step other than an int step of 1', () => {
    expect(formatDistribution(floatDistribution(1e-4, 1, { log: true }))).toBe('float(low=0.0001, high=1, log)');
    expect(formatDistribution(floatDistribution(0, 1, { step: 0.25 }))).toBe('float(low=0, high=1, step=0.25)');
    expect(formatDistribution(intDistribution(1, 64, { log: true }))).toBe('int(low=1, high=64, log)');
    expect(formatDistribution(intDistribution(0, 8, { step: 2 }))).toBe('int(low=0, high=8, step=2)');
    expect(formatDistribution(categoricalDistribution(['relu', 1, null]))).toBe('categorical("relu", 1, null)');
  });

  it('compares every field: bounds, log, step, kind and the choices in order', () => {
    const f = floatDistribution(0, 1);
    expect(sameDistribution(f, floatDistribution(0, 1))).toBe(true);
    expect(sameDistribution(f, floatDistribution(0, 2))).toBe(false);
    expect(sameDistribution(f, floatDistribution(-1, 1))).toBe(false);
    expect(sameDistribution(floatDistribution(0.1, 1), floatDistribution(0.1, 1, { log: true }))).toBe(false);
    expect(sameDistribution(f, floatDistribution(0, 1, { step: 0.5 }))).toBe(false);
    expect(sameDistribution(floatDistribution(0, 1, { step: 0.5 }), floatDistribution(0, 1, { step: 0.25 }))).toBe(false);
    expect(sameDistribution(intDistribution(0, 1), { type: 'float', low: 0, high: 1, log: false, step: 1 })).toBe(false);
    const c = categoricalDistribution(['a', 'b']);
    expect(sameDistribution(c, categoricalDistribution(['a', 'b']))).toBe(true);
    expect(sameDistribution(c, categoricalDistribution(['b', 'a']))).toBe(false);
    expect(sameDistribution(c, categoricalDistribution(['a', 'b', 'c']))).toBe(false);
    expect(sameDistribution(c, intDistribution(0, 1))).toBe(false);
    expect(sameDistribution(intDistribution(0, 1), c)).toBe(false);
  });

  it('counts the values of finite distributions', () => {
    expect(gridSize(intDistribution(0, 10, { step: 5 }))).toBe(3);
    expect(gridSize(floatDistribution(0, 1, { step: 0.1 }))).toBe(11);
    expect(gridSize(categoricalDistribution([true, false, null]))).toBe(3);
    expect(gridSize(floatDistribution(0, 1))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('validation of option types', () => {
  it.each([
    [() => floatDistribution(0, 1, { log: 'yes' as never }), TypeError, 'floatDistribution: log must be a boolean, got "yes"'],
    [() => intDistribution(1, 8, { log: 1 as never }), TypeError, 'intDistribution: log must be a boolean, got 1'],
    [() => intDistribution(1, 8, { log: true, step: 7 }), RangeError, 'intDistribution: step must be 1 when log is true, got step=7'],
    [() => intDistribution(0, 8, { step: 0.5 }), RangeError, 'intDistribution: step must be a positive integer, got 0.5'],
    [() => intDistribution(0, 2 ** 60), TypeError, 'intDistribution: high must be an integer, got 1152921504606847000'],
    [() => floatDistribution(0, 1, { step: Number.POSITIVE_INFINITY }), RangeError, 'floatDistribution: step must be a finite number > 0, got Infinity'],
    [() => categoricalDistribution('ab' as never), TypeError, 'categoricalDistribution: choices must be an array, got "ab"'],
    [() => categoricalDistribution([{}] as never), TypeError, 'categoricalDistribution: choices[0] must be a finite number, string, boolean or null, got Object'],
    [() => validateDistribution(null as never), TypeError, 'distribution must be an object, got null'],
  ])('%#', (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it('rebuilds floats with and without a step, keeping log', () => {
    expect(validateDistribution({ type: 'float', low: 0.5, high: 2, log: true })).toEqual({ type: 'float', low: 0.5, high: 2, log: true });
    expect(validateDistribution({ type: 'float', low: 0, high: 1, log: false, step: 0.5 })).toEqual({ type: 'float', low: 0, high: 1, log: false, step: 0.5 });
    expect(validateDistribution({ type: 'categorical', choices: ['x'] })).toEqual({ type: 'categorical', choices: ['x'] });
    expect(() => validateDistribution({ type: 'float', low: 0, high: 1, log: true })).toThrow('low > 0 must hold when log is true');
  });
});

describe('unit map edges', () => {
  it('a one-point distribution maps to the middle and back', () => {
    expect(toUnit(floatDistribution(2, 2), 2)).toBe(0.5);
    expect(fromUnit(floatDistribution(2, 2), 0.9)).toBe(2);
    expect(toUnit(intDistribution(5, 5), 5)).toBe(0.5);
    expect(fromUnit(intDistribution(5, 5), 0)).toBe(5);
  });

  it('ends of [0, 1] decode to the bounds; ints and stepped floats land on the grid without binary noise', () => {
    const stepped = floatDistribution(0, 0.3, { step: 0.1 });
    expect([0, 0.2, 0.3, 0.6, 0.8, 1].map((u) => fromUnit(stepped, u))).toEqual([0, 0, 0.1, 0.2, 0.3, 0.3]);
    expect(toUnit(stepped, 0.1)).toBeCloseTo(0.375, 12);
    const logInt = intDistribution(1, 100, { log: true });
    expect([fromUnit(logInt, 0), fromUnit(logInt, 1)]).toEqual([1, 100]);
    expect(toUnit(logInt, 1)).toBeCloseTo(Math.log(1 / 0.5) / Math.log(100.5 / 0.5), 12);
    const float = floatDistribution(-2, 2);
    expect([fromUnit(float, 0), fromUnit(float, 0.25), fromUnit(float, 1)]).toEqual([-2, -1, 2]);
    expect(toUnit(float, 1)).toBe(0.75);
    const offGrid = intDistribution(3, 9, { step: 3 });
    expect([0, 0.33, 0.34, 0.99, 1].map((u) => fromUnit(offGrid, u))).toEqual([3, 3, 6, 9, 9]);
    expect(gridValues(floatDistribution(1, 1.3, { step: 0.1 }))).toEqual([1, 1.1, 1.2, 1.3]);
  });

  it('refuses u outside [0, 1] or not a number, and values off the grid', () => {
    for (const u of [-0.01, Number.NaN, '0.5']) expect(() => fromUnit(floatDistribution(0, 1), u as never)).toThrow(`fromUnit: u must be a number in [0, 1], got ${u === '0.5' ? '"0.5"' : u}`);
    expect(() => toUnit(floatDistribution(0, 1, { step: 0.5 }), 0.25)).toThrow('toUnit: value must lie in float(low=0, high=1, step=0.5), got 0.25');
    expect(() => toUnit(categoricalDistribution(['a']), 'b')).toThrow('toUnit: value must lie in categorical("a"), got "b"');
    expect(contains(intDistribution(0, 4, { step: 2 }), 2.0000001)).toBe(false);
    expect(contains(floatDistribution(0, 1, { step: 0.1 }), 0.30000000000000004)).toBe(true);
    expect(contains(floatDistribution(0, 1), Number.POSITIVE_INFINITY)).toBe(false);
    expect(contains(floatDistribution(0, 1), -0.0001)).toBe(false);
  });
});

describe('grids that do not start at 0, and fine or long ones', () => {
  it('checks the step against high - low, not the bounds themselves', () => {
    expect(intDistribution(1, 4, { step: 3 })).toEqual({ type: 'int', low: 1, high: 4, log: false, step: 3 });
    expect(contains(intDistribution(1, 4, { step: 3 }), 4)).toBe(true);
    expect(contains(intDistribution(1, 4, { step: 3 }), 3)).toBe(false);
    expect(floatDistribution(0.1, 0.4, { step: 0.3 })).toEqual({ type: 'float', low: 0.1, high: 0.4, log: false, step: 0.3 });
    expect(contains(floatDistribution(0.1, 0.4, { step: 0.3 }), 0.4)).toBe(true);
    expect(gridSize(floatDistribution(0.1, 0.4, { step: 0.3 }))).toBe(2);
    expect(gridSize(intDistribution(5, 11, { step: 3 }))).toBe(3);
  });

  it('keeps steps far below 1 (no rounding to whole numbers) and tolerates rounding on 10^8-point grids', () => {
    expect(gridValues(floatDistribution(0, 3e-7, { step: 1e-7 }))).toEqual([0, 1e-7, 2e-7, 3e-7]);
    expect(fromUnit(floatDistribution(0, 3e-7, { step: 1e-7 }), 0.4)).toBe(1e-7);
    // (10000000.1 - 0) / 0.1 is 100000000.99999999 in doubles: on the grid within the relative tolerance.
    const long = floatDistribution(0, 10000000.1, { step: 0.1 });
    expect(long.step).toBe(0.1);
    expect(contains(long, 10000000.1)).toBe(true);
    expect(contains(long, 10000000.05)).toBe(false);
  });

  it.each([
    [() => floatDistribution('0' as never, 1), TypeError, 'floatDistribution: low must be a finite number, got "0"'],
    [() => intDistribution(0, '5' as never), TypeError, 'intDistribution: high must be an integer, got "5"'],
    [() => floatDistribution(0, 1, { step: '0.5' as never }), RangeError, 'floatDistribution: step must be a finite number > 0, got "0.5"'],
    [() => intDistribution(0, 10, { step: 0 }), RangeError, 'intDistribution: step must be a positive integer, got 0'],
  ])('%#: refuses', (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});
