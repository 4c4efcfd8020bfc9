import { afterAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tune/study.ts';
import { mlpObjective, parallelMlpObjective, prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { defaultMlpSpace } from '../../../src/tune/objectives/default-space.ts';
import { InlineExecutor } from '../../../src/tune/executors/inline-executor.ts';
import { PiscinaExecutor } from '../../../src/tune/executors/piscina-executor.ts';
import { TrialTimeoutError, TrialWorkerError } from '../../../src/tune/executors/executor.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const data = smallDigits();
const shared = prepareMlpData(data);
const hyper = (units: number) => ({ lr: 0.01, units: [units], l2: 1e-5, batchSize: 32, activation: 'relu' as const });
const executors: PiscinaExecutor[] = [];
const pool = (options: ConstructorParameters<typeof PiscinaExecutor>[0]) => {
  const ex = new PiscinaExecutor(options);
  executors.push(ex);
  return ex;
};
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
});
const FAULTY = new URL('../../fixtures/faulty-trial-worker.mjs', import.meta.url);
// The tests that need no option of their own share a pool each (a thread's start-up, tsx and
// the model code, costs more than most of these trials).
const sharedPool = (options: ConstructorParameters<typeof PiscinaExecutor>[0]) => {
  let made: PiscinaExecutor | undefined;
  return () => (made ??= pool(options));
};
const plainPool = sharedPool({ threads: 2 });
const faultyPool = sharedPool({ threads: 2, filename: FAULTY });

describe('PiscinaExecutor', () => {
  it('runs trials on 2 threads with the datasets in SharedArrayBuffers, equal to inline', async () => {
    const ex = plainPool();
    const epochs: number[][] = [[], []];
    const [a, b] = await Promise.all(
      [0, 1].map((i) => ex.run({ data: shared, hyper: hyper(32), seed: 7 + i, maxEpochs: 3, metric: 'accuracy' }, { onEpoch: (e) => (epochs[i]!.push(e), true) })),
    );
    expect(a!.diagnostics!.sharedBuffers).toBe(true);
    expect(b!.diagnostics!.sharedBuffers).toBe(true);
    expect(a!.diagnostics!.threadId).not.toBe(b!.diagnostics!.threadId);
    expect(epochs).toEqual([[1, 2, 3], [1, 2, 3]]);
    const inline = await new InlineExecutor().run({ data: shared, hyper: hyper(32), seed: 7, maxEpochs: 3, metric: 'accuracy' });
    const { diagnostics: _d, ...rest } = a!;
    expect(rest).toEqual(inline);
  });

  it('stops a trial when the main thread says so (pruning)', async () => {
    const ex = plainPool();
    const r = await ex.run({ data: shared, hyper: hyper(16), seed: 1, maxEpochs: 5, metric: 'accuracy' }, { onEpoch: (e) => e < 2 });
    expect(r.status).toBe('pruned');
    expect(r.epochs).toBe(2);
  });

  it('a crashing worker fails only its trial; the pool keeps working', async () => {
    const ex = faultyPool();
    const crash = ex.run({ data: shared, hyper: hyper(13), seed: 1, maxEpochs: 2, metric: 'accuracy' });
    const fine = ex.run({ data: shared, hyper: hyper(16), seed: 1, maxEpochs: 2, metric: 'accuracy' });
    await expect(crash).rejects.toBeInstanceOf(TrialWorkerError);
    expect((await fine).status).toBe('completed');
    expect((await ex.run({ data: shared, hyper: hyper(16), seed: 2, maxEpochs: 1, metric: 'accuracy' })).status).toBe('completed');
  });

  it('a trial past taskTimeout fails with TrialTimeoutError, and a signal cancels', async () => {
    // taskTimeout counts from when the thread takes the task, its start-up left out: the one trial
    // here that must finish in time trains 1 epoch of 300 rows (milliseconds), so 600 ms is
    // plenty on a loaded machine, and the hanging trials cost 0.6 s of wall each instead of 1.5 s.
    const ex = pool({ threads: 1, taskTimeout: 600, filename: FAULTY });
    await expect(ex.run({ data: shared, hyper: hyper(17), seed: 1, maxEpochs: 1, metric: 'accuracy' })).rejects.toBeInstanceOf(TrialTimeoutError);
    const controller = new AbortController();
    const run = ex.run({ data: shared, hyper: hyper(17), seed: 1, maxEpochs: 1, metric: 'accuracy' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled')), 200);
    await expect(run).rejects.toThrow('cancelled');
    expect((await ex.run({ data: shared, hyper: hyper(16), seed: 2, maxEpochs: 1, metric: 'accuracy' })).status).toBe('completed');
  });

  it('in a study: crashed trial is failed, the rest complete', async () => {
    const ex = faultyPool();
    const study = await createStudy({ direction: 'maximize' });
    for (const units of [13, 16, 32]) await study.enqueueTrial({ units });
    const space = async (trial: Parameters<ReturnType<typeof defaultMlpSpace>>[0]) => ({ ...hyper(0), units: [await trial.suggestCategorical('units', [13, 16, 32])] });
    await study.optimize(parallelMlpObjective(data, { executor: ex, maxEpochs: 2, space }), { nTrials: 3, parallelism: 2 });
    const states = (await study.getTrials()).map((t) => t.state);
    expect(states).toEqual(['failed', 'complete', 'complete']);
  });

  it('one study seed gives the same trials with parallelism 1 (inline) and 2 (2 threads)', async () => {
    const run = async (parallelism: number) => {
      const study = await createStudy({ direction: 'maximize', seed: 42 });
      const executor = parallelism === 1 ? new InlineExecutor() : plainPool();
      await study.optimize(mlpObjective(data, { executor, maxEpochs: 2 }), { nTrials: 4, parallelism });
      return (await study.getTrials()).map((t) => ({ number: t.number, seed: t.seed, params: t.params, value: t.value, intermediate: t.intermediate }));
    };
    expect(await run(2)).toEqual(await run(1));
  });
});
