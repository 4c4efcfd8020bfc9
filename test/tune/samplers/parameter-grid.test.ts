// ParameterGrid and the grid-index choice that GridSampler and RandomSampler's finite space share:
// index ↔ point both ways, which index a starting trial takes, and refusals naming field, rule and value.
import { describe, expect, it } from 'vitest';
import { chooseGridIndex, ParameterGrid, usedGridIndices } from '../../../src/tune/samplers/parameter-grid.ts';
import type { FrozenTrial } from '../../../src/tune/types.ts';

function trial(number: number, systemAttrs: Record<string, unknown> = {}): FrozenTrial {
  return { number, state: 'complete', params: {}, distributions: {}, value: 0, values: [0], intermediate: {}, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs };
}

describe('ParameterGrid', () => {
  // Built inside each test, so a mutation-testing run sees the constructor run under every test.
  const makeGrid = () => new ParameterGrid({ b: [10, 20, 30], a: ['x', 'y'] });

  it('maps every index to its point and back (names sorted, the last fastest)', () => {
    const grid = makeGrid();
    expect([grid.names, grid.size]).toEqual([['a', 'b'], 6]);
    expect([0, 1, 2, 3, 5].map((i) => grid.pointAt(i))).toEqual([
      { a: 'x', b: 10 },
      { a: 'x', b: 20 },
      { a: 'x', b: 30 },
      { a: 'y', b: 10 },
      { a: 'y', b: 30 },
    ]);
    for (let i = 0; i < grid.size; i++) expect(grid.indexOf(grid.pointAt(i))).toBe(i);
    expect(grid.valuesOf('b')).toEqual([10, 20, 30]);
  });

  it('finds no index for a value or a name the grid lacks', () => {
    const grid = makeGrid();
    expect(grid.indexOf({ a: 'y', b: 40 })).toBeUndefined();
    expect(grid.indexOf({ a: 'z', b: 10 })).toBeUndefined();
    expect(grid.indexOf({ b: 10 })).toBeUndefined();
    // Values compare with Object.is: -0 is not the grid's 0, NaN finds NaN.
    const signed = new ParameterGrid({ v: [0, Number.NaN] });
    expect([signed.indexOf({ v: -0 }), signed.indexOf({ v: Number.NaN })]).toEqual([undefined, 1]);
  });

  it('keeps its own copy of the value lists', () => {
    const values = [1, 2];
    const copy = new ParameterGrid({ v: values });
    values.push(3);
    expect([copy.size, copy.valuesOf('v')]).toEqual([2, [1, 2]]);
  });

  it('refuses a bad space, a name it lacks and an index outside it, with the field, rule and value', () => {
    const grid = makeGrid();
    expect(() => new ParameterGrid({})).toThrow(new RangeError('space must name at least one parameter, got {}'));
    expect(() => new ParameterGrid({ a: [1], v: [] }, 'GridSampler: space')).toThrow(new RangeError('GridSampler: space.v must be a non-empty array of values, got Array(0)'));
    expect(() => new ParameterGrid(null as never, 'GridSampler: space')).toThrow(new TypeError('GridSampler: space must be an object of value lists, got null'));
    expect(() => new ParameterGrid(3 as never)).toThrow(new TypeError('space must be an object of value lists, got 3'));
    expect(() => new ParameterGrid({ v: 'ab' as never })).toThrow(new RangeError('space.v must be a non-empty array of values, got "ab"'));
    const huge = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`p${i}`, Array.from({ length: 1000 }, (_, k) => k)]));
    expect(() => new ParameterGrid(huge)).toThrow(new RangeError('space must have at most 2^53 points, got 1000000000000000000'));
    expect(() => grid.valuesOf('c')).toThrow(new RangeError('grid parameter name must be one of a, b, got "c"'));
    for (const index of [-1, 6, 1.5]) expect(() => grid.pointAt(index)).toThrow(new RangeError(`grid index must be an integer in [0, 6), got ${index}`));
  });
});

describe('chooseGridIndex', () => {
  const grid = new ParameterGrid({ v: [1, 2, 3, 4] });
  const reversed = (k: number): number => 3 - k;

  it('takes the first index in the given order that no trial of the study holds, in any state', () => {
    const taken = [trial(0, { gridIndex: 3 }), { ...trial(1, { gridIndex: 1 }), state: 'failed' as const }, trial(2)];
    expect([...usedGridIndices(taken)].sort()).toEqual([1, 3]);
    expect(chooseGridIndex(grid, trial(3), taken, (k) => k)).toBe(0);
    expect(chooseGridIndex(grid, trial(3), taken, reversed)).toBe(2);
    const all = [0, 1, 2, 3].map((i) => trial(i, { gridIndex: i }));
    expect(chooseGridIndex(grid, trial(4), all, (k) => k)).toBeUndefined();
  });

  it('keeps a carried index, and takes the point that fixed params name even when it is taken', () => {
    const taken = [trial(0, { gridIndex: 2 })];
    expect(chooseGridIndex(grid, trial(1, { gridIndex: 2 }), taken, (k) => k)).toBe(2);
    expect(chooseGridIndex(grid, trial(1, { fixedParams: { v: 3 } }), taken, (k) => k)).toBe(2);
    // Fixed params off the grid (or not an object) fall back to the order.
    expect(chooseGridIndex(grid, trial(1, { fixedParams: { v: 9 } }), taken, reversed)).toBe(3);
    expect(chooseGridIndex(grid, trial(1, { fixedParams: 'v=3' }), taken, (k) => k)).toBe(0);
    expect(chooseGridIndex(grid, trial(1, { fixedParams: null }), taken, (k) => k)).toBe(0);
  });
});
