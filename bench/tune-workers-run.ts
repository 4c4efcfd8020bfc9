// One run of bench/tune-workers.ts's workload as a whole process, for timing from outside:
// npx tsx bench/tune-workers-run.ts THREADS [TRIALS] [EPOCHS] — the digits objective, one study
// of TRIALS trials × EPOCHS epochs on a PiscinaExecutor of THREADS threads.
import { DIGITS_MAX_PIXEL, loadDigitsSplit } from '../src/data/builtin.ts';
import { PiscinaExecutor } from '../src/tune/executors/piscina-executor.ts';
import { workersStudy } from './tune-workers.ts';

const [threads, trials, epochs] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 48), Number(process.argv[4] ?? 81)];
const executor = new PiscinaExecutor({ threads });
try {
  await workersStudy(executor, loadDigitsSplit({ scale: 1 / DIGITS_MAX_PIXEL }), threads, trials, epochs);
} finally {
  await executor.close();
}
