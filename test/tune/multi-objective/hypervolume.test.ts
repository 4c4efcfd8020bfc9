// Hypervolume against values worked out by hand, an inclusion–exclusion count of the boxes, and
// the ZDT1 and ZDT2 fronts' known areas (the figures the multi-objective bench quotes).
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/random/seeded-random.ts';
import { hypervolume } from '../../../src/tune/multi-objective/hypervolume.ts';

/** The union of the points' boxes by inclusion–exclusion over every subset (small sets only). */
function inclusionExclusion(points: number[][], reference: number[]): number {
  let total = 0;
  for (let mask = 1; mask < 1 << points.length; mask++) {
    const corner = reference.map(() => Number.NEGATIVE_INFINITY);
    let size = 0;
    points.forEach((p, i) => {
      if ((mask >> i) & 1) {
        size++;
        p.forEach((v, k) => (corner[k] = Math.max(corner[k]!, v)));
      }
    });
    const box = corner.reduce((acc, v, k) => acc * Math.max(0, reference[k]! - v), 1);
    total += (size % 2 === 1 ? 1 : -1) * box;
  }
  return total;
}

describe('hypervolume', () => {
  it('sweeps two objectives: a staircase of three points', () => {
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBeCloseTo(6, 12);
    // Order, duplicates and dominated points change nothing.
    expect(hypervolume([[3, 1], [2, 2], [2, 2], [1, 3], [3, 3]], [4, 4])).toBeCloseTo(6, 12);
  });

  it('ignores points on or beyond the reference point', () => {
    expect(hypervolume([[4, 0], [0, 5], [Number.NaN, 1]], [4, 4])).toBe(0);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  it('adds up three objectives by hand', () => {
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBeCloseTo(6, 12);
    // Boxes 4 and 2 overlapping in a unit cube.
    expect(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2])).toBeCloseTo(5, 12);
    // Three boxes of 2, pairwise overlaps of 1, a triple overlap of 1: 6 − 3 + 1.
    expect(hypervolume([[0, 1, 1], [1, 0, 1], [1, 1, 0]], [2, 2, 2])).toBeCloseTo(4, 12);
  });

  it('agrees with inclusion–exclusion on random sets in 2 to 5 objectives', () => {
    const random = new SeededRandom(11);
    for (let m = 2; m <= 5; m++) {
      for (let trial = 0; trial < 5; trial++) {
        const points = Array.from({ length: 8 }, () => Array.from({ length: m }, () => random.uniform()));
        const reference = Array.from({ length: m }, () => 1);
        expect(hypervolume(points, reference)).toBeCloseTo(inclusionExclusion(points, reference), 10);
      }
    }
  });

  it('approaches the ZDT1 and ZDT2 fronts’ areas with reference (1.1, 1.1): 0.8767 and 0.5433', () => {
    const n = 20001;
    const zdt1 = Array.from({ length: n }, (_, i) => [i / (n - 1), 1 - Math.sqrt(i / (n - 1))]);
    const zdt2 = Array.from({ length: n }, (_, i) => [i / (n - 1), 1 - (i / (n - 1)) ** 2]);
    expect(hypervolume(zdt1, [1.1, 1.1])).toBeCloseTo(0.11 + 0.1 + 2 / 3, 3);
    expect(hypervolume(zdt2, [1.1, 1.1])).toBeCloseTo(0.11 + 0.1 + 1 / 3, 3);
  });

  it('one objective: the distance from the best point to the reference', () => {
    expect(hypervolume([[3], [1], [5], [1]], [4])).toBe(3);
    expect(hypervolume([[4], [6]], [4])).toBe(0);
    expect(hypervolume([], [4])).toBe(0);
  });

  it('three objectives: a point touching the reference in one objective adds nothing', () => {
    expect(hypervolume([[0, 0, 2], [1, 1, 1.5]], [2, 2, 2])).toBeCloseTo(0.5, 12);
    expect(hypervolume([[0, 2, 0]], [2, 2, 2])).toBe(0);
  });

  it('counts one box for a point among dominated and repeated points, in either order', () => {
    // 60 points that do not dominate each other, all dominated by the last one, which comes 40 times.
    const hidden = Array.from({ length: 60 }, (_, i) => [0.6 + (0.3 * i) / 59, 0.9 - (0.3 * i) / 59, 0.75]);
    const best = Array.from({ length: 40 }, () => [0.5, 0.5, 0.5]);
    expect(hypervolume([...hidden, ...best], [1, 1, 1])).toBeCloseTo(0.125, 14);
    expect(hypervolume([...best, ...hidden], [1, 1, 1])).toBeCloseTo(0.125, 14);
  });

  it('names the field and the value it got', () => {
    expect(() => hypervolume([[0, 0, 0]], [1, 1])).toThrow('hypervolume: points[0].length must be the reference point\'s length 2, got 3');
    expect(() => hypervolume([[0, 0], [0]], [1, 1])).toThrow(new RangeError('hypervolume: points[1].length must be the reference point\'s length 2, got 1'));
    expect(() => hypervolume([], [1, Number.POSITIVE_INFINITY])).toThrow(new RangeError('hypervolume: reference must be a non-empty array of finite numbers, got Array(2)'));
    expect(() => hypervolume([], [])).toThrow(new RangeError('hypervolume: reference must be a non-empty array of finite numbers, got Array(0)'));
  });
});
