// The pruners on the views a study hands them: a reproducible study's view (only lower-numbered
// trials, through trialsBefore) and a study's own view (step values kept as trials report), plus
// the option checks and names not covered elsewhere.
import { describe, expect, it } from 'vitest';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband-pruner.ts';
import { valueAtRung } from '../../../src/tune/pruners/intermediate.ts';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import { NopPruner } from '../../../src/tune/pruners/nop-pruner.ts';
import { PercentilePruner } from '../../../src/tune/pruners/percentile-pruner.ts';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving-pruner.ts';
import { LogicalHistory } from '../../../src/tune/reproducible/logical-history.ts';
import { createStudy } from '../../../src/tune/study.ts';
import type { FrozenTrial, StudyView, TrialState } from '../../../src/tune/types.ts';
import { makeTrial, makeView } from './study-view.ts';

/** A reproducible study's view over `trials` (all finished or past the steps asked: no waits). */
function reproducibleView(trials: FrozenTrial[]): StudyView {
  const logical = new LogicalHistory({
    read: async () => structuredClone(trials),
    direction: 'minimize',
    seed: 0,
    options: { logicalWorkers: 1, waitTimeoutMs: 10_000, pollMs: 1 },
    reap: async () => undefined,
  });
  return logical.view(trials);
}

const at1 = (number: number, value: number, state: TrialState = 'complete') => makeTrial(number, { 1: value }, state);

describe('a reproducible view: lower-numbered trials only', () => {
  it('MedianPruner compares with the lower complete trials, not higher ones nor pruned ones', async () => {
    const judged = at1(3, 1);
    const trials = [at1(0, 0.1), at1(1, 0.2), at1(2, 0.3), judged, ...[4, 5, 6, 7, 8].map((n) => at1(n, 5))];
    const pruner = new MedianPruner({ nStartupTrials: 3 });
    // Lower: median 0.2, so 1 is worse. Over every trial the median would be 5.
    expect(await pruner.shouldPrune(reproducibleView(trials), judged)).toBe(true);
    expect(await pruner.shouldPrune(makeView('minimize', trials), judged)).toBe(false);
    // A lower pruned trial neither counts towards nStartupTrials nor moves the median.
    const withPruned = [at1(0, 0.1), at1(1, 0.2), at1(2, 9, 'pruned'), at1(3, 0.3), at1(4, 0.22)];
    expect(await new MedianPruner({ nStartupTrials: 3 }).shouldPrune(reproducibleView(withPruned), withPruned[4]!)).toBe(true);
    expect(await new MedianPruner({ nStartupTrials: 4 }).shouldPrune(reproducibleView(withPruned), withPruned[4]!)).toBe(false);
  });

  it('MedianPruner: a trial numbered below nStartupTrials is never pruned', async () => {
    const trials = [at1(0, 0.1), at1(1, 0.2), at1(2, 0.3), at1(3, 9)];
    expect(await new MedianPruner({ nStartupTrials: 4 }).shouldPrune(reproducibleView(trials), trials[3]!)).toBe(false);
    expect(await new MedianPruner({ nStartupTrials: 3 }).shouldPrune(reproducibleView(trials), trials[3]!)).toBe(true);
  });

  it('SuccessiveHalvingPruner ranks a trial among the lower trials at the rung only', async () => {
    const judged = at1(3, 0.25, 'running');
    const trials = [at1(0, 0.1), at1(1, 0.2), at1(2, 0.3), judged, ...[4, 5, 6, 7, 8, 9].map((n) => at1(n, 9))];
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    // Lower: 4 values, top 2 promoted, 0.25 is third. Over all 10 the top 5 would take it.
    expect(await pruner.shouldPrune(reproducibleView(trials), judged)).toBe(true);
    expect(await pruner.shouldPrune(makeView('minimize', trials), judged)).toBe(false);
  });

  it('HyperbandPruner ranks a trial among the lower trials of its own bracket', async () => {
    const pruner = new HyperbandPruner({ maxResource: 9, reductionFactor: 3 });
    const inBracket0: number[] = [];
    const others: number[] = [];
    for (let n = 0; inBracket0.length < 8; n += 1) (pruner.bracketOf(n) === 0 ? inBracket0 : others).push(n);
    // The first bracket-0 trial with a trial of another bracket below it.
    const judgedNumber = inBracket0.find((n) => n > others[0]!)!;
    // Below it in bracket 0: worse trials (it is the best there: promoted). Other brackets and
    // higher bracket-0 trials are better, and must not count.
    const trials = [
      ...inBracket0.map((n) => at1(n, n < judgedNumber ? 9 : 0)).filter((t) => t.number !== judgedNumber),
      ...others.map((n) => at1(n, 0)),
      at1(judgedNumber, 0.5, 'running'),
    ].sort((a, b) => a.number - b.number);
    const judged = trials.find((t) => t.number === judgedNumber)!;
    expect(await pruner.shouldPrune(reproducibleView(trials), judged)).toBe(false);
    expect(await pruner.bracketPruner(0).shouldPrune(reproducibleView(trials), judged)).toBe(true);
  });
});

