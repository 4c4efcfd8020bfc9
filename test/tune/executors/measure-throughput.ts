// Not a test: trial throughput of a PiscinaExecutor with 1 vs 2 threads on a digits objective.
// Run: npx tsx test/tune/executors/measure-throughput.ts [trials] [epochs]
import { DIGITS_MAX_PIXEL, loadDigitsSplit } from '../../../src/data/builtin.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { parallelMlpObjective } from '../../../src/tune/objectives/mlp-objective.ts';
import { PiscinaExecutor } from '../../../src/tune/executors/piscina-executor.ts';

const trials = Number(process.argv[2] ?? 8);
const epochs = Number(process.argv[3] ?? 5);
const { train, test } = loadDigitsSplit({ scale: 1 / DIGITS_MAX_PIXEL });

async function measure(threads: number): Promise<number> {
  const executor = new PiscinaExecutor({ threads });
  // Warm the workers (startup and tsx are not trial time).
  const warm = await createStudy({ direction: 'maximize', seed: 9 });
  await warm.optimize(parallelMlpObjective({ train, validation: test }, { executor, maxEpochs: 1 }), { nTrials: threads, parallelism: threads });
  const study = await createStudy({ direction: 'maximize', seed: 1 });
  const start = performance.now();
  await study.optimize(parallelMlpObjective({ train, validation: test }, { executor, maxEpochs: epochs, ...(process.env.FIXED ? { space: async () => ({ lr: 0.01, units: [128], l2: 1e-5, batchSize: 32, activation: "relu" as const }) } : {}) }), { nTrials: trials, parallelism: threads });
  const seconds = (performance.now() - start) / 1000;
  await executor.close();
  const values = (await study.getTrials()).map((t) => t.value?.toFixed(4));
  console.log(`threads=${threads}: ${trials} trials x ${epochs} epochs in ${seconds.toFixed(2)} s = ${(trials / seconds).toFixed(2)} trials/s; values ${values.join(' ')}`);
  return trials / seconds;
}

const one = await measure(1);
const two = await measure(2);
console.log(`speed-up 2 vs 1 worker: ${(two / one).toFixed(2)}x`);
