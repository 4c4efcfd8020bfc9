// Median and percentile pruning (Optuna's MedianPruner / PercentilePruner semantics) over an in-test StudyView.
import { describe, expect, it } from 'vitest';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import { NopPruner } from '../../../src/tune/pruners/nop-pruner.ts';
import { nanPercentile, PercentilePruner } from '../../../src/tune/pruners/percentile-pruner.ts';
import type { FrozenTrial } from '../../../src/tune/types.ts';
import { curve, makeTrial, makeView } from './study-view.ts';

/** `count` complete trials with a flat curve at 1, 2, 3 … up to step 10. */
function completeTrials(count: number): FrozenTrial[] {
  return Array.from({ length: count }, (_, i) => makeTrial(i, curve(() => i + 1, 10), 'complete'));
}

describe('MedianPruner', () => {
  it('respects nStartupTrials: no pruning until that many trials are complete', async () => {
    const pruner = new MedianPruner({ nStartupTrials: 5 });
    const bad = (n: number) => makeTrial(n, { 1: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...completeTrials(4), bad(4)]), bad(4))).toBe(false);
    expect(await pruner.shouldPrune(makeView('minimize', [...completeTrials(5), bad(5)]), bad(5))).toBe(true);
    // Running and pruned trials do not count towards the start-up trials.
    const others = [makeTrial(10, curve(() => 0, 10), 'running'), makeTrial(11, curve(() => 0, 10), 'pruned')];
    expect(await pruner.shouldPrune(makeView('minimize', [...completeTrials(4), ...others, bad(4)]), bad(4))).toBe(false);
    // With no start-up requirement, one complete trial is enough.
    expect(await new MedianPruner({ nStartupTrials: 0 }).shouldPrune(makeView('minimize', [...completeTrials(1), bad(1)]), bad(1))).toBe(true);
    expect(await new MedianPruner({ nStartupTrials: 0 }).shouldPrune(makeView('minimize', [bad(0)]), bad(0))).toBe(false);
  });

  it('respects nWarmupSteps: no pruning before that step', async () => {
    const pruner = new MedianPruner({ nWarmupSteps: 3 });
    const history = completeTrials(5);
    for (const [upTo, expected] of [[1, false], [2, false], [3, true], [4, true]] as const) {
      const trial = makeTrial(9, curve(() => 100, upTo));
      expect([upTo, await pruner.shouldPrune(makeView('minimize', [...history, trial]), trial)]).toEqual([upTo, expected]);
    }
  });

  it('respects intervalSteps: prunes only on the first report at or past each pruning step', async () => {
    const pruner = new MedianPruner({ nWarmupSteps: 1, intervalSteps: 3 }); // pruning steps 1, 4, 7, 10
    const history = completeTrials(5);
    const decisions: boolean[] = [];
    for (let upTo = 1; upTo <= 8; upTo += 1) {
      const trial = makeTrial(9, curve(() => 100, upTo));
      decisions.push(await pruner.shouldPrune(makeView('minimize', [...history, trial]), trial));
    }
    expect(decisions).toEqual([true, false, false, true, false, false, true, false]);
    // Skipping from step 2 to step 5 crosses pruning step 4: decided at 5.
    const skipping = makeTrial(9, { 2: 100, 5: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, skipping]), skipping)).toBe(true);
  });

  it("compares the trial's best value so far with the median at the same step", async () => {
    const pruner = new MedianPruner();
    // Complete trials at step 2: 1, 2, 3, 4 → median 2.5.
    const history = [1, 2, 3, 4, 5].map((v, i) => makeTrial(i, i < 4 ? { 1: 0, 2: v } : { 1: 0 }, 'complete'));
    const at = async (values: Record<number, number>) => {
      const trial = makeTrial(9, values);
      return pruner.shouldPrune(makeView('minimize', [...history, trial]), trial);
    };
    expect(await at({ 1: 9, 2: 2.6 })).toBe(true);
    expect(await at({ 1: 9, 2: 2.5 })).toBe(false); // equal to the median is not worse
    expect(await at({ 1: 9, 2: 2.4 })).toBe(false);
    // The best so far (1 at step 1) counts, not the latest value.
    expect(await at({ 1: 1, 2: 50 })).toBe(false);
    // No complete trial reported step 3: no pruning there.
    expect(await at({ 1: 9, 2: 9, 3: 9 })).toBe(false);
  });

  it('maximize: worse means smaller', async () => {
    const pruner = new MedianPruner();
    const history = completeTrials(5); // values 1 … 5 at every step → median 3
    const trial = (v: number) => makeTrial(9, { 1: v });
    expect(await pruner.shouldPrune(makeView('maximize', [...history, trial(2.9)]), trial(2.9))).toBe(true);
    expect(await pruner.shouldPrune(makeView('maximize', [...history, trial(3)]), trial(3))).toBe(false);
    expect(await pruner.shouldPrune(makeView('minimize', [...history, trial(2.9)]), trial(2.9))).toBe(false);
  });

  it('NaN: an all-NaN curve prunes; NaN values of other trials are ignored', async () => {
    const pruner = new MedianPruner();
    const history = completeTrials(5);
    const nan = makeTrial(9, { 1: Number.NaN });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, nan]), nan)).toBe(true);
    const partlyNan = makeTrial(9, { 1: 1, 2: Number.NaN });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, partlyNan]), partlyNan)).toBe(false);
    const nanHistory = [0, 1, 2, 3, 4].map((i) => makeTrial(i, { 1: i === 0 ? 10 : Number.NaN }, 'complete'));
    const trial = makeTrial(9, { 1: 11 });
    expect(await pruner.shouldPrune(makeView('minimize', [...nanHistory, trial]), trial)).toBe(true);
  });

  it('nMinTrials: needs that many complete trials reporting at the step', async () => {
    const pruner = new MedianPruner({ nStartupTrials: 0, nMinTrials: 3 });
    const history = [0, 1].map((i) => makeTrial(i, { 1: 0 }, 'complete'));
    const trial = makeTrial(9, { 1: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, trial]), trial)).toBe(false);
    const more = [...history, makeTrial(2, { 1: 0 }, 'complete')];
    expect(await pruner.shouldPrune(makeView('minimize', [...more, trial]), trial)).toBe(true);
  });

  it('validates its options, naming the field, the rule and the value', () => {
    expect(() => new MedianPruner({ nStartupTrials: -1 })).toThrow('MedianPruner: nStartupTrials must be an integer >= 0, got -1');
    expect(() => new MedianPruner({ nWarmupSteps: 1.5 })).toThrow('MedianPruner: nWarmupSteps must be an integer >= 0, got 1.5');
    expect(() => new MedianPruner({ intervalSteps: 0 })).toThrow('MedianPruner: intervalSteps must be an integer >= 1, got 0');
    expect(() => new PercentilePruner(101)).toThrow('PercentilePruner: percentile must be a number in [0, 100], got 101');
    expect(new MedianPruner().name).toBe('MedianPruner');
  });
});