describe("a study's own view", () => {
  it('HyperbandPruner reads the step values of its bracket only, as over a plain list of trials', async () => {
    const pruner = new HyperbandPruner({ maxResource: 9, reductionFactor: 3 });
    const study = await createStudy({ pruner, seed: 1 });
    const decisions: boolean[] = [];
    const expected: boolean[] = [];
    for (let i = 0; i < 14; i += 1) {
      const trial = await study.ask();
      // Values alternate between good and bad so that brackets disagree about the rung's top third.
      const value = ((i * 7) % 5) / 5 + (pruner.bracketOf(trial.number) === 0 ? 0.5 : 0);
      await trial.report(value, 1);
      await trial.report(value, 3);
      decisions.push(await trial.shouldPrune());
      const frozen = await trial.frozen();
      expect(frozen.intermediate).toEqual({ 1: value, 3: value });
      expected.push(await pruner.shouldPrune(makeView('minimize', await study.trials()), frozen));
      await study.tell(trial, decisions.at(-1) ? 'pruned' : value);
    }
    expect(decisions).toEqual(expected);
    expect(decisions.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('hashes trial numbers past 2^32 whole, not by their low 32 bits', () => {
    const pruner = new HyperbandPruner({ maxResource: 81 });
    const low = Array.from({ length: 64 }, (_, i) => pruner.bracketOf(i));
    const high = Array.from({ length: 64 }, (_, i) => pruner.bracketOf(2 ** 32 + i));
    expect(high).not.toEqual(low);
  });
});

describe('PercentilePruner edges', () => {
  const history = [1, 2, 3, 4, 5].map((v, i) => makeTrial(i, { 1: v, 2: v, 3: v }, 'complete'));

  it('never prunes before the warm-up ends, however bad the trial', async () => {
    const pruner = new MedianPruner({ nStartupTrials: 0, nWarmupSteps: 3 });
    const early = makeTrial(9, { 1: 100, 2: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, early]), early)).toBe(false);
    const late = makeTrial(9, { 1: 100, 2: 100, 3: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, late]), late)).toBe(true);
  });

  it('prunes nothing, not even an all-NaN curve, before any trial is complete', async () => {
    const nan = makeTrial(0, { 1: Number.NaN });
    expect(await new MedianPruner({ nStartupTrials: 0 }).shouldPrune(makeView('minimize', [nan]), nan)).toBe(false);
    expect(await new MedianPruner({ nStartupTrials: 0 }).shouldPrune(makeView('minimize', [history[0]!, nan]), nan)).toBe(true);
  });

  it('accepts percentiles 0 and 100 and refuses others, naming the value', async () => {
    const trial = makeTrial(9, { 1: 5 });
    // 0th percentile (minimize) is the best value, 1: a 5 is worse. The 100th is the worst, 5: not worse.
    expect(await new PercentilePruner(0, { nStartupTrials: 0 }).shouldPrune(makeView('minimize', [...history, trial]), trial)).toBe(true);
    expect(await new PercentilePruner(100, { nStartupTrials: 0 }).shouldPrune(makeView('minimize', [...history, trial]), trial)).toBe(false);
    for (const bad of [-0.5, 100.5, Number.NaN, '50']) {
      expect(() => new PercentilePruner(bad as number)).toThrow(new RangeError(`PercentilePruner: percentile must be a number in [0, 100], got ${bad === '50' ? '"50"' : bad}`));
    }
    expect(() => new MedianPruner({ nMinTrials: 0 })).toThrow('MedianPruner: nMinTrials must be an integer >= 1, got 0');
    expect(() => new PercentilePruner(50, { nStartupTrials: '1' as never })).toThrow('PercentilePruner: nStartupTrials must be an integer >= 0, got "1"');
  });
});

describe('pruner names and the remaining checks', () => {
  it('names each pruner as reports and the CLI show it', () => {
    expect(new NopPruner().name).toBe('NopPruner');
    expect(new PercentilePruner(25).name).toBe('PercentilePruner');
    expect(new SuccessiveHalvingPruner({ minResource: 1 }).name).toBe('SuccessiveHalvingPruner');
    expect(new HyperbandPruner({ maxResource: 9 }).name).toBe('HyperbandPruner');
  });

  it('checks rung indices, the range of rungSteps, and Hyperband bootstrapCount', () => {
    const sha = new SuccessiveHalvingPruner({ minResource: 2 });
    expect(() => sha.rungStep(-1)).toThrow(new RangeError('SuccessiveHalvingPruner.rungStep: k must be an integer >= 0, got -1'));
    expect(() => sha.rungStep(0.5)).toThrow('SuccessiveHalvingPruner.rungStep: k must be an integer >= 0, got 0.5');
    expect(() => sha.rungSteps()).toThrow(new RangeError('SuccessiveHalvingPruner.rungSteps: upTo must be finite (or maxResource set), got Infinity'));
    expect(sha.rungSteps(54)).toEqual([2, 6, 18]);
    expect(() => new HyperbandPruner({ maxResource: 9, bootstrapCount: -1 })).toThrow('HyperbandPruner: bootstrapCount must be an integer >= 0, got -1');
  });

  it("reads a trial's rung value at its first report at or past the rung", () => {
    const trial = makeTrial(0, { 1: 0.9, 4: 0.4, 9: 0.1 });
    expect([valueAtRung(trial, 1), valueAtRung(trial, 3), valueAtRung(trial, 9), valueAtRung(trial, 10)]).toEqual([0.9, 0.4, 0.1, undefined]);
  });
});
