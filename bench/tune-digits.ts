// The digits MLP tuning benchmark of REFERENCE.md ("Digits MLP tuning"), for bench/tune.ts
// (section `digits`). mlpObjective (defaultMlpSpace, maxEpochs 81, score = test accuracy on the
// fixed digits split, features / 16) under three strategies, through compareTuners, per seed:
//  - random:        RandomSampler, 40 trials × 81 epochs, no pruner;
//  - hyperband:     RandomSampler + HyperbandPruner({ minResource 1, maxResource 81, η 3 }),
//                   143 trials (the configurations of one Hyperband pass);
//  - bo+hyperband:  GaussianProcessSampler + the same pruner, 143 trials.
// Reported per strategy: median over seeds of the best accuracy and of the epochs spent (sum of
// the trials' `epochs` user attr), and the epochs each run needed to first reach the median best
// accuracy of random search (from the best-so-far vs epochs curve).
// Note: RandomSampler draws depend only on (study seed, trial number), and so does the trial's
// training seed, so with the same study seed the first 40 trials of `hyperband` are the 40
// configurations of `random` (common random numbers): the comparison is paired per seed.
import { performance } from 'node:perf_hooks';
import { loadDigitsSplit } from '../src/data/builtin.ts';
import { compareTuners, type TunerResult } from '../src/tune/compare.ts';
import type { Executor } from '../src/tune/executors/executor.ts';
import { InlineExecutor } from '../src/tune/executors/inline-executor.ts';
import { PiscinaExecutor } from '../src/tune/executors/piscina-executor.ts';
import { mlpObjective } from '../src/tune/objectives/mlp-objective.ts';
import { HyperbandPruner } from '../src/tune/pruners/hyperband-pruner.ts';
import { GaussianProcessSampler } from '../src/tune/samplers/bayes/index.ts';
import { RandomSampler } from '../src/tune/samplers/random.ts';
import { median } from './tune-problems.ts';

export const DIGITS_MAX_EPOCHS = 81;
const HYPERBAND = { minResource: 1, maxResource: DIGITS_MAX_EPOCHS, reductionFactor: 3 } as const;

interface StrategySpec {
  name: string;
  trials: number;
  make: () => { sampler: RandomSampler | GaussianProcessSampler; pruner?: HyperbandPruner };
  reference: string;
}

const STRATEGIES: StrategySpec[] = [
  { name: 'random, 40 trials × 81 epochs', trials: 40, make: () => ({ sampler: new RandomSampler() }), reference: 'random search 40 × 81: 0.9806, 3240 epochs, 40 trials' },
  {
    name: 'Hyperband (random + HyperbandPruner), 143 trials',
    trials: 143,
    make: () => ({ sampler: new RandomSampler(), pruner: new HyperbandPruner(HYPERBAND) }),
    reference: 'Hyperband (paper), one pass: 0.9806, 1581 epochs, 143 configs',
  },
  {
    name: 'BO + Hyperband (GP + HyperbandPruner), 143 trials',
    trials: 143,
    make: () => ({ sampler: new GaussianProcessSampler(), pruner: new HyperbandPruner(HYPERBAND) }),
    reference: 'Optuna TPE + Hyperband: 0.9806 at 1154 epochs; 0.9833 at 3292 (159 trials)',
  },
];

export interface DigitsRun {
  seed: number;
  best: number | null;
  epochs: number;
  trials: number;
  states: Record<string, number>;
  /** Epochs at which the best-so-far first reached the target (median best of random); null if never. */
  epochsToTarget: number | null;
  /** Same against this seed's own random-search best (paired). */
  epochsToSeedRandomBest: number | null;
  seconds: number;
}

export interface DigitsRow {
  strategy: string;
  trialBudget: number;
  seeds: number;
  medianBest: number | null;
  medianEpochs: number;
  /** Median over seeds of epochsToTarget (a run that never reached it counts as +∞); null when infinite. */
  medianEpochsToTarget: number | null;
  reachedTarget: number;
  medianEpochsToSeedRandomBest: number | null;
  reachedSeedRandomBest: number;
  /** ≤ 1/3 of random search's median epochs (only for the pruned strategies). */
  bar: string;
  status: string;
  reference: string;
  runs: DigitsRun[];
}

export interface DigitsReport {
  executor: string;
  seeds: number;
  target: number | null;
  randomMedianEpochs: number;
  seconds: number;
  rows: DigitsRow[];
}

