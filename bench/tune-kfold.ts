// Small data: does cross-validating every trial pick better models than one validation split?
// Per seed, a stratified 20% sample of digits (360 rows, features / 16) is all the tuner sees;
// the other 1437 rows are the test set. The same sampler, space and trial budget run three ways:
//  - single split:  a seeded, stratified 20% of the sample validates (72 rows), as `tune` does;
//  - single split ×5 trials: the same with five times the trials, the epochs 5-fold spends;
//  - 5-fold:        every trial cross-validated on the 360 rows, folds cut by the trial's seed;
//  - 5-fold fixed:  the same, with the same folds for every trial (kfold.seed).
// The best trial (ties on the metric broken by validation loss) is refit on all 360 rows for its
// epochs with its seed, and scored on the 1437 test rows. Reported per arm: the mean and standard
// deviation over seeds of that test accuracy, the mean validation score the tuner saw, how many
// trials shared the best value, epochs trained and CPU seconds.
//   npx tsx bench/tune-kfold.ts [--seeds 5] [--first-seed 0] [--trials 40] [--epochs 20] [--sampler random|tpe]
//     [--arms 'single split,single split ×5 trials,5-fold,5-fold fixed'] [--json out.json]
import { writeFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { parseArgs } from 'node:util';
import { backendInfo } from '../src/backend/registry.ts';
import { loadDigits } from '../src/data/builtin.ts';
import { trainTestSplit } from '../src/data/split.ts';
import { DIGITS_MAX_PIXEL } from '../src/data/builtin.ts';
import { trialsSharingBest } from '../src/tune/best-trial.ts';
import { mlpObjective, type MlpObjectiveOptions } from '../src/tune/objectives/mlp-objective.ts';
import type { Dataset } from '../src/data/dataset.ts';
import { refitTrial } from '../src/tune/refit-best.ts';
import { RandomSampler } from '../src/tune/samplers/random.ts';
import { TPESampler } from '../src/tune/samplers/tpe/index.ts';
import { createStudy } from '../src/tune/study.ts';

const ALL_ARMS_TEXT = 'single split,single split ×5 trials,5-fold,5-fold fixed';
const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    'first-seed': { type: 'string', default: '0' },
    trials: { type: 'string', default: '40' },
    epochs: { type: 'string', default: '20' },
    sampler: { type: 'string', default: 'random' },
    arms: { type: 'string', default: ALL_ARMS_TEXT },
    json: { type: 'string' },
  },
});
const SEEDS = Number(args.seeds);
const FIRST_SEED = Number(args['first-seed']);
const TRIALS = Number(args.trials);
const EPOCHS = Number(args.epochs);
const SAMPLER = args.sampler;
if (SAMPLER !== 'random' && SAMPLER !== 'tpe') throw new RangeError(`--sampler must be random or tpe, got ${JSON.stringify(SAMPLER)}`);

const ALL_ARMS = ['single split', 'single split ×5 trials', '5-fold', '5-fold fixed'] as const;
type Arm = (typeof ALL_ARMS)[number];
const ARMS = args.arms.split(',').map((a) => {
  const arm = ALL_ARMS.find((name) => name === a.trim());
  if (arm === undefined) throw new RangeError(`--arms must list some of ${ALL_ARMS.join(', ')}, got ${JSON.stringify(a)}`);
  return arm;
});

interface Run {
  arm: Arm;
  seed: number;
  trial: number;
  validation: number;
  test: number;
  shared: number;
  epochs: number;
  cpuSeconds: number;
}

function objectiveFor(arm: Arm, sample: Dataset, seed: number) {
  const options: MlpObjectiveOptions = { maxEpochs: EPOCHS, metric: 'accuracy' };
  if (arm.startsWith('single split')) {
    const split = trainTestSplit(sample, { testSize: 0.2, seed, stratify: true });
    return mlpObjective({ train: split.train, validation: split.test }, options);
  }
  return mlpObjective(sample, { ...options, kfold: arm === '5-fold' ? 5 : { folds: 5, seed } });
}

async function runArm(arm: Arm, sample: Dataset, test: Dataset, seed: number): Promise<Run> {
  const started = cpuUsage();
  const sampler = SAMPLER === 'tpe' ? new TPESampler({ seed }) : new RandomSampler({ seed });
  const study = await createStudy({ direction: 'maximize', seed, sampler });
  await study.optimize(objectiveFor(arm, sample, seed), { nTrials: arm === 'single split ×5 trials' ? 5 * TRIALS : TRIALS });
  const trials = await study.trials();
  const best = await study.bestTrial();
  const refit = refitTrial(best, sample);
  const accuracy = refit.model.evaluate(test.x, test.y).accuracy!;
  const used = cpuUsage(started);
  const epochs = trials.reduce((sum, t) => sum + (typeof t.userAttrs.epochs === 'number' ? t.userAttrs.epochs : 0), 0);
  return { arm, seed, trial: best.number, validation: best.value!, test: accuracy, shared: trialsSharingBest(trials, best), epochs, cpuSeconds: (used.user + used.system) / 1e6 };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

const digits = loadDigits({ scale: 1 / DIGITS_MAX_PIXEL });
const runs: Run[] = [];
for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
  // The 20% the tuner sees is the split's "test" part; the other 80% scores the chosen model.
  const { train: rest, test: sample } = trainTestSplit(digits, { testSize: 0.2, seed: 1000 + seed, stratify: true });
  for (const arm of ARMS) {
    const run = await runArm(arm, sample, rest, seed);
    runs.push(run);
    console.error(`seed ${seed} ${arm.padEnd(23)} trial ${String(run.trial).padStart(2)} validation ${run.validation.toFixed(4)} test ${run.test.toFixed(4)} (best shared by ${run.shared}) ${run.cpuSeconds.toFixed(1)} CPU s`);
  }
}

console.log(`\ndigits, stratified 20% sample (360 rows) per seed, test on the other 1437 rows; ${SAMPLER} sampler, ${TRIALS} trials × ${EPOCHS} epochs (per fold), seeds ${FIRST_SEED}–${FIRST_SEED + SEEDS - 1}; backend ${backendInfo().active}`);
const table = ARMS.map((arm) => {
  const mine = runs.filter((r) => r.arm === arm);
  const tests = mine.map((r) => r.test);
  return {
    arm,
    'test acc mean': mean(tests).toFixed(4),
    'test acc std': std(tests).toFixed(4),
    'test per seed': tests.map((t) => t.toFixed(3)).join(' '),
    'validation mean': mean(mine.map((r) => r.validation)).toFixed(4),
    'best shared by (mean)': mean(mine.map((r) => r.shared)).toFixed(1),
    'epochs (mean)': Math.round(mean(mine.map((r) => r.epochs))),
    'CPU s (mean)': mean(mine.map((r) => r.cpuSeconds)).toFixed(1),
  };
});
console.table(table);
const single = runs.filter((r) => r.arm === 'single split');
for (const arm of ARMS.filter((a) => a !== 'single split' && single.length > 0)) {
  const diffs = runs.filter((r) => r.arm === arm).map((r, i) => r.test - single[i]!.test);
  console.log(`${arm} − single split, paired by seed: mean ${mean(diffs) >= 0 ? '+' : ''}${mean(diffs).toFixed(4)}, ${diffs.filter((d) => d > 0).length} of ${diffs.length} seeds higher`);
}
if (args.json) writeFileSync(args.json, `${JSON.stringify({ sampler: SAMPLER, trials: TRIALS, epochs: EPOCHS, seeds: SEEDS, runs, table }, null, 2)}\n`);
