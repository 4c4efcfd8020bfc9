// Pruning a study with several objectives (which Optuna cannot): trial.report gives the pruners
// the first objective's value, and they rank it in the first direction. Pruned trials keep
// [their last report] and stay off the Pareto front, which is that of the complete trials.
import { describe, expect, it } from 'vitest';
import { dominates } from '../../../src/tune/multi-objective/pareto.ts';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband-pruner.ts';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import { RandomSampler } from '../../../src/tune/samplers/random.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { TrialPrunedError } from '../../../src/tune/trial-errors.ts';
import type { Trial } from '../../../src/tune/trial.ts';
import type { Direction, Pruner } from '../../../src/tune/types.ts';

const STEPS = 9;

/** Accuracy grows with x and with training; the cost (a latency) grows with x too: a trade-off. */
async function objective(trial: Trial): Promise<number[]> {
  const x = await trial.suggestFloat('x', 0, 1);
  let accuracy = 0;
  for (let step = 1; step <= STEPS; step++) {
    accuracy = x * (1 - 0.5 ** step);
    await trial.report(accuracy, step);
    if (await trial.shouldPrune()) throw new TrialPrunedError();
  }
  return [accuracy, 1 + 10 * x * x];
}

async function run(pruner: Pruner, directions: Direction[]) {
  const study = await createStudy({ directions, seed: 5, sampler: new RandomSampler({ seed: 5 }), pruner });
  await study.optimize(objective, { nTrials: 60 });
  const trials = await study.trials();
  const complete = trials.filter((t) => t.state === 'complete');
  const pruned = trials.filter((t) => t.state === 'pruned');
  return { study, trials, complete, pruned };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('pruning with several objectives', () => {
  for (const [label, make] of [
    ['Hyperband', () => new HyperbandPruner({ minResource: 1, maxResource: STEPS, reductionFactor: 3 })],
    ['median', () => new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 1 })],
  ] as const) {
    it(`${label}: prunes on the first objective in its direction and ends with the front of the complete trials`, async () => {
      const { study, trials, complete, pruned } = await run(make(), ['maximize', 'minimize']);
      expect(trials).toHaveLength(60);
      expect(pruned.length).toBeGreaterThan(5);
      expect(complete.length).toBeGreaterThan(5);
      // Ranked as accuracy (maximize): the trials stopped early are the low-x ones.
      expect(mean(pruned.map((t) => t.params['x'] as number))).toBeLessThan(mean(complete.map((t) => t.params['x'] as number)));
      for (const t of pruned) {
        const last = Math.max(...Object.keys(t.intermediate).map(Number));
        expect(t.values).toEqual([t.intermediate[last]]);
      }
      const front = await study.bestTrials();
      const brute = complete.filter((t) => !complete.some((o) => dominates(['maximize', 'minimize'], o.values!, t.values!)));
      expect(front.map((t) => t.number)).toEqual(brute.map((t) => t.number));
      // Accuracy up means latency up here: every complete trial trades one for the other, so all are on the front.
      expect(front.length).toBe(complete.length);
    });
  }

  it('the same reports ranked in the other direction prune the other end', async () => {
    const { pruned, complete } = await run(new HyperbandPruner({ minResource: 1, maxResource: STEPS, reductionFactor: 3 }), ['minimize', 'minimize']);
    expect(pruned.length).toBeGreaterThan(5);
    expect(mean(pruned.map((t) => t.params['x'] as number))).toBeGreaterThan(mean(complete.map((t) => t.params['x'] as number)));
  });
});
