// One run of bench/tune-workers.ts's workload as a whole process, for timing from outside:
// npx tsx bench/tune-workers-run.ts THREADS [TRIALS] [EPOCHS] — the digits objective, one study
// of TRIALS trials × EPOCHS epochs on a PiscinaExecutor of THREADS threads.
import { DIGITS_MAX_PIXEL, loadDigitsSplit } from '../src/data/builtin.ts';
import { PiscinaExecutor } from '../src/tune/executors/piscina-executor.ts';
import { mlpObjective } from '../src/tune/objectives/mlp-objective.ts';
import { createStudy } from '../src/tune/study.ts';

const [threads, trials, epochs] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 48), Number(process.argv[4] ?? 81)];
const split = loadDigitsSplit({ scale: 1 / DIGITS_MAX_PIXEL });
const executor = new PiscinaExecutor({ threads });
try {
  const study = await createStudy({ direction: 'maximize', seed: 1 });
  await study.optimize(mlpObjective({ train: split.train, validation: split.test }, { maxEpochs: epochs, executor }), { nTrials: trials, parallelism: threads });
  const complete = (await study.getTrials()).filter((t) => t.state === 'complete').length;
  if (complete !== trials) throw new Error(`every trial must complete, got ${complete} of ${trials}`);
} finally {
  await executor.close();
}
