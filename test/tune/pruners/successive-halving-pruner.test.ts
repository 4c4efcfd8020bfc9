// Asynchronous successive halving (Optuna's SuccessiveHalvingPruner semantics) over an in-test StudyView.
import { describe, expect, it } from 'vitest';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving-pruner.ts';
import type { Direction, FrozenTrial } from '../../../src/tune/types.ts';
import { curve, makeTrial, makeView } from './study-view.ts';

/** 27 deterministic learning curves whose ranking changes with the step. */
function lossCurve(i: number): (step: number) => number {
  const floor = ((i * 7) % 27) / 27; // a permutation of 0 … 26, over 27
  const speed = 1 + ((i * 11) % 27); // another permutation
  return (step) => floor + speed / (step * 10) + i * 1e-6;
}

/**
 * Synchronous rounds of successive halving run through the pruner: every surviving trial reports
 * steps up to the rung, then each is asked shouldPrune() against the whole study.
 */
async function runRounds(direction: Direction, rungs: readonly number[], eta: number) {
  const sign = direction === 'minimize' ? 1 : -1;
  const pruner = new SuccessiveHalvingPruner({ minResource: rungs[0]!, reductionFactor: eta });
  const trials = new Map<number, FrozenTrial>();
  for (let i = 0; i < 27; i += 1) trials.set(i, makeTrial(i, {}));
  let alive = [...trials.keys()];
  const survivors: number[][] = [];
  for (const rung of rungs) {
    for (const i of alive) trials.set(i, makeTrial(i, curve((step) => sign * lossCurve(i)(step), rung)));
    const view = makeView(direction, [...trials.values()]);
    const decisions = await Promise.all(alive.map(async (i) => [i, await pruner.shouldPrune(view, trials.get(i)!)] as const));
    for (const [i, prune] of decisions) if (prune) trials.set(i, { ...trials.get(i)!, state: 'pruned' });
    // Expected: the best ⌊m/η⌋ of the m survivors by their value at the rung.
    const ranked = [...alive].sort((a, b) => lossCurve(a)(rung) - lossCurve(b)(rung));
    const expected = ranked.slice(0, Math.max(1, Math.floor(alive.length / eta))).sort((a, b) => a - b);
    alive = decisions.filter(([, prune]) => !prune).map(([i]) => i);
    expect(alive).toEqual(expected);
    survivors.push(alive);
  }
  return survivors;
}

