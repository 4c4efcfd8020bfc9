// Option rules: interval notation becomes the rule's sentence and two closed double ends that
// accept exactly the interval's finite values (the ends one double apart decide it).
import { describe, expect, it } from 'vitest';
import { accepts, checkOption, integerOption, numberOption, numberRule, ruleError } from '../../src/backend/option-rule.ts';

const below = (x: number) => x - Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);

describe('numberRule', () => {
  it('names the interval as the errors say it', () => {
    expect(numberRule('[0, inf)').text).toBe('a finite number >= 0');
    expect(numberRule('(0, inf)').text).toBe('a finite number > 0');
    expect(numberRule('(-inf, inf)').text).toBe('a finite number');
    expect(numberRule('[0, 1)').text).toBe('in [0, 1)');
    expect(numberRule('(0, 1]').text).toBe('in (0, 1]');
    expect(numberRule('[1, inf)', 'integer').text).toBe('an integer >= 1');
    expect(numberRule('[0, 16]', 'integer').text).toBe('an integer in [0, 16]');
  });

  it('accepts exactly the interval: open ends refuse the end and take the next double, infinities and NaN never pass', () => {
    const halfOpen = numberRule('[0, 1)');
    expect([0, below(1), 1, -Number.MIN_VALUE, NaN].map((v) => accepts(halfOpen, v))).toEqual([true, true, false, false, false]);
    const positive = numberRule('(0, inf)');
    expect([0, Number.MIN_VALUE, Number.MAX_VALUE, Infinity].map((v) => accepts(positive, v))).toEqual([false, true, true, false]);
    const all = numberRule('(-inf, inf)');
    expect([-Number.MAX_VALUE, -Infinity, Infinity, NaN].map((v) => accepts(all, v))).toEqual([true, false, false, false]);
    const closed = numberRule('[0.5, 2]');
    expect([below(0.5), 0.5, 2, 2 + 2 * Number.EPSILON].map((v) => accepts(closed, v))).toEqual([false, true, true, false]);
    expect([0.5, 1, '1'].map((v) => accepts(numberRule('[1, inf)', 'integer'), v))).toEqual([false, true, false]);
  });

  it('refuses malformed declarations, and defaults that break their own rule', () => {
    expect(() => numberRule('0, 1')).toThrow('an interval must read like [0, 1) or (0, inf), got "0, 1"');
    expect(() => numberRule('[1, 0]')).toThrow('an interval must hold a value, got [1, 0]');
    expect(() => numberRule('(0, inf)', 'integer')).toThrow('an integer interval must have closed integer ends, got (0, inf)');
    expect(() => numberOption('[0, 1)', 1, 'x')).toThrow('a default must obey its rule (in [0, 1)), got 1');
    expect(() => integerOption('[1, inf)', 0, 'x')).toThrow('a default must obey its rule (an integer >= 1), got 0');
  });
});

describe('checkOption and ruleError', () => {
  it('fill the default, and raise a TypeError for the wrong type and a RangeError outside the interval', () => {
    const rate = numberOption('[0, 1)', 0.5, 'a rate');
    expect(checkOption('rate', rate, undefined)).toBe(0.5);
    expect(checkOption('rate', rate, 0)).toBe(0);
    expect(() => checkOption('rate', rate, 1)).toThrow(new RangeError('rate must be in [0, 1), got 1'));
    expect(() => checkOption('rate', rate, '0.1')).toThrow(new TypeError('rate must be in [0, 1), got "0.1"'));
    expect(ruleError('a.b', rate.rule, 2)).toMatchObject({ field: 'a.b', path: ['a', 'b'], rule: 'in [0, 1)' });
  });
});
