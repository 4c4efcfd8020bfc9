// Non-dominated fronts and crowding distances on small sets worked out by hand.
import { describe, expect, it } from 'vitest';
import { crowdingDistance } from '../../../src/tune/multi-objective/crowding-distance.ts';
import { dominates } from '../../../src/tune/multi-objective/pareto.ts';
import { nonDominatedFronts, nonDominatedRanks } from '../../../src/tune/multi-objective/non-dominated-sort.ts';

describe('nonDominatedFronts', () => {
  const points = [[1, 1], [2, 2], [1, 3], [3, 1], [3, 3], [2, 2]];

  it('peels the fronts in order; equal points share a front', () => {
    expect(nonDominatedFronts(points.length, (a, b) => dominates(['minimize', 'minimize'], points[a]!, points[b]!))).toEqual([[0], [1, 2, 3, 5], [4]]);
    expect(Array.from(nonDominatedRanks(points))).toEqual([0, 1, 1, 1, 2, 1]);
  });

  it('ranks by whatever dominance it is given', () => {
    // Only "lower index dominates higher index": a chain.
    expect(nonDominatedFronts(3, (a, b) => a < b)).toEqual([[0], [1], [2]]);
    // 0 dominates 10 and 11, 1 dominates 2: the second front is found as 10, 11, 2 and listed in order.
    const pairs = new Set(['0>10', '0>11', '1>2']);
    expect(nonDominatedFronts(12, (a, b) => pairs.has(`${a}>${b}`))).toEqual([[0, 1, 3, 4, 5, 6, 7, 8, 9], [2, 10, 11]]);
    expect(nonDominatedFronts(0, () => true)).toEqual([]);
  });

  it('ranks by the directions given', () => {
    expect(Array.from(nonDominatedRanks(points, ['maximize', 'maximize']))).toEqual([2, 1, 1, 1, 0, 1]);
    expect(Array.from(nonDominatedRanks(points, ['minimize', 'maximize']))).toEqual([1, 1, 0, 2, 1, 1]);
    expect(Array.from(nonDominatedRanks([]))).toEqual([]);
  });
});

describe('crowdingDistance', () => {
  it('sums the normalised gaps between neighbours; the ends are infinite', () => {
    const points = [[0, 4], [1, 2], [2, 1], [4, 0]];
    // (1,2): 2/4 + 3/4; (2,1): 3/4 + 2/4.
    expect(Array.from(crowdingDistance(points, [0, 1, 2, 3]))).toEqual([Infinity, 1.25, 1.25, Infinity]);
    expect(Array.from(crowdingDistance(points, [2, 1]))).toEqual([Infinity, Infinity]);
  });

  it('a front with no spread in one objective only counts the others', () => {
    const points = [[0, 1], [1, 1], [3, 1]];
    expect(Array.from(crowdingDistance(points, [0, 1, 2]))).toEqual([Infinity, 1, Infinity]);
    // Nor does an objective of infinite spread (it would give every inner point NaN).
    expect(Array.from(crowdingDistance([[0, 0], [1, 5], [2, Infinity]], [0, 1, 2]))).toEqual([Infinity, 1, Infinity]);
    expect(Array.from(crowdingDistance(points, []))).toEqual([]);
  });

  it('gives the extremes of each objective, wherever they sit in the front, the infinite distance', () => {
    // The front's first point is in the middle of both objectives: 2/2 + 2/2 (a range of 12 − 10).
    const points = [[11, 11], [10, 12], [12, 10]];
    expect(Array.from(crowdingDistance(points, [0, 1, 2]))).toEqual([2, Infinity, Infinity]);
    // Indices into a larger set: only the listed points count.
    expect(Array.from(crowdingDistance([[0, 0], ...points], [1, 2, 3]))).toEqual([2, Infinity, Infinity]);
  });

  it('breaks ties in an objective by front order, whatever order the previous objective left', () => {
    // Sorted on the first objective: 2, 1, 0. On the second, 0 and 1 tie: front order makes 0 the
    // low end (infinite) and 1 an inner point, which adds (1 − 0) / 1 to its 2 / 2.
    const points = [[2, 0], [1, 0], [0, 1]];
    expect(Array.from(crowdingDistance(points, [0, 1, 2]))).toEqual([Infinity, 2, Infinity]);
  });
});
