// Section (f) of bench/tune.ts: trial throughput of the digits MLP objective on a PiscinaExecutor
// with 1 and with 2 worker threads. The same study seed gives both the same trials (parameters and
// training seeds), so the two runs do the same work; they alternate 1, 2, 1, 2 … and the ratio is
// taken pair by pair, so a machine that drifts in speed moves both sides of a pair together.
// Pool start-up (thread spawn, module loading) is paid before the clock starts.
import { performance } from 'node:perf_hooks';
import { DIGITS_MAX_PIXEL, loadDigitsSplit } from '../src/data/builtin.ts';
import { PiscinaExecutor } from '../src/tune/executors/piscina-executor.ts';
import { mlpObjective } from '../src/tune/objectives/mlp-objective.ts';
import { createStudy } from '../src/tune/study.ts';
import { median } from './tune-problems.ts';

export interface WorkersReport {
  trials: number;
  epochs: number;
  pairs: number;
  /** Trials per second of each run, in run order. */
  oneWorker: number[];
  twoWorkers: number[];
  /** Median over pairs of (2-worker throughput / 1-worker throughput). */
  speedup: number;
  bar: number;
}

type DigitsSplit = ReturnType<typeof loadDigitsSplit>;

/** The measured workload: one study (seed 1) of `trials` digits trials × `epochs` on `executor`. */
export async function workersStudy(executor: PiscinaExecutor, split: DigitsSplit, threads: number, trials: number, epochs: number): Promise<void> {
  const study = await createStudy({ direction: 'maximize', seed: 1 });
  await study.optimize(mlpObjective({ train: split.train, validation: split.test }, { maxEpochs: epochs, executor }), { nTrials: trials, parallelism: threads });
  const complete = (await study.getTrials()).filter((t) => t.state === 'complete').length;
  if (complete !== trials) throw new Error(`bench workers: every trial must complete, got ${complete} of ${trials}`);
}

async function throughput(threads: number, trials: number, epochs: number, split: DigitsSplit): Promise<number> {
  const executor = new PiscinaExecutor({ threads });
  try {
    // Warm-up: one short trial per thread, so every worker has started and loaded its modules.
    const warm = await createStudy({ direction: 'maximize', seed: 99 });
    await warm.optimize(mlpObjective({ train: split.train, validation: split.test }, { maxEpochs: 1, executor }), { nTrials: threads, parallelism: threads });
    const start = performance.now();
    await workersStudy(executor, split, threads, trials, epochs);
    return trials / ((performance.now() - start) / 1000);
  } finally {
    await executor.close();
  }
}

export async function workersBenchmark(options: { trials: number; epochs: number; pairs: number; log?: (line: string) => void }): Promise<WorkersReport> {
  const split = loadDigitsSplit({ scale: 1 / DIGITS_MAX_PIXEL });
  const oneWorker: number[] = [];
  const twoWorkers: number[] = [];
  const ratios: number[] = [];
  for (let pair = 0; pair < options.pairs; pair++) {
    const one = await throughput(1, options.trials, options.epochs, split);
    const two = await throughput(2, options.trials, options.epochs, split);
    oneWorker.push(one);
    twoWorkers.push(two);
    ratios.push(two / one);
    options.log?.(`  workers pair ${pair}: 1 thread ${one.toFixed(2)} trials/s, 2 threads ${two.toFixed(2)} trials/s, ×${(two / one).toFixed(2)}`);
  }
  return { trials: options.trials, epochs: options.epochs, pairs: options.pairs, oneWorker, twoWorkers, speedup: median(ratios), bar: 1.8 };
}

export function printWorkers(r: WorkersReport): void {
  console.log(`\n(f) Trial throughput on the digits objective (defaultMlpSpace, ${r.trials} trials × ${r.epochs} epochs, PiscinaExecutor; ${r.pairs} alternating pairs)`);
  console.log('| workers | trials/s (median) | speed-up (median of pairs) | bar | status |');
  console.log('|---:|---:|---:|---:|---|');
  console.log(`| 1 | ${median(r.oneWorker).toFixed(2)} | 1.00 | | |`);
  console.log(`| 2 | ${median(r.twoWorkers).toFixed(2)} | ${r.speedup.toFixed(2)} | ≥ ${r.bar} | ${r.speedup >= r.bar ? 'met' : 'MISSED'} |`);
}
