// The unit cube the GP and NSGA-II samplers search: parameters in sorted name order, floats and
// ints on one coordinate (log-scaled or not, ints and steps owning equal slices), categoricals
// one-hot; values worked out by hand, and the common search space of a study's trials.
import { describe, expect, it } from 'vitest';
import { intersectSearchSpace, projectUniformPoint, sameDistribution, UnitCube } from '../../../../src/tune/samplers/bayes/unit-cube.ts';
import type { Distribution, FrozenTrial } from '../../../../src/tune/types.ts';

const ACT: Distribution = { type: 'categorical', choices: ['a', 'b', 'c'] };
const LR: Distribution = { type: 'float', low: 1e-3, high: 1e-1, log: true };
const UNITS: Distribution = { type: 'int', low: 1, high: 4, log: false, step: 1 };
const X: Distribution = { type: 'float', low: 0, high: 1, log: false, step: 0.1 };

function withDistributions(distributions: Record<string, Distribution>): FrozenTrial {
  return { number: 0, state: 'complete', params: {}, distributions, value: 0, values: [0], intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
}

describe('sameDistribution and intersectSearchSpace', () => {
  it('tells distributions apart by type, bounds, scale, step and choices', () => {
    expect(sameDistribution(UNITS, { ...UNITS })).toBe(true);
    expect(sameDistribution(ACT, { type: 'categorical', choices: ['a', 'b', 'c'] })).toBe(true);
    const others: Distribution[] = [
      { ...UNITS, low: 0 },
      { ...UNITS, high: 5 },
      { ...UNITS, step: 2 },
      { ...UNITS, log: true },
      { type: 'float', low: 1, high: 4, log: false, step: 1 },
      { type: 'categorical', choices: ['a', 'b'] },
    ];
    for (const other of others) expect(sameDistribution(UNITS, other), JSON.stringify(other)).toBe(false);
    expect(sameDistribution({ type: 'float', low: 0, high: 1, log: false }, { type: 'float', low: 0, high: 1, log: false, step: 0.5 })).toBe(false);
    expect(sameDistribution(ACT, { type: 'categorical', choices: ['a', 'c', 'b'] })).toBe(false);
    expect(sameDistribution({ type: 'categorical', choices: [0] }, { type: 'categorical', choices: [-0] })).toBe(false);
    expect(sameDistribution(ACT, { type: 'categorical', choices: ['a', 'b', 'c', 'd'] })).toBe(false);
    expect(sameDistribution(ACT, UNITS)).toBe(false);
  });

  it('keeps the parameters every trial has with one distribution, in name order', () => {
    const trials = [withDistributions({ x: X, units: UNITS, lr: LR }), withDistributions({ units: UNITS, lr: { ...LR, high: 1 }, x: X }), withDistributions({ x: X, units: UNITS, act: ACT })];
    const space = intersectSearchSpace(trials);
    expect(Object.keys(space)).toEqual(['units', 'x']);
    expect(space).toEqual({ units: UNITS, x: X });
    expect(Object.keys(intersectSearchSpace(trials.slice(0, 1)))).toEqual(['lr', 'units', 'x']);
    expect(intersectSearchSpace([])).toEqual({});
  });
});

describe('UnitCube', () => {
  // Built inside each test, so a mutation-testing run sees the constructor run under every test.
  const makeCube = () => new UnitCube({ x: X, units: UNITS, lr: LR, act: ACT });

  it('lays out sorted names: a one-hot block per categorical, one coordinate per number', () => {
    const cube = makeCube();
    expect(cube.names).toEqual(['act', 'lr', 'units', 'x']);
    expect(cube.layout).toEqual({ dimension: 6, continuous: [3, 4, 5], groups: [{ start: 0, size: 3 }] });
    expect(cube.dimension).toBe(6);
    expect(() => new UnitCube({ c: { type: 'categorical', choices: [] } })).toThrow(new RangeError('unit cube: a categorical distribution must have at least one choice, got 0'));
  });

  it('encodes on each parameter’s scale, ints and steps widened by half a step', () => {
    const cube = makeCube();
    const point = cube.encode({ act: 'b', lr: 0.01, units: 2, x: 0.3 })!;
    expect(Array.from(point.subarray(0, 3))).toEqual([0, 1, 0]);
    expect(point[3]).toBeCloseTo(0.5, 14); // log 0.01 halfway between log 0.001 and log 0.1
    expect(point[4]).toBe(0.375); // (2 − 0.5) / (4.5 − 0.5)
    expect(point[5]).toBeCloseTo(0.35 / 1.1, 14); // (0.3 + 0.05) / 1.1
    // Values past the bounds clamp to the cube; the out buffer is cleared first.
    const out = new Float64Array(6).fill(9);
    expect(Array.from(cube.encode({ act: 'c', lr: 1, units: -5, x: 0 }, out)!)).toEqual([0, 0, 1, 1, 0, 0.05 / 1.1]);
    expect(new UnitCube({ c: { type: 'float', low: 2, high: 2, log: false } }).encode({ c: 2 })).toEqual(Float64Array.of(0.5));
    // The first choice is a choice like any other.
    expect(Array.from(cube.encode({ act: 'a', lr: 0.1, units: 4, x: 1 })!)).toEqual([1, 0, 0, 1, 0.875, 1.05 / 1.1]);
  });

  it('encodes nothing when a value is missing, not a choice, not a finite number, or not positive on a log scale', () => {
    const cube = makeCube();
    const good = { act: 'a', lr: 0.01, units: 2, x: 0.3 };
    for (const bad of [{ act: undefined }, { act: 'd' }, { units: '2' }, { x: Number.NaN }, { x: Number.POSITIVE_INFINITY }, { lr: 0 }, { lr: -0.01 }]) {
      expect(cube.encode({ ...good, ...bad } as never), JSON.stringify(bad)).toBeUndefined();
    }
    const { act: _, ...withoutAct } = good;
    expect(cube.encode(withoutAct)).toBeUndefined();
  });

  it('decodes back onto the grid: rounded ints, steps without float drift, clamped, the largest one-hot coordinate', () => {
    const cube = makeCube();
    const point = cube.encode({ act: 'b', lr: 0.01, units: 2, x: 0.3 })!;
    const params = cube.decode(point);
    expect(params['lr']).toBeCloseTo(0.01, 14);
    expect({ ...params, lr: 0.01 }).toEqual({ act: 'b', lr: 0.01, units: 2, x: 0.3 });
    // 0 + 3 · 0.1 is 0.30000000000000004 in floating point; the decoded value is the grid's 0.3.
    expect(cube.decode(Float64Array.of(1, 0, 0, 0, 0, 0.34 / 1.1))['x']).toBe(0.3);
    expect(cube.decode(Float64Array.of(1, 0, 0, 0, 0, 0.75 / 1.1))['x']).toBe(0.7);
    // Out-of-cube coordinates clamp to the ends of the range; ties go to the first choice.
    const high = cube.decode(Float64Array.of(0.5, 0.5, 0.2, -1, 1.5, 2));
    expect([high['act'], high['units'], high['x']]).toEqual(['a', 4, 1]);
    expect(high['lr']).toBeCloseTo(1e-3, 15);
    const low = cube.decode(Float64Array.of(0.1, 0.2, 0.3, 2, -0.5, -1));
    expect([low['act'], low['units'], low['x']]).toEqual(['c', 1, 0]);
    expect(low['lr']).toBeCloseTo(0.1, 14);
    // Each int owns a quarter of its coordinate.
    expect([0.1, 0.26, 0.49, 0.51, 0.74, 0.76].map((u) => cube.decode(Float64Array.of(1, 0, 0, 0.5, u, 0.5))['units'])).toEqual([1, 2, 2, 3, 3, 4]);
  });

  it('decodes a stepped log int onto its grid', () => {
    const cube = makeCube();
    const big = new UnitCube({ n: { type: 'int', low: 2, high: 512, log: true, step: 1 } });
    for (const n of [2, 3, 17, 100, 511, 512]) expect(big.decode(big.encode({ n })!)).toEqual({ n });
    const even = new UnitCube({ n: { type: 'int', low: 0, high: 8, log: false, step: 2 } });
    expect([0, 0.3, 0.5, 0.9, 1].map((u) => even.decode(Float64Array.of(u))['n'])).toEqual([0, 2, 4, 8, 8]);
  });
});

describe('projectUniformPoint', () => {
  it('turns each group’s first coordinate into a one-hot choice and leaves the rest', () => {
    const layout = { dimension: 5, continuous: [0, 4], groups: [{ start: 1, size: 3 }] };
    const point = Float64Array.of(0.25, 0.7, 0.9, 0.1, 0.6);
    projectUniformPoint(point, layout);
    expect(Array.from(point)).toEqual([0.25, 0, 0, 1, 0.6]);
    const edge = Float64Array.of(0.25, 1, 0.5, 0.5, 0.6);
    projectUniformPoint(edge, layout);
    expect(Array.from(edge)).toEqual([0.25, 0, 0, 1, 0.6]);
    const low = Float64Array.of(0.25, 0.33, 0.5, 0.5, 0.6);
    projectUniformPoint(low, layout);
    expect(Array.from(low)).toEqual([0.25, 1, 0, 0, 0.6]);
  });
});