describe('SuccessiveHalvingPruner', () => {
  it('places rungs at minResource·η^(rate + k), below maxResource', () => {
    expect(new SuccessiveHalvingPruner({ minResource: 1, maxResource: 81 }).rungSteps()).toEqual([1, 3, 9, 27]);
    expect(new SuccessiveHalvingPruner({ minResource: 1, maxResource: 81, minEarlyStoppingRate: 2 }).rungSteps()).toEqual([9, 27]);
    expect(new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 }).rungSteps(40)).toEqual([2, 4, 8, 16, 32]);
    expect(new SuccessiveHalvingPruner({ minResource: 5 }).rungStep(2)).toBe(45);
  });

  it.each(['minimize', 'maximize'] as const)('keeps exactly the top 1/η at each rung (%s)', async (direction) => {
    const survivors = await runRounds(direction, [1, 3, 9], 3);
    expect(survivors.map((s) => s.length)).toEqual([9, 3, 1]);
  });

  it('keeps the top half with η = 2 (minimize and maximize agree on the same curves)', async () => {
    const min = await runRounds('minimize', [2, 4, 8], 2);
    const max = await runRounds('maximize', [2, 4, 8], 2);
    expect(min.map((s) => s.length)).toEqual([13, 6, 3]);
    expect(max).toEqual(min);
  });

  it.each(['minimize', 'maximize'] as const)('ties: exactly the top k go on, the earlier trial first (%s)', async (direction) => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3, maxResource: 9 });
    // Six trials with the same value at rung 1 (k = 2), and one better: only it and trial 0 go on.
    const trials = [0, 1, 2, 3, 4, 5].map((i) => makeTrial(i, { 1: 0.5 }));
    trials.push(makeTrial(6, { 1: direction === 'minimize' ? 0.4 : 0.6 }));
    const view = makeView(direction, trials);
    const kept: number[] = [];
    for (const t of trials) if (!(await pruner.shouldPrune(view, t))) kept.push(t.number);
    expect(kept).toEqual([0, 6]);
  });

  it('asynchronous arrivals: Optuna\'s rule, promote while in the top ⌊m/η⌋ (the best while m < η)', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
    const arrivals = [5, 3, 4, 1, 2, 6, 2.5, 1.5];
    const expected = [false, false, true, false, true, true, true, false];
    const done: FrozenTrial[] = [];
    for (const [i, value] of arrivals.entries()) {
      const trial = makeTrial(i, { 1: value });
      const prune = await pruner.shouldPrune(makeView('minimize', [...done, trial]), trial);
      expect([i, prune]).toEqual([i, expected[i]]);
      done.push({ ...trial, state: prune ? 'pruned' : 'running' });
    }
    // The same arrivals negated, maximising: the same decisions.
    const maximizing: FrozenTrial[] = [];
    for (const [i, value] of arrivals.entries()) {
      const trial = makeTrial(i, { 1: -value });
      const prune = await pruner.shouldPrune(makeView('maximize', [...maximizing, trial]), trial);
      expect([i, prune]).toEqual([i, expected[i]]);
      maximizing.push(trial);
    }
  });

  it('decides only at rung steps, once per rung', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
    const others = [0, 1, 2, 3, 4, 5].map((i) => makeTrial(i, curve(() => i, 9), 'complete'));
    // Worst value everywhere, but steps 2, 4 … 8 reach no new rung.
    for (const upTo of [2, 4, 5, 8]) {
      const trial = makeTrial(9, curve(() => 100, upTo));
      expect(await pruner.shouldPrune(makeView('minimize', [...others, trial]), trial)).toBe(false);
    }
    for (const upTo of [1, 3, 9]) {
      const trial = makeTrial(9, curve(() => 100, upTo));
      expect(await pruner.shouldPrune(makeView('minimize', [...others, trial]), trial)).toBe(true);
    }
    // Nothing reported: nothing to decide, and the study is not read.
    const view = makeView('minimize', others);
    expect(await pruner.shouldPrune(view, makeTrial(9, {}))).toBe(false);
    expect(view.calls).toBe(0);
  });

  it('a report that skips past rungs is judged at each rung it reaches', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
    // Others at rung 1: 1, 2, 3, 4, 5, 6; at rung 3: 0.5, 0.6, 0.7 (trials 0-2 only).
    const others = [0, 1, 2, 3, 4, 5].map((i) => makeTrial(i, i < 3 ? { 1: i + 1, 3: 0.5 + i / 10 } : { 1: i + 1 }, i < 3 ? 'running' : 'pruned'));
    // First report at step 4 with 1.5: top 2 of 7 at rung 1, but not the best of 4 at rung 3.
    const trial = makeTrial(9, { 4: 1.5 });
    expect(await pruner.shouldPrune(makeView('minimize', [...others, trial]), trial)).toBe(true);
    const better = makeTrial(9, { 4: 0.4 });
    expect(await pruner.shouldPrune(makeView('minimize', [...others, better]), better)).toBe(false);
    // Rung 1 alone decides when the others at rung 1 are all better and nobody is at rung 3.
    const early = [0, 1, 2, 3, 4, 5].map((i) => makeTrial(i, { 1: i / 10 }, 'pruned'));
    const lateComer = makeTrial(9, { 4: 1 });
    expect(await pruner.shouldPrune(makeView('minimize', [...early, lateComer]), lateComer)).toBe(true);
  });

  it("reads another trial's rung value at its first report at or past the rung", async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 3, reductionFactor: 2 });
    // Trial 0 reported steps 2 and 4: its rung-3 value is the step-4 value, 1.
    const other = makeTrial(0, { 2: 100, 4: 1 }, 'complete');
    const worse = makeTrial(1, { 3: 2 });
    const better = makeTrial(1, { 3: 0.5 });
    expect(await pruner.shouldPrune(makeView('minimize', [other, worse]), worse)).toBe(true);
    expect(await pruner.shouldPrune(makeView('minimize', [other, better]), better)).toBe(false);
  });

  it('is a pure predicate: same view, same answer, no private history', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1 });
    const others = [0, 1, 2].map((i) => makeTrial(i, { 1: i }, 'complete'));
    const trial = makeTrial(3, { 1: 1.5 });
    const view = makeView('minimize', [...others, trial]);
    const first = await pruner.shouldPrune(view, trial);
    expect(await pruner.shouldPrune(view, trial)).toBe(first);
    expect(await new SuccessiveHalvingPruner({ minResource: 1 }).shouldPrune(view, trial)).toBe(first);
    expect(first).toBe(true); // 4 values, top ⌊4/3⌋ = 1 is 0
  });

  it('NaN at a rung prunes; NaN between rungs does not; NaN rung values of others are ignored', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1 });
    const nanAtRung = makeTrial(0, { 1: Number.NaN });
    expect(await pruner.shouldPrune(makeView('minimize', [nanAtRung]), nanAtRung)).toBe(true);
    const nanBetween = makeTrial(0, { 1: 1, 2: Number.NaN });
    expect(await pruner.shouldPrune(makeView('minimize', [nanBetween]), nanBetween)).toBe(false);
    const others = [0, 1].map((i) => makeTrial(i, { 1: Number.NaN }, 'pruned'));
    const trial = makeTrial(2, { 1: 50 });
    expect(await pruner.shouldPrune(makeView('minimize', [...others, trial]), trial)).toBe(false);
  });

  it('no rung at or beyond maxResource: a trial that trains to the end is never pruned there', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, maxResource: 9 });
    const others = [0, 1, 2, 3, 4, 5].map((i) => makeTrial(i, curve(() => i, 9), 'complete'));
    const trial = makeTrial(9, { ...curve(() => 0, 8), 9: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...others, trial]), trial)).toBe(false);
    const unbounded = new SuccessiveHalvingPruner({ minResource: 1 });
    expect(await unbounded.shouldPrune(makeView('minimize', [...others, trial]), trial)).toBe(true);
  });

  it('bootstrapCount: a rung needs more than that many values before anyone is promoted', async () => {
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: 2 });
    const history: FrozenTrial[] = [];
    const decisions: boolean[] = [];
    for (const [i, value] of [3, 2, 1, 0.5].entries()) {
      const trial = makeTrial(i, { 1: value });
      decisions.push(await pruner.shouldPrune(makeView('minimize', [...history, trial]), trial));
      history.push(trial);
    }
    expect(decisions).toEqual([true, true, false, false]);
  });

  it('validates its options, naming the field, the rule and the value', () => {
    expect(() => new SuccessiveHalvingPruner({ minResource: 0 })).toThrow('SuccessiveHalvingPruner: minResource must be an integer >= 1, got 0');
    expect(() => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 1 })).toThrow(
      'SuccessiveHalvingPruner: reductionFactor must be an integer >= 2, got 1',
    );
    expect(() => new SuccessiveHalvingPruner({ minResource: 3, maxResource: 2 })).toThrow(
      'SuccessiveHalvingPruner: maxResource must be an integer >= 3, got 2',
    );
    expect(() => new SuccessiveHalvingPruner({ minResource: 1, minEarlyStoppingRate: -1 })).toThrow(
      'SuccessiveHalvingPruner: minEarlyStoppingRate must be an integer >= 0, got -1',
    );
    expect(() => new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: 0.5 })).toThrow(
      'SuccessiveHalvingPruner: bootstrapCount must be an integer >= 0, got 0.5',
    );
  });
});
