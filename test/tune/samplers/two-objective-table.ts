// One two-objective study in reproducible mode, under random delays: the trial table the
// multi-objective samplers must give alike at any parallelism.
import { SeededRandom } from '../../../src/random/seeded-random.ts';
import { createStudy } from '../../../src/tune/study.ts';
import type { Sampler } from '../../../src/tune/types.ts';

export async function twoObjectiveTable(sampler: () => Sampler, parallelism: number, delaySeed: number): Promise<unknown[]> {
  const random = new SeededRandom(delaySeed);
  const study = await createStudy({ directions: ['minimize', 'maximize'], seed: 6, sampler: sampler(), reproducible: true });
  await study.optimize(
    async (trial) => {
      const x = await trial.suggestFloat('x', 0, 1);
      const y = await trial.suggestFloat('y', 0, 1);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random.uniform() * 3)));
      return [x + y, y - x * x];
    },
    { nTrials: 12, parallelism },
  );
  return (await study.getTrials()).map((t) => [t.number, t.state, t.params, t.values]);
}
