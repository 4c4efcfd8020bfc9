// basins.ts at its edges: the region's boundary and radius, how many best observations must
// agree (max(5, d + 1)) out of at least twice as many, the agreement limit of 1% of
// (median − best), and the one-length-scale neighbourhood of the incumbent.
import { describe, expect, it } from 'vitest';
import { basinExhausted, insideRegion } from '../../../../src/tune/samplers/bayes/basins.ts';

describe('insideRegion at its edges', () => {
  it('uses the radius itself (not 1) and leaves the boundary outside', () => {
    const region = { center: Float64Array.from([0.5]), inverseScale: Float64Array.from([2]), radius: 2 };
    // (0.5 + 0.9 − 0.5)·2 = 1.8 < 2: inside; 2.2 > 2: outside.
    expect(insideRegion(region, Float64Array.from([1.4]))).toBe(true);
    expect(insideRegion(region, Float64Array.from([1.6]))).toBe(false);
    const unit = { center: Float64Array.from([0]), inverseScale: Float64Array.from([1]), radius: 1 };
    expect(insideRegion(unit, Float64Array.from([1]))).toBe(false);
    expect(insideRegion(unit, Float64Array.from([-0.999]))).toBe(true);
  });
});

/** k points within 0.001 of (0.5, …) whose values rise by `step`, and `far` spread points above. */
function observations(d: number, k: number, step: number, far: number[]): { x: Float64Array; y: number }[] {
  const near = Array.from({ length: k }, (_, i) => ({ x: Float64Array.from({ length: d }, (_, j) => 0.5 + (j === 0 ? 0.001 * i : 0)), y: step * i }));
  const spread = far.map((y, i) => ({ x: Float64Array.from({ length: d }, (_, j) => (j === 0 ? (i + 1) / (far.length + 1) : 0.1)), y }));
  return [...near, ...spread];
}

describe('basinExhausted at its edges', () => {
  const wide = (d: number): Float64Array => new Float64Array(d).fill(10);
  const centre = (d: number): Float64Array => new Float64Array(d).fill(0.5);

  it('needs at least 2·max(5, d + 1) observations', () => {
    // d = 2: five agree, and ten observations in all are enough, nine are not.
    expect(basinExhausted(observations(2, 5, 0, [1, 1, 1, 1, 1]), centre(2), wide(2))).toBe(true);
    expect(basinExhausted(observations(2, 5, 0, [1, 1, 1, 1]), centre(2), wide(2))).toBe(false);
    // d = 6: seven must agree, fourteen in all.
    expect(basinExhausted(observations(6, 7, 0, [1, 1, 1, 1, 1, 1, 1]), centre(6), wide(6))).toBe(true);
    expect(basinExhausted(observations(6, 7, 0, [1, 1, 1, 1, 1, 1]), centre(6), wide(6))).toBe(false);
    // d = 6 with only six agreeing (the seventh best is far worse): not yet.
    expect(basinExhausted([...observations(6, 6, 0, [1, 1, 1, 1, 1, 1, 1]), { x: new Float64Array(6).fill(0.5), y: 0.5 }], centre(6), wide(6))).toBe(false);
  });

  it('lets the k-th best differ from the best by up to 1% of (median − best), not more', () => {
    // Best 0, median 2 (the sixth of eleven in order): the limit is 0.02; steps of 0.005 over four gaps reach it exactly.
    expect(basinExhausted(observations(2, 5, 0.005, [2, 2, 2, 2, 2, 2]), centre(2), wide(2))).toBe(true);
    expect(basinExhausted(observations(2, 5, 0.0051, [2, 2, 2, 2, 2, 2]), centre(2), wide(2))).toBe(false);
    // The median, not the worst, sets the scale: a single huge value changes nothing.
    expect(basinExhausted(observations(2, 5, 0.005, [2, 2, 2, 2, 2, 1e6]), centre(2), wide(2))).toBe(true);
    // A lower median (1.5 here, limit 0.015) turns the same steps down.
    expect(basinExhausted(observations(2, 5, 0.005, [1.5, 1.5, 1.5, 1.5, 1.5, 1e6]), centre(2), wide(2))).toBe(false);
  });

  it('needs every one of the k best within one length scale of the incumbent', () => {
    // The points reach 0.504 along x_0: inverse scale 250 puts the fifth exactly 1 away (outside).
    expect(basinExhausted(observations(2, 5, 0, [1, 1, 1, 1, 1]), centre(2), Float64Array.from([249, 10]))).toBe(true);
    expect(basinExhausted(observations(2, 5, 0, [1, 1, 1, 1, 1]), centre(2), Float64Array.from([251, 10]))).toBe(false);
  });
});
