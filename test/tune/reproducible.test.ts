// One study seed, one history: the same trials, parameters, values, prune decisions and best
// trial at parallelism 1, 2 and 4 and under random delays (scaled-down digits, GP + Hyperband).
import { describe, expect, it } from 'vitest';
import { InlineExecutor } from '../../src/tune/executors/inline-executor.ts';
import { createStudy } from '../../src/tune/study.ts';
import { delayingExecutor, digitsObjective, digitsPruner, digitsSampler, STUDY_SEED, trialTable } from '../fixtures/reproducible-study.ts';

// 12 trials, not 16: the table still holds complete trials (6), trials pruned at the first and
// at the third rung (4 and 2), and 8 GP proposals after the 4 start-up ones, each made at
// parallelism 2 and 4 while lower-numbered trials run; trials 12-15 only added more of the same
// (pruned at rungs 1 and 3) for about a seventh of the file's CPU (0.25 s).
const TRIALS = 12;

async function run(parallelism: number, delaySeed?: number, reproducible = true) {
  const study = await createStudy({ direction: 'maximize', seed: STUDY_SEED, sampler: digitsSampler(), pruner: digitsPruner(), reproducible });
  const executor = delaySeed === undefined ? new InlineExecutor() : delayingExecutor(new InlineExecutor(), delaySeed);
  await study.optimize(digitsObjective(executor), { nTrials: TRIALS, parallelism });
  return trialTable(study);
}

// The table at parallelism 1, inline and with no delays: every test compares with it, so it is
// computed once for the file (each run trains 16 trials) rather than once per test.
let inlineRun: ReturnType<typeof run> | undefined;
const inlineTable = () => (inlineRun ??= run(1));

describe('reproducible study (logical clock)', () => {
  it('gives the same trial table at parallelism 1, 2 and 4', async () => {
    const one = await inlineTable();
    expect(one.rows).toHaveLength(TRIALS);
    // Hyperband pruned some and let some finish: both decisions are covered.
    expect(one.rows.some((r) => r.state === 'pruned')).toBe(true);
    expect(one.rows.some((r) => r.state === 'complete')).toBe(true);
    expect(await run(2)).toEqual(one);
    expect(await run(4)).toEqual(one);
  }, 60_000);

  it('gives the same table whatever the timing (random delays, seeded differently per run)', async () => {
    const plain = await inlineTable();
    expect(await run(2, 1)).toEqual(plain);
    expect(await run(4, 2)).toEqual(plain);
  }, 60_000);
});

describe('reproducible study on worker threads', () => {
  it('gives the inline table on 2 and 4 piscina threads', async () => {
    const { PiscinaExecutor } = await import('../../src/tune/executors/piscina-executor.ts');
    const inline = await inlineTable();
    const executor = new PiscinaExecutor({ threads: 4 });
    try {
      for (const parallelism of [2, 4]) {
        const study = await createStudy({ direction: 'maximize', seed: STUDY_SEED, sampler: digitsSampler(), pruner: digitsPruner(), reproducible: true });
        await study.optimize(digitsObjective(executor), { nTrials: TRIALS, parallelism });
        expect(await trialTable(study)).toEqual(inline);
      }
    } finally {
      await executor.close();
    }
  }, 90_000);
});
