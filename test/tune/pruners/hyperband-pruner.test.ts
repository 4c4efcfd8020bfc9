// Hyperband as successive-halving brackets over an in-test StudyView.
import { describe, expect, it } from 'vitest';
import { hyperbandBrackets } from '../../../src/tune/pruners/hyperband-brackets.ts';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband-pruner.ts';
import type { FrozenTrial, StudyView } from '../../../src/tune/types.ts';
import { makeTrial, makeView } from './study-view.ts';

/** The first `count` trial numbers that land in `bracket`. */
function numbersIn(pruner: HyperbandPruner, bracket: number, count: number, from = 0): number[] {
  const numbers: number[] = [];
  for (let n = from; numbers.length < count; n += 1) if (pruner.bracketOf(n) === bracket) numbers.push(n);
  return numbers;
}

describe('HyperbandPruner', () => {
  it('has the paper brackets: budgets n_s and rungs r_0 … r_(s−1)', () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 81, reductionFactor: 3 });
    expect(pruner.nBrackets).toBe(5);
    expect(pruner.bracketBudgets).toEqual([81, 34, 15, 8, 5]);
    const rungs = [0, 1, 2, 3, 4].map((b) => pruner.bracketPruner(b).rungSteps());
    expect(rungs).toEqual([[1, 3, 9, 27], [3, 9, 27], [9, 27], [27], []]);
    // The same numbers as the schedule: bracket b is s = s_max − b.
    const brackets = hyperbandBrackets(81, 3);
    expect(brackets.map((bracket) => bracket.rounds[0]!.n)).toEqual(pruner.bracketBudgets);
    expect(brackets.map((bracket) => bracket.rounds.slice(0, -1).map((round) => round.r))).toEqual(rungs);
  });

  it('budgets match hyperbandBrackets for other R and η; minResource scales the rungs', () => {
    for (const [R, eta] of [[27, 3], [16, 2], [1, 3], [100, 4]] as const) {
      const pruner = new HyperbandPruner({ maxResource: R, reductionFactor: eta });
      expect(pruner.bracketBudgets).toEqual(hyperbandBrackets(R, eta).map((bracket) => bracket.rounds[0]!.n));
    }
    const scaled = new HyperbandPruner({ minResource: 2, maxResource: 54 });
    expect(scaled.bracketBudgets).toEqual([27, 12, 6, 4]);
    expect(scaled.bracketPruner(0).rungSteps()).toEqual([2, 6, 18]);
    expect(new HyperbandPruner({ minResource: 5, maxResource: 5 }).nBrackets).toBe(1);
  });

  it('assigns brackets deterministically from the trial number, in proportion to the budgets', () => {
    const a = new HyperbandPruner({ maxResource: 81 });
    const b = new HyperbandPruner({ minResource: 1, maxResource: 81, reductionFactor: 3 });
    const total = 143 * 100;
    const counts = [0, 0, 0, 0, 0];
    // The trial numbers where the two pruners disagree, asserted empty once (not 14,300 expects).
    const differ: number[] = [];
    for (let n = 0; n < total; n += 1) {
      const bracket = a.bracketOf(n);
      if (b.bracketOf(n) !== bracket) differ.push(n);
      counts[bracket]! += 1;
    }
    expect(differ).toEqual([]);
    for (const [bracket, budget] of a.bracketBudgets.entries()) {
      expect(counts[bracket]! / total).toBeGreaterThan((budget / 143) * 0.85);
      expect(counts[bracket]! / total).toBeLessThan((budget / 143) * 1.15);
    }
    // Not blocks of consecutive numbers: every bracket appears among the first 100 trials.
    expect(new Set(Array.from({ length: 100 }, (_, n) => a.bracketOf(n))).size).toBe(5);
    expect(a.bracketOf(2 ** 40 + 3)).toBeGreaterThanOrEqual(0);
  });

  it('prunes within a bracket only', async () => {
    const pruner = new HyperbandPruner({ maxResource: 81 });
    const [candidate, ...bracket0] = numbersIn(pruner, 0, 4);
    const bracket1 = numbersIn(pruner, 1, 6);
    // Bracket 1 trials are far better at step 1 (no rung for them there) and at step 3.
    const strangers = bracket1.map((n, i) => makeTrial(n, { 1: i / 100, 2: i / 100, 3: i / 100 }, 'complete'));
    const peers = bracket0.map((n, i) => makeTrial(n, { 1: 10 + i }, 'pruned'));
    const trial = makeTrial(candidate!, { 1: 5 });
    const view = makeView('minimize', [...strangers, ...peers, trial]);
    // Best of its 4 bracket-0 values at rung 1 (top ⌊4/3⌋ = 1): promoted.
    expect(await pruner.shouldPrune(view, trial)).toBe(false);
    // A plain successive-halving pruner over the whole study would prune it.
    expect(await pruner.bracketPruner(0).shouldPrune(view, trial)).toBe(true);
    // Worse than its peers: pruned.
    const worse = makeTrial(candidate!, { 1: 20 });
    expect(await pruner.shouldPrune(makeView('minimize', [...strangers, ...peers, worse]), worse)).toBe(true);
  });

  it("judges a trial by its bracket's rungs: bracket 1 has no rung at step 1", async () => {
    const pruner = new HyperbandPruner({ maxResource: 81 });
    const [candidate, ...peers] = numbersIn(pruner, 1, 7);
    const history = peers.map((n, i) => makeTrial(n, { 1: i, 3: i }, 'complete'));
    const atStep1 = makeTrial(candidate!, { 1: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, atStep1]), atStep1)).toBe(false);
    const atStep3 = makeTrial(candidate!, { 1: 100, 2: 100, 3: 100 });
    expect(await pruner.shouldPrune(makeView('minimize', [...history, atStep3]), atStep3)).toBe(true);
  });

  it('the last bracket (s = 0) never prunes; nothing is pruned at maxResource', async () => {
    const pruner = new HyperbandPruner({ maxResource: 81 });
    const [candidate, ...peers] = numbersIn(pruner, 4, 7);
    const history = peers.map((n, i) => makeTrial(n, { 27: i, 81: i }, 'complete'));
    const trial = makeTrial(candidate!, { 27: 100, 81: 100 });
    expect(await pruner.shouldPrune(makeView('maximize', [...history, trial]), trial)).toBe(false);
    expect(await pruner.shouldPrune(makeView('minimize', [...history, trial]), trial)).toBe(false);
  });

  it('equals its bracket pruner over the bracket view, for many trials, in both directions', async () => {
    const pruner = new HyperbandPruner({ maxResource: 27 });
    const trials: FrozenTrial[] = [];
    for (let n = 0; n < 60; n += 1) {
      const upTo = [1, 3, 9, 27][n % 4]!;
      const values: Record<number, number> = {};
      for (let step = 1; step <= upTo; step += 1) values[step] = ((n * 37) % 61) / (step + (n % 5));
      trials.push(makeTrial(n, values, n % 3 === 0 ? 'running' : 'complete'));
    }
    for (const direction of ['minimize', 'maximize'] as const) {
      const view = makeView(direction, trials);
      for (const trial of trials) {
        const bracket = pruner.bracketOf(trial.number);
        const bracketView: StudyView = {
          direction,
          seed: view.seed,
          getTrials: async (states) => (await view.getTrials(states)).filter((t) => pruner.bracketOf(t.number) === bracket),
        };
        expect(await pruner.shouldPrune(view, trial)).toBe(await pruner.bracketPruner(bracket).shouldPrune(bracketView, trial));
      }
    }
  });

  it('validates its options and bracketOf, naming the field, the rule and the value', () => {
    expect(() => new HyperbandPruner({ maxResource: 0 })).toThrow('HyperbandPruner: maxResource must be an integer >= 1, got 0');
    expect(() => new HyperbandPruner({ minResource: 3, maxResource: 2 })).toThrow('HyperbandPruner: maxResource must be an integer >= 3, got 2');
    expect(() => new HyperbandPruner({ minResource: 0, maxResource: 9 })).toThrow('HyperbandPruner: minResource must be an integer >= 1, got 0');
    expect(() => new HyperbandPruner({ maxResource: 9, reductionFactor: 1.5 })).toThrow(
      'HyperbandPruner: reductionFactor must be an integer >= 2, got 1.5',
    );
    expect(() => new HyperbandPruner({} as { maxResource: number })).toThrow('HyperbandPruner: maxResource must be an integer >= 1, got undefined');
    const pruner = new HyperbandPruner({ maxResource: 9 });
    expect(() => pruner.bracketOf(-1)).toThrow('HyperbandPruner.bracketOf: trialNumber must be an integer >= 0, got -1');
    expect(() => pruner.bracketPruner(5)).toThrow('HyperbandPruner.bracketPruner: bracket must be an integer in [0, 2], got 5');
  });
});
