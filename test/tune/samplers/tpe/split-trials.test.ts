// The good/bad split: complete trials by value in the study's direction, then pruned ones by
// step reached and last value, running ones always bad; both halves in trial-number order.
import { describe, expect, it } from 'vitest';
import { constraintsRecorded, splitTrials, trialViolation } from '../../../../src/tune/samplers/tpe/split-trials.ts';
import type { FrozenTrial, TrialState } from '../../../../src/tune/types.ts';

function trial(number: number, state: TrialState, value: number | null, intermediate: Record<number, number> = {}): FrozenTrial {
  return { number, state, params: {}, distributions: {}, value, values: value === null ? null : [value], intermediate, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
}

const numbers = (trials: FrozenTrial[]) => trials.map((t) => t.number);

describe('splitTrials', () => {
  const complete = [trial(0, 'complete', 3), trial(1, 'complete', 1), trial(2, 'complete', 2), trial(3, 'complete', 1)];

  it('takes the best complete trials in the study direction, ties in trial order, both halves by number', () => {
    expect(numbers(splitTrials(complete, 2, 'minimize').below)).toEqual([1, 3]);
    expect(numbers(splitTrials(complete, 2, 'minimize').above)).toEqual([0, 2]);
    expect(numbers(splitTrials(complete, 1, 'minimize').below)).toEqual([1]);
    expect(numbers(splitTrials(complete, 2, 'maximize').below)).toEqual([0, 2]);
    expect(numbers(splitTrials(complete, 0, 'minimize').below)).toEqual([]);
    expect(numbers(splitTrials(complete, 9, 'minimize').below)).toEqual([0, 1, 2, 3]);
  });

  it('fills the rest of the good set with pruned trials: furthest step first, then last value; a NaN or no report ranks last', () => {
    const pruned = [
      trial(4, 'pruned', 0.5, { 1: 0.5 }),
      trial(5, 'pruned', 9, { 1: 0.1, 5: 9 }),
      trial(6, 'pruned', 7, { 1: 0.1, 5: 7 }),
      trial(7, 'pruned', null),
      trial(8, 'pruned', Number.NaN, { 5: Number.NaN }),
    ];
    const all = [...complete, ...pruned];
    expect(numbers(splitTrials(all, 5, 'minimize').below)).toEqual([0, 1, 2, 3, 6]);
    expect(numbers(splitTrials(all, 6, 'minimize').below)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(numbers(splitTrials(all, 7, 'minimize').below)).toEqual([0, 1, 2, 3, 5, 6, 8]);
    expect(numbers(splitTrials(all, 8, 'minimize').below)).toEqual([0, 1, 2, 3, 4, 5, 6, 8]);
    expect(numbers(splitTrials(all, 5, 'maximize').below)).toEqual([0, 1, 2, 3, 5]);
  });

  it('puts running trials (the constant liar) above, and leaves failed and diverged trials out', () => {
    const trials = [trial(0, 'running', null), trial(1, 'complete', 5), trial(2, 'failed', null), trial(3, 'diverged', null), trial(4, 'complete', 4)];
    const { below, above } = splitTrials(trials, 5, 'minimize');
    expect(numbers(below)).toEqual([1, 4]);
    expect(numbers(above)).toEqual([0]);
  });
});

describe('splitTrials with constraints', () => {
  /** A trial with constraint values recorded (undefined: none recorded). */
  const constrained = (number: number, state: TrialState, value: number | null, constraints?: unknown[]): FrozenTrial => ({
    ...trial(number, state, value),
    systemAttrs: constraints === undefined ? {} : { constraints },
  });

  it('reads the total violation: positive values summed, none recorded or not a number ranks last', () => {
    expect(trialViolation(constrained(0, 'complete', 1, [-1, 0, 0.5, 2]))).toBe(2.5);
    expect(trialViolation(constrained(0, 'complete', 1, [-3]))).toBe(0);
    expect(trialViolation(constrained(0, 'complete', 1))).toBe(Number.POSITIVE_INFINITY);
    expect(trialViolation(constrained(0, 'complete', 1, [Number.NaN]))).toBe(Number.POSITIVE_INFINITY);
    expect(constraintsRecorded([constrained(0, 'complete', 1), constrained(1, 'running', null, [1])])).toBe(false);
    expect(constraintsRecorded([constrained(0, 'complete', 1), constrained(1, 'pruned', 2, [1])])).toBe(true);
  });

  it('with more feasible trials than the good set: the best feasible ones are good, every infeasible one bad', () => {
    // The best values belong to infeasible trials 0 and 3; feasible 1, 2, 4, 5 rank by value.
    const trials = [
      constrained(0, 'complete', 0, [1]),
      constrained(1, 'complete', 5, [0]),
      constrained(2, 'complete', 3, [-1]),
      constrained(3, 'complete', 0.5, [0.1]),
      constrained(4, 'complete', 4, [-2, -1]),
      constrained(5, 'pruned', 1, [-1]),
      constrained(6, 'running', null),
    ];
    const { below, above } = splitTrials(trials, 2, 'minimize', trialViolation);
    expect(numbers(below)).toEqual([2, 4]);
    expect(numbers(above)).toEqual([0, 1, 3, 5, 6]);
    expect(numbers(splitTrials(trials, 2, 'maximize', trialViolation).below)).toEqual([1, 4]);
    // Without the violations the split is by value alone.
    expect(numbers(splitTrials(trials, 2, 'minimize').below)).toEqual([0, 3]);
  });

  it('with fewer: every feasible trial is good, then the least violating, ties in trial order; none recorded ranks last', () => {
    const trials = [
      constrained(0, 'complete', 0, [2]),
      constrained(1, 'complete', 9, [-1]),
      constrained(2, 'complete', 1),
      constrained(3, 'complete', 7, [0.5, 0.5]),
      constrained(4, 'pruned', 8, [1]),
      constrained(5, 'running', null),
    ];
    expect(numbers(splitTrials(trials, 3, 'minimize', trialViolation).below)).toEqual([1, 3, 4]);
    expect(numbers(splitTrials(trials, 3, 'minimize', trialViolation).above)).toEqual([0, 2, 5]);
    expect(numbers(splitTrials(trials, 5, 'minimize', trialViolation).below)).toEqual([0, 1, 2, 3, 4]);
    expect(numbers(splitTrials(trials, 9, 'minimize', trialViolation).below)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
