// The good/bad split: complete trials by value in the study's direction, then pruned ones by
// step reached and last value, running ones always bad; both halves in trial-number order.
import { describe, expect, it } from 'vitest';
import { splitTrials } from '../../../../src/tune/samplers/tpe/split-trials.ts';
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
