// A reproducible study's options: defaults, and each bad value named with its rule.
import { describe, expect, it } from 'vitest';
import { checkReproducibleOptions } from '../../../src/tune/reproducible/options.ts';

describe('checkReproducibleOptions', () => {
  it('is off for undefined and false; true and {} take the defaults; given values are kept', () => {
    expect(checkReproducibleOptions(undefined)).toBeUndefined();
    expect(checkReproducibleOptions({})).toEqual({ logicalWorkers: 4, waitTimeoutMs: 600_000, pollMs: 20 });
    expect(checkReproducibleOptions({ logicalWorkers: 1, waitTimeoutMs: 0.5, pollMs: 1 })).toEqual({ logicalWorkers: 1, waitTimeoutMs: 0.5, pollMs: 1 });
  });

  it.each([
    [null, TypeError, 'reproducible must be a boolean or an object, got null'],
    ['yes', TypeError, 'reproducible must be a boolean or an object, got "yes"'],
    [[2], TypeError, 'reproducible must be a boolean or an object, got Array(1)'],
    [{ logicalWorkers: 1.5 }, RangeError, 'reproducible.logicalWorkers must be a positive integer, got 1.5'],
    [{ logicalWorkers: '2' }, RangeError, 'reproducible.logicalWorkers must be a positive integer, got "2"'],
    [{ waitTimeoutMs: 0 }, RangeError, 'reproducible.waitTimeoutMs must be a positive number of ms, got 0'],
    [{ waitTimeoutMs: '10' }, RangeError, 'reproducible.waitTimeoutMs must be a positive number of ms, got "10"'],
    [{ pollMs: 0 }, RangeError, 'reproducible.pollMs must be a positive finite number of ms, got 0'],
    [{ pollMs: Number.POSITIVE_INFINITY }, RangeError, 'reproducible.pollMs must be a positive finite number of ms, got Infinity'],
    [{ pollMs: '5' }, RangeError, 'reproducible.pollMs must be a positive finite number of ms, got "5"'],
  ])('%#: refuses %j', (options, type, message) => {
    expect(() => checkReproducibleOptions(options as never)).toThrow(type);
    expect(() => checkReproducibleOptions(options as never)).toThrow(message);
  });
});