function firstReach(result: TunerResult, target: number | null): number | null {
  if (target === null) return null;
  for (const p of result.curve) if (p.best !== null && p.best >= target - 1e-12) return p.epochs;
  return null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function digitsBenchmark(options: { seeds: number; executor: 'inline' | 'piscina'; log?: (line: string) => void }): Promise<DigitsReport> {
  const started = performance.now();
  const split = loadDigitsSplit({ scale: 1 / 16 });
  const threads = options.executor === 'piscina' ? 2 : 1;
  const executor: Executor = options.executor === 'piscina' ? new PiscinaExecutor({ threads }) : new InlineExecutor();
  const objective = mlpObjective({ train: split.train, validation: split.test }, { maxEpochs: DIGITS_MAX_EPOCHS, executor });
  const seeds = Array.from({ length: options.seeds }, (_, i) => i);
  // results[strategy][seedIndex]
  const results: { result: TunerResult; seconds: number }[][] = STRATEGIES.map(() => []);
  const runSeed = async (seed: number): Promise<void> => {
    for (const [i, spec] of STRATEGIES.entries()) {
      const t = performance.now();
      const out = await compareTuners({ objective, direction: 'maximize', seed, budget: { trials: spec.trials }, strategies: { [spec.name]: spec.make } });
      const seconds = (performance.now() - t) / 1000;
      results[i]![seed] = { result: out[spec.name]!, seconds };
      options.log?.(`  digits seed ${seed} ${spec.name}: best ${out[spec.name]!.best?.toFixed(4)}, ${out[spec.name]!.epochs} epochs, ${seconds.toFixed(1)} s`);
    }
  };
  try {
    // Inline: one seed after another. Piscina: `threads` seeds at once (compareTuners runs its
    // trials one by one, so only concurrent seeds keep both worker threads busy).
    for (let s = 0; s < seeds.length; s += threads) await Promise.all(seeds.slice(s, s + threads).map(runSeed));
  } finally {
    await executor.close();
  }

  const randomBests = results[0]!.map((r) => r.result.best ?? Number.NEGATIVE_INFINITY);
  const target = finiteOrNull(median(randomBests));
  const randomMedianEpochs = median(results[0]!.map((r) => r.result.epochs));
  const rows: DigitsRow[] = STRATEGIES.map((spec, i) => {
    const runs: DigitsRun[] = results[i]!.map(({ result, seconds }, seed) => ({
      seed,
      best: result.best,
      epochs: result.epochs,
      trials: result.evaluations,
      states: result.states as Record<string, number>,
      epochsToTarget: firstReach(result, target),
      epochsToSeedRandomBest: firstReach(result, results[0]![seed]!.result.best),
      seconds,
    }));
    const toTarget = runs.map((r) => r.epochsToTarget ?? Number.POSITIVE_INFINITY);
    const toOwn = runs.map((r) => r.epochsToSeedRandomBest ?? Number.POSITIVE_INFINITY);
    const medianEpochsToTarget = finiteOrNull(median(toTarget));
    const pruned = i > 0;
    const limit = randomMedianEpochs / 3;
    return {
      strategy: spec.name,
      trialBudget: spec.trials,
      seeds: runs.length,
      medianBest: finiteOrNull(median(runs.map((r) => r.best ?? Number.NEGATIVE_INFINITY))),
      medianEpochs: median(runs.map((r) => r.epochs)),
      medianEpochsToTarget,
      reachedTarget: toTarget.filter(Number.isFinite).length,
      medianEpochsToSeedRandomBest: finiteOrNull(median(toOwn)),
      reachedSeedRandomBest: toOwn.filter(Number.isFinite).length,
      bar: pruned ? `≤ ${limit.toFixed(0)} (1/3 of random's ${randomMedianEpochs})` : '—',
      status: pruned ? (medianEpochsToTarget !== null && medianEpochsToTarget <= limit ? 'met' : 'MISSED') : '—',
      reference: spec.reference,
      runs,
    };
  });
  return { executor: `${options.executor}${options.executor === 'piscina' ? ` (${threads} threads, ${threads} seeds at once)` : ''}`, seeds: seeds.length, target, randomMedianEpochs, seconds: (performance.now() - started) / 1000, rows };
}

export function printDigits(report: DigitsReport): void {
  const f = (x: number | null, d = 4): string => (x === null ? '—' : x.toFixed(d));
  console.log(
    `\n(e) Digits MLP tuning (defaultMlpSpace, maxEpochs 81, test accuracy on the fixed split, features / 16; median of ${report.seeds} seeds; executor ${report.executor}; ${report.seconds.toFixed(0)} s)`,
  );
  console.log(`target = median best accuracy of random search = ${f(report.target)}; bar: Hyperband and BO + Hyperband reach it within ≤ 1/3 of random's median epochs`);
  console.log('| strategy | best acc (median) | epochs spent (median) | epochs to reach target (median) | reached | epochs to reach own seed\'s random best (median) | bar | status | REFERENCE |');
  console.log('|---|---:|---:|---:|---:|---:|---|---|---|');
  for (const r of report.rows) {
    const toTarget = r.medianEpochsToTarget === null ? `> budget` : String(r.medianEpochsToTarget);
    const toOwn = r.medianEpochsToSeedRandomBest === null ? `> budget` : String(r.medianEpochsToSeedRandomBest);
    console.log(`| ${r.strategy} | ${f(r.medianBest)} | ${r.medianEpochs} | ${toTarget} | ${r.reachedTarget}/${r.seeds} | ${toOwn} (${r.reachedSeedRandomBest}/${r.seeds}) | ${r.bar} | ${r.status} | ${r.reference} |`);
  }
  console.log('per seed (best / epochs / epochs to target):');
  for (const r of report.rows) {
    console.log(`  ${r.strategy}: ${r.runs.map((x) => `s${x.seed} ${f(x.best)}/${x.epochs}/${x.epochsToTarget ?? '—'}`).join('  ')}`);
  }
}
