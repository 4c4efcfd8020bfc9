// The mapping between Optuna 3.1's journal fields and ours: states, directions, every
// distribution class Optuna writes (the deprecated ones too, which old journals hold), its
// compatibility rule, categorical values by index with Python's ==, and naive local datetimes.
// The journal storage tests only meet the classes and datetimes hyperprop itself writes.
import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../../../src/tune/space.ts';
import {
  compatible,
  direction,
  distributionFromJson,
  distributionToJson,
  externalValue,
  internalValue,
  isFinishedState,
  isoLocal,
  optunaDirection,
  optunaState,
  parseIso,
  pythonEqual,
  trialState,
  type ReadDistribution,
} from '../../../../src/tune/storage/journal/log-format.ts';

const json = (name: string, attributes: Record<string, unknown>): string => JSON.stringify({ name, attributes });

describe('states and directions', () => {
  it("maps our states to Optuna's codes and back; diverged is FAIL with a marker", () => {
    expect((['running', 'complete', 'pruned', 'failed', 'waiting', 'diverged'] as const).map(optunaState)).toEqual([0, 1, 2, 3, 4, 3]);
    expect([0, 1, 2, 3, 4].map((s) => trialState(s as never, false))).toEqual(['running', 'complete', 'pruned', 'failed', 'waiting']);
    expect(trialState(3, true)).toBe('diverged');
    expect(trialState(1, true)).toBe('complete');
  });

  it('finished means complete, pruned or fail', () => {
    expect([0, 1, 2, 3, 4].map((s) => isFinishedState(s as never))).toEqual([false, true, true, true, false]);
  });

  it("writes directions as Optuna's codes and reads NOT_SET and anything unknown as minimize", () => {
    expect([optunaDirection('minimize'), optunaDirection('maximize')]).toEqual([1, 2]);
    expect([0, 1, 2, '2', null].map(direction)).toEqual(['minimize', 'minimize', 'maximize', 'minimize', 'minimize']);
  });
});

describe('distributions', () => {
  it('writes each kind as Optuna does, a float without a step with step null', () => {
    expect(JSON.parse(distributionToJson(floatDistribution(0, 1, { step: 0.25 })))).toEqual({ name: 'FloatDistribution', attributes: { step: 0.25, low: 0, high: 1, log: false } });
    expect(JSON.parse(distributionToJson(floatDistribution(0.5, 2)))).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: 0.5, high: 2, log: false } });
    expect(JSON.parse(distributionToJson(intDistribution(1, 64, { log: true })))).toEqual({ name: 'IntDistribution', attributes: { log: true, step: 1, low: 1, high: 64 } });
  });

  it('reads every class Optuna 3.1 writes, the deprecated ones included', () => {
    const read = (name: string, attributes: Record<string, unknown>) => distributionFromJson(json(name, attributes));
    // toStrictEqual: a float without a step has no step key at all (not one holding undefined).
    expect(read('FloatDistribution', { step: null, low: 0, high: 1, log: true })).toStrictEqual({ className: 'FloatDistribution', distribution: { type: 'float', low: 0, high: 1, log: true } });
    expect(read('FloatDistribution', { step: 0.5, low: 0, high: 2, log: false })).toEqual({ className: 'FloatDistribution', distribution: { type: 'float', low: 0, high: 2, log: false, step: 0.5 } });
    expect(read('UniformDistribution', { low: -1, high: 1 })).toEqual({ className: 'UniformDistribution', distribution: { type: 'float', low: -1, high: 1, log: false } });
    expect(read('LogUniformDistribution', { low: 1e-3, high: 1 })).toEqual({ className: 'LogUniformDistribution', distribution: { type: 'float', low: 1e-3, high: 1, log: true } });
    expect(read('DiscreteUniformDistribution', { low: 0, high: 1, q: 0.1 })).toEqual({ className: 'DiscreteUniformDistribution', distribution: { type: 'float', low: 0, high: 1, log: false, step: 0.1 } });
    expect(read('IntDistribution', { log: false, step: 3, low: 0, high: 9 })).toEqual({ className: 'IntDistribution', distribution: { type: 'int', low: 0, high: 9, log: false, step: 3 } });
    expect(read('IntDistribution', { log: true, low: 1, high: 8 })).toEqual({ className: 'IntDistribution', distribution: { type: 'int', low: 1, high: 8, log: true, step: 1 } });
    expect(read('IntUniformDistribution', { low: 0, high: 9, step: 2 })).toEqual({ className: 'IntUniformDistribution', distribution: { type: 'int', low: 0, high: 9, log: false, step: 2 } });
    expect(read('IntUniformDistribution', { low: 0, high: 9 })).toEqual({ className: 'IntUniformDistribution', distribution: { type: 'int', low: 0, high: 9, log: false, step: 1 } });
    expect(read('IntLogUniformDistribution', { low: 1, high: 9, step: 1 })).toEqual({ className: 'IntLogUniformDistribution', distribution: { type: 'int', low: 1, high: 9, log: true, step: 1 } });
    expect(read('IntLogUniformDistribution', { low: 1, high: 9 })).toEqual({ className: 'IntLogUniformDistribution', distribution: { type: 'int', low: 1, high: 9, log: true, step: 1 } });
    expect(read('CategoricalDistribution', { choices: ['a', 1, null] })).toEqual({ className: 'CategoricalDistribution', distribution: { type: 'categorical', choices: ['a', 1, null] } });
    // A log flag that is not exactly true is false, as a truthy non-boolean is not Python's True here.
    expect(read('FloatDistribution', { low: 0, high: 1, log: 1 }).distribution).toEqual({ type: 'float', low: 0, high: 1, log: false });
  });

  it('refuses a distribution that is not a JSON string, an unknown class, or a missing bound, naming the field', () => {
    expect(() => distributionFromJson({ name: 'FloatDistribution' })).toThrow(new TypeError('distribution must be a JSON string, got Object'));
    expect(() => distributionFromJson(json('BetaDistribution', {}))).toThrow(new TypeError('distribution name must be one of Optuna\'s distribution classes, got "BetaDistribution"'));
    expect(() => distributionFromJson(JSON.stringify({ name: 'FloatDistribution' }))).toThrow(new TypeError('distribution FloatDistribution: low must be a number, got undefined'));
    expect(() => distributionFromJson(json('IntDistribution', { low: 0, high: '9' }))).toThrow(new TypeError('distribution IntDistribution: high must be a number, got "9"'));
    expect(() => distributionFromJson(json('DiscreteUniformDistribution', { low: 0, high: 1 }))).toThrow(new TypeError('distribution DiscreteUniformDistribution: q must be a number, got undefined'));
    expect(() => distributionFromJson(json('CategoricalDistribution', { choices: 'ab' }))).toThrow(new TypeError('distribution CategoricalDistribution: choices must be an array, got "ab"'));
    expect(() => distributionFromJson(JSON.stringify({ name: 'CategoricalDistribution' }))).toThrow(new TypeError('distribution CategoricalDistribution: choices must be an array, got undefined'));
  });
});

