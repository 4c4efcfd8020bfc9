// A two-objective study with Hyperband under the logical clock (reproducible: true): the same
// trials, values, prune decisions and Pareto front at parallelism 1 and 3, whatever the timing.
import { describe, expect, it } from 'vitest';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband-pruner.ts';
import { RandomSampler } from '../../../src/tune/samplers/random.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { TrialPrunedError } from '../../../src/tune/trial-errors.ts';

async function table(parallelism: number): Promise<string> {
  const study = await createStudy({
    directions: ['minimize', 'minimize'],
    sampler: new RandomSampler({ seed: 4 }),
    pruner: new HyperbandPruner({ maxResource: 9 }),
    reproducible: true,
    seed: 4,
  });
  await study.optimize(async (trial) => {
    const x = await trial.suggestFloat('x', 0, 1);
    const y = await trial.suggestFloat('y', 0, 1);
    let error = 0;
    for (let step = 1; step <= 9; step++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      error = (x - 0.3) ** 2 + y / step;
      await trial.report(error, step);
      if (await trial.shouldPrune()) throw new TrialPrunedError();
    }
    return [error, (1 - x) * (1 + y)];
  }, { nTrials: 24, parallelism });
  const rows = (await study.getTrials()).map((t) => `${t.number} ${t.state} ${JSON.stringify(t.values)}`);
  return `${rows.join('\n')}\nfront ${(await study.bestTrials()).map((t) => t.number).join(',')}`;
}

describe('several objectives, reproducible', () => {
  it('gives the same trial table and front at parallelism 1 and 3', async () => {
    const one = await table(1);
    expect(one).toContain('pruned');
    expect(await table(3)).toBe(one);
  });
});
