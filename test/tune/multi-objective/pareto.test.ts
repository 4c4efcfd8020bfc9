// The Pareto front and bestTrials, against fronts worked out by hand and a brute-force check.
import { describe, expect, it } from 'vitest';
import { bestTrials, dominates, paretoFront } from '../../../src/tune/multi-objective/pareto.ts';
import { isFeasible, totalViolation } from '../../../src/tune/multi-objective/constraints.ts';
import type { Direction, FrozenTrial } from '../../../src/tune/types.ts';

function trial(number: number, values: number[] | null, constraints?: number[], state: FrozenTrial['state'] = 'complete'): FrozenTrial {
  const systemAttrs = constraints === undefined ? {} : { constraints };
  return { number, state, params: {}, distributions: {}, value: values?.[0] ?? null, values, intermediate: {}, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs };
}

describe('dominates', () => {
  it('needs no worse on every objective and better on one, each in its direction', () => {
    const minMin: Direction[] = ['minimize', 'minimize'];
    expect(dominates(minMin, [1, 1], [2, 1])).toBe(true);
    expect(dominates(minMin, [1, 1], [1, 1])).toBe(false);
    expect(dominates(minMin, [1, 3], [2, 1])).toBe(false);
    expect(dominates(['maximize', 'minimize'], [2, 1], [1, 1])).toBe(true);
    expect(dominates(['maximize', 'minimize'], [1, 1], [2, 1])).toBe(false);
  });
});

describe('paretoFront', () => {
  it('keeps the non-dominated trials in number order, ties included, for mixed directions', () => {
    // maximize accuracy, minimize latency: 0 (0.9, 5), 1 (0.8, 2), 2 (0.8, 6) dominated by 0 and 1,
    // 3 (0.95, 9), 4 (0.9, 5) the same point as 0, 5 (0.8, 2.5) dominated by 1 only.
    const trials = [trial(0, [0.9, 5]), trial(1, [0.8, 2]), trial(2, [0.8, 6]), trial(3, [0.95, 9]), trial(4, [0.9, 5]), trial(5, [0.8, 2.5])];
    expect(paretoFront(trials, ['maximize', 'minimize']).map((t) => t.number)).toEqual([0, 1, 3, 4]);
    // Minimizing both, 1 (0.8, 2) dominates every other trial.
    expect(paretoFront(trials, ['minimize', 'minimize']).map((t) => t.number)).toEqual([1]);
  });

  it('a trial dominated by one sorted after it on the first objective is left out (equal first values)', () => {
    const trials = [trial(0, [1, 5]), trial(1, [1, 3]), trial(2, [0, 9])];
    expect(paretoFront(trials, ['minimize', 'minimize']).map((t) => t.number)).toEqual([1, 2]);
  });

  it('agrees with a brute-force front on random points in 3 objectives', () => {
    let s = 12345;
    const rand = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const directions: Direction[] = ['minimize', 'maximize', 'minimize'];
    const trials = Array.from({ length: 200 }, (_, i) => trial(i, [Math.round(rand() * 10), Math.round(rand() * 10), Math.round(rand() * 10)]));
    const brute = trials.filter((t) => !trials.some((o) => dominates(directions, o.values!, t.values!)));
    expect(paretoFront(trials, directions).map((t) => t.number)).toEqual(brute.map((t) => t.number));
  });
});

describe('bestTrials and constraints', () => {
  it('a trial is feasible when every constraint is <= 0, or none is recorded', () => {
    expect(isFeasible(trial(0, [1], [0, -1]))).toBe(true);
    expect(isFeasible(trial(0, [1], [0.5, -1]))).toBe(false);
    expect(isFeasible(trial(0, [1]))).toBe(true);
    expect(totalViolation(trial(0, [1], [0.5, -1, 2]))).toBe(2.5);
  });

  it('is the front of the complete feasible trials; infeasible, pruned and failed trials are left out', () => {
    const trials = [
      trial(0, [1, 1], [1]), // dominates everything but is infeasible
      trial(1, [2, 3], [0]),
      trial(2, [3, 2], [-1]),
      trial(3, [4, 4], [-1]),
      trial(4, [1.5, 1.5], undefined, 'pruned'),
      trial(5, null, undefined, 'failed'),
    ];
    expect(bestTrials(trials, ['minimize', 'minimize']).map((t) => t.number)).toEqual([1, 2]);
  });

  it('with no feasible trial: the front of those with the least total violation', () => {
    const trials = [trial(0, [1, 1], [2]), trial(1, [5, 5], [0.5, 0.5]), trial(2, [4, 6], [1, -3]), trial(3, [6, 4], [0.25, 0.75])];
    // The least violation is 1 (trials 1, 2 and 3), and none of (5, 5), (4, 6), (6, 4) dominates another.
    expect(bestTrials(trials, ['minimize', 'minimize']).map((t) => t.number)).toEqual([1, 2, 3]);
    expect(bestTrials([trial(0, [1, 1], [2]), trial(1, [5, 5], [1])], ['minimize', 'minimize']).map((t) => t.number)).toEqual([1]);
  });

  it('leaves out complete trials without one value per direction', () => {
    // A value list of the wrong length would otherwise compare against undefined and "dominate".
    const trials = [trial(0, [1, 1]), trial(1, [0.5]), trial(2, null), trial(3, [2, 0.5])];
    expect(bestTrials(trials, ['minimize', 'minimize']).map((t) => t.number)).toEqual([0, 3]);
  });

  it('is empty without a complete trial', () => {
    expect(bestTrials([trial(0, null, undefined, 'failed')], ['minimize'])).toEqual([]);
  });
});