describe("Optuna's compatibility rule and Python's ==", () => {
  const of = (className: string, distribution: ReadDistribution['distribution']): ReadDistribution => ({ className, distribution });

  it('compares numbers and booleans by value, everything else strictly', () => {
    expect(pythonEqual(true, 1)).toBe(true);
    expect(pythonEqual(1, true)).toBe(true);
    expect(pythonEqual(false, 0)).toBe(true);
    expect(pythonEqual(1, 1.0)).toBe(true);
    expect(pythonEqual(true, 2)).toBe(false);
    expect(pythonEqual('1', 1)).toBe(false);
    expect(pythonEqual(1, '1')).toBe(false);
    expect(pythonEqual(null, 0)).toBe(false);
    expect(pythonEqual(null, null)).toBe(true);
    expect(pythonEqual('a', 'a')).toBe(true);
  });

  it('needs the same class and log flag; other bounds are fine', () => {
    expect(compatible(of('FloatDistribution', floatDistribution(0, 1)), of('FloatDistribution', floatDistribution(5, 9)))).toBe(true);
    expect(compatible(of('FloatDistribution', floatDistribution(1, 2)), of('FloatDistribution', floatDistribution(1, 2, { log: true })))).toBe(false);
    expect(compatible(of('FloatDistribution', floatDistribution(0, 1)), of('UniformDistribution', floatDistribution(0, 1)))).toBe(false);
  });

  it('needs the same choices, compared with ==, in the same order, for a categorical', () => {
    const cat = (choices: (string | number | boolean | null)[]) => of('CategoricalDistribution', categoricalDistribution(choices));
    expect(compatible(cat(['a', 1]), cat(['a', true]))).toBe(true);
    expect(compatible(cat(['a', 1]), cat(['a', 2]))).toBe(false);
    expect(compatible(cat(['a', 1]), cat([1, 'a']))).toBe(false);
    expect(compatible(cat(['a']), cat(['a', 'b']))).toBe(false);
    expect(compatible(cat(['a', 'b']), cat(['a']))).toBe(false);
    // A categorical against a number class under one name (a hand-edited journal): never compatible.
    expect(compatible(of('CategoricalDistribution', categoricalDistribution([1])), of('CategoricalDistribution', intDistribution(1, 1)))).toBe(false);
    expect(compatible(of('CategoricalDistribution', intDistribution(1, 1)), of('CategoricalDistribution', categoricalDistribution([1])))).toBe(false);
  });
});

