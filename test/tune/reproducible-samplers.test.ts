// Every sampler with every pruner gives one table at parallelism 1, 3 and 4 under random delays:
// a synthetic objective (a learning curve from the parameters) keeps it fast.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/random/seeded-random.ts';
import { HyperbandPruner } from '../../src/tune/pruners/hyperband-pruner.ts';
import { MedianPruner } from '../../src/tune/pruners/median-pruner.ts';
import { PercentilePruner } from '../../src/tune/pruners/percentile-pruner.ts';
import { SuccessiveHalvingPruner } from '../../src/tune/pruners/successive-halving-pruner.ts';
import { GaussianProcessSampler } from '../../src/tune/samplers/bayes/index.ts';
import { GridSampler } from '../../src/tune/samplers/grid.ts';
import { RandomSampler } from '../../src/tune/samplers/random.ts';
import { TPESampler } from '../../src/tune/samplers/tpe/index.ts';
import { createStudy } from '../../src/tune/study.ts';
import type { Trial } from '../../src/tune/trial.ts';
import { TrialPrunedError } from '../../src/tune/trial-errors.ts';
import type { Pruner, Sampler } from '../../src/tune/types.ts';

const STEPS = 9;
// 10 trials, not 14: the GP and TPE samplers still make 6 proposals of their own after their 4
// start-up trials (the grid takes 10 of its 15 points), and every pairing still has pruned and
// complete trials at parallelism 1 (asserted below); the last four trials added more of the
// same for over a quarter of the file's CPU (0.4 s).
const TRIALS = 10;

const samplers: Record<string, () => Sampler> = {
  random: () => new RandomSampler(),
  grid: () => new GridSampler({ x: [0.1, 0.3, 0.5, 0.7, 0.9], y: [1, 2, 3] }),
  gp: () => new GaussianProcessSampler({ nStartupTrials: 4 }),
  tpe: () => new TPESampler({ nStartupTrials: 4, constantLiar: true }),
  'tpe multivariate': () => new TPESampler({ nStartupTrials: 4, multivariate: true }),
};
const pruners: Record<string, () => Pruner> = {
  median: () => new MedianPruner({ nStartupTrials: 2 }),
  percentile: () => new PercentilePruner(25, { nStartupTrials: 2 }),
  successiveHalving: () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3, maxResource: STEPS }),
  hyperband: () => new HyperbandPruner({ minResource: 1, maxResource: STEPS, reductionFactor: 3 }),
};

// The random delay is 0, 1 or 2 turns of the event loop (setImmediate), not 0-2 ms timers: what
// the test needs is trials that finish their steps in a different order in every run, and
// macrotask turns reorder them just as timers did (each turn runs every other trial's ready
// work), while 7 560 one-millisecond timers spent seconds of wall on nothing.
const pause = async (random: SeededRandom): Promise<void> => {
  for (let turns = Math.floor(random.uniform() * 3); turns > 0; turns--) await new Promise<void>((resolve) => setImmediate(resolve));
};

async function table(sampler: string, pruner: string, parallelism: number, delaySeed: number) {
  const random = new SeededRandom(delaySeed);
  const study = await createStudy({ seed: 5, sampler: samplers[sampler]!(), pruner: pruners[pruner]!(), reproducible: true });
  // Trials in their objective at once, at most: the parallel runs must really interleave.
  let inFlight = 0;
  let peak = 0;
  await study.optimize(
    async (trial: Trial) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await steps(trial, random);
      } finally {
        inFlight--;
      }
    },
    { nTrials: TRIALS, parallelism },
  );
  const rows = (await study.trials()).map((t) => ({ number: t.number, state: t.state, params: t.params, value: t.value, intermediate: t.intermediate }));
  return { rows, peak };
}

async function steps(trial: Trial, random: SeededRandom): Promise<number> {
  const x = await trial.suggestFloat('x', 0, 1);
  const y = await trial.suggestInt('y', 1, 3);
  let loss = 0;
  for (let step = 1; step <= STEPS; step++) {
    await pause(random);
    loss = (x - 0.4) ** 2 + y / 10 + 1 / step;
    await trial.report(loss, step);
    if (await trial.shouldPrune()) throw new TrialPrunedError();
  }
  return loss;
}

describe('reproducible study: every sampler and pruner', () => {
  for (const sampler of Object.keys(samplers)) {
    for (const pruner of Object.keys(pruners)) {
      it(`${sampler} + ${pruner}: one table at parallelism 1, 3 and 4`, async () => {
        const one = await table(sampler, pruner, 1, 1);
        expect(one.rows.some((r) => r.state === 'pruned')).toBe(true);
        for (const [parallelism, delaySeed] of [[3, 2], [4, 3]] as const) {
          const { rows, peak } = await table(sampler, pruner, parallelism, delaySeed);
          expect(peak).toBeGreaterThan(1);
          expect(rows).toEqual(one.rows);
        }
      }, 30_000);
    }
  }
});