describe('PercentilePruner', () => {
  it('keeps the top p% in both directions', async () => {
    const pruner = new PercentilePruner(25, { nStartupTrials: 0 });
    const history = completeTrials(5); // 1 … 5: 25th percentile 2, 75th 4
    const trial = (v: number) => makeTrial(9, { 1: v });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, trial(2.1)]), trial(2.1))).toBe(true);
    expect(await pruner.shouldPrune(makeView('minimize', [...history, trial(2)]), trial(2))).toBe(false);
    expect(await pruner.shouldPrune(makeView('maximize', [...history, trial(3.9)]), trial(3.9))).toBe(true);
    expect(await pruner.shouldPrune(makeView('maximize', [...history, trial(4)]), trial(4))).toBe(false);
  });

  it('interpolates like numpy.nanpercentile', () => {
    expect(nanPercentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(nanPercentile([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(nanPercentile([1, 2, 3, 4], 10)).toBeCloseTo(1.3, 12);
    expect(nanPercentile([Number.NaN, 7], 50)).toBe(7);
    expect(nanPercentile([Number.NaN], 50)).toBeNaN();
  });
});

describe('NopPruner', () => {
  it('never prunes', async () => {
    const trial = makeTrial(9, { 1: Number.NaN });
    expect(await new NopPruner().shouldPrune(makeView('minimize', [...completeTrials(5), trial]), trial)).toBe(false);
  });
});