describe('parameter values', () => {
  it('stores a categorical by the index of the first choice equal to it, a number as itself', () => {
    const d = categoricalDistribution(['a', 1, true, null]);
    expect(internalValue(d, 'a', 'f')).toBe(0);
    expect(internalValue(d, true, 'f')).toBe(1);
    expect(internalValue(d, null, 'f')).toBe(3);
    expect(internalValue(floatDistribution(0, 1), 0.25, 'f')).toBe(0.25);
    expect(() => internalValue(d, 'b', 'params.c')).toThrow(new RangeError('params.c must be one of the distribution\'s choices, got "b"'));
    expect(() => internalValue(intDistribution(0, 3), '2', 'params.n')).toThrow(new TypeError('params.n must be a number for a int distribution, got "2"'));
  });

  it('reads an index back as its choice, an int truncated and a float as it is', () => {
    const d = categoricalDistribution(['a', 'b']);
    expect(externalValue(d, 1)).toBe('b');
    expect(externalValue(d, 1.0)).toBe('b');
    expect(externalValue(intDistribution(0, 9), 4.0)).toBe(4);
    expect(externalValue(intDistribution(0, 9), 4.7)).toBe(4);
    expect(externalValue(floatDistribution(0, 9), 4.7)).toBe(4.7);
    expect(() => externalValue(d, 2)).toThrow(new RangeError('param_value_internal must index the choices (0 to 1), got 2'));
    expect(() => externalValue(d, -1)).toThrow(new RangeError('param_value_internal must index the choices (0 to 1), got -1'));
    expect(() => externalValue(d, '1')).toThrow(new TypeError('param_value_internal must be a number, got "1"'));
  });
});

describe('datetimes', () => {
  // Node applies a TZ set at run time; a zone off UTC by a fraction of an hour shows any mix-up.
  // Stryker's workers may not apply it, so every expectation below is made from local fields too.
  it('writes local time with microseconds, zero-padded, and reads it back', () => {
    const ms = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    expect(isoLocal(ms)).toBe('2026-01-02T03:04:05.067000');
    expect(parseIso(isoLocal(ms))).toBe(ms);
    expect(isoLocal(new Date(987, 10, 29, 13, 59, 9, 5).getTime())).toBe('0987-11-29T13:59:09.005000');
  });

  it("reads Python's isoformat variants: a space, no seconds, fewer fraction digits (microseconds cut to ms), and offsets", () => {
    expect(parseIso('2026-03-04 05:06')).toBe(new Date(2026, 2, 4, 5, 6).getTime());
    expect(parseIso('2026-03-04T05:06:07')).toBe(new Date(2026, 2, 4, 5, 6, 7).getTime());
    expect(parseIso('2026-03-04T05:06:07.5')).toBe(new Date(2026, 2, 4, 5, 6, 7, 500).getTime());
    expect(parseIso('2026-03-04T05:06:07.123999')).toBe(new Date(2026, 2, 4, 5, 6, 7, 123).getTime());
    expect(parseIso('2026-03-04T05:06:07.25Z')).toBe(Date.UTC(2026, 2, 4, 5, 6, 7, 250));
    expect(parseIso('2026-03-04T05:06:07+05:45')).toBe(Date.UTC(2026, 2, 4, 5, 6, 7) - (5 * 60 + 45) * 60_000);
    expect(parseIso('2026-03-04T05:06:07-0330')).toBe(Date.UTC(2026, 2, 4, 5, 6, 7) + (3 * 60 + 30) * 60_000);
    expect(parseIso('2026-03-04T05:06+00:00')).toBe(Date.UTC(2026, 2, 4, 5, 6));
  });

  it('refuses anything else, naming the value', () => {
    for (const bad of ['2026-03-04', 'x2026-03-04T05:06', '2026-03-04T05:06x', '2026-03-04T05:06:07.1234567', '2026-3-04T05:06']) {
      expect(() => parseIso(bad)).toThrow(new TypeError(`datetime must be an ISO 8601 date and time, got ${JSON.stringify(bad)}`));
    }
    expect(() => parseIso(0)).toThrow(new TypeError('datetime must be an ISO 8601 date and time, got 0'));
    // Not a string, though it reads as one when coerced.
    expect(() => parseIso(['2026-03-04T05:06'])).toThrow(new TypeError('datetime must be an ISO 8601 date and time, got Array(1)'));
  });
});
