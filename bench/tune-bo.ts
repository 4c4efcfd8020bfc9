// npx tsx bench/tune-bo.ts [--seeds 20] [--budget 100] [--functions branin,hartmann6] [--json FILE]
// GaussianProcessSampler on the Bayesian-optimisation test functions of REFERENCE.md: Branin
// (2-D, minimum 0.397887) and Hartmann6 (6-D, minimum −3.32237), 20 seeds each, 10 Sobol initial
// points. The sampler is driven directly (FrozenTrial objects, sampleRelative, evaluate,
// append): evaluations until the regret falls under 0.01 (Branin) / 0.1 (Hartmann6) in the
// median run, runs reaching it within 50 and 100 evaluations; then the time of one ask at 100
// observations in 6-D.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { GaussianProcessSampler, type GaussianProcessSamplerOptions } from '../src/tune/samplers/bayes/bayes-sampler.ts';
import type { Distribution, FrozenTrial, ParamValue, StudyView, TrialState } from '../src/tune/types.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    budget: { type: 'string', default: '100' },
    functions: { type: 'string', default: 'branin,hartmann6' },
    json: { type: 'string' },
  },
});

interface TestFunction {
  name: string;
  space: Record<string, Distribution>;
  minimum: number;
  threshold: number;
  evaluate(p: Record<string, ParamValue>): number;
  reference: string;
}

const branin: TestFunction = {
  name: 'Branin',
  space: {
    x1: { type: 'float', low: -5, high: 10, log: false },
    x2: { type: 'float', low: 0, high: 15, log: false },
  },
  minimum: 0.397887,
  threshold: 0.01,
  reference: '24 (20/20)',
  evaluate(p) {
    const x1 = p.x1 as number;
    const x2 = p.x2 as number;
    const b = 5.1 / (4 * Math.PI * Math.PI);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  },
};

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

function hartmann6(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H_A[i]![j]! * (x[j]! - H_P[i]![j]!) ** 2;
    sum -= H_ALPHA[i]! * Math.exp(-inner);
  }
  return sum;
}

const hartmannSpace: Record<string, Distribution> = {};
for (let j = 0; j < 6; j++) hartmannSpace[`x${j}`] = { type: 'float', low: 0, high: 1, log: false };
const hartmann: TestFunction = {
  name: 'Hartmann6',
  space: hartmannSpace,
  minimum: -3.32237,
  threshold: 0.1,
  reference: '58 (13/20)',
  evaluate: (p) => hartmann6([0, 1, 2, 3, 4, 5].map((j) => p[`x${j}`] as number)),
};

/** A study held in an array: what the sampler sees of one. */
class ArrayStudy implements StudyView {
  readonly direction = 'minimize' as const;
  readonly trials: FrozenTrial[] = [];
  constructor(readonly seed: number) {}
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state));
  }
  newTrial(): FrozenTrial {
    const trial: FrozenTrial = {
      number: this.trials.length, state: 'running', params: {}, distributions: {}, value: null, intermediate: {},
      seed: this.seed * 1000 + this.trials.length, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {},
    };
    this.trials.push(trial);
    return trial;
  }
}

async function run(fn: TestFunction, seed: number, budget: number, options: GaussianProcessSamplerOptions): Promise<number> {
  const sampler = new GaussianProcessSampler({ seed, ...options });
  const study = new ArrayStudy(seed);
  for (let evaluation = 1; evaluation <= budget; evaluation++) {
    const trial = study.newTrial();
    const params = await sampler.sampleRelative(study, trial, fn.space);
    trial.params = params;
    trial.distributions = { ...fn.space };
    trial.value = fn.evaluate(params);
    trial.state = 'complete';
    if (trial.value - fn.minimum < fn.threshold) return evaluation;
  }
  return Number.POSITIVE_INFINITY;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function askTime(): Promise<{ cold: number; warm: number }> {
  // 100 observations of Hartmann6 at Sobol points, then asks timed: cold (fresh sampler), warm.
  const study = new ArrayStudy(7);
  const sampler = new GaussianProcessSampler({ seed: 7, nStartupTrials: 1000 });
  for (let i = 0; i < 100; i++) {
    const trial = study.newTrial();
    trial.params = await sampler.sampleRelative(study, trial, hartmann.space);
    trial.distributions = { ...hartmann.space };
    trial.value = hartmann.evaluate(trial.params);
    trial.state = 'complete';
  }
  const ask = new GaussianProcessSampler({ seed: 7 });
  const timeOne = async (): Promise<number> => {
    const trial = study.newTrial();
    const start = performance.now();
    await ask.sampleRelative(study, trial, hartmann.space);
    const elapsed = performance.now() - start;
    study.trials.pop();
    return elapsed;
  };
  const cold = await timeOne();
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) warm.push(await timeOne());
  return { cold, warm: median(warm) };
}

const seeds = Number(args.seeds);
const budget = Number(args.budget);
const wanted = new Set(args.functions!.split(','));
const rows: Record<string, unknown>[] = [];
console.log(`| function | to regret < threshold (median) | ≤ 50 evals | ≤ ${budget} evals | reference (sklearn GP+EI) | seconds |`);
console.log('|---|---:|---:|---:|---|---:|');
for (const fn of [branin, hartmann]) {
  if (!wanted.has(fn.name.toLowerCase())) continue;
  const started = performance.now();
  const evaluations: number[] = [];
  for (let seed = 0; seed < seeds; seed++) evaluations.push(await run(fn, seed, budget, {}));
  const m = median(evaluations);
  const within50 = evaluations.filter((e) => e <= 50).length;
  const withinBudget = evaluations.filter((e) => e <= budget).length;
  const seconds = (performance.now() - started) / 1000;
  console.log(`| ${fn.name} (< ${fn.threshold}) | ${Number.isFinite(m) ? m : `>${budget}`} | ${within50}/${seeds} | ${withinBudget}/${seeds} | ${fn.reference} | ${seconds.toFixed(1)} |`);
  rows.push({ function: fn.name, threshold: fn.threshold, evaluations: evaluations.map((e) => (Number.isFinite(e) ? e : null)), median: Number.isFinite(m) ? m : null, within50, withinBudget, seeds, seconds });
}
const { cold, warm } = await askTime();
console.log(`\nOne ask at 100 observations, 6-D: ${cold.toFixed(1)} ms cold (new sampler), ${warm.toFixed(1)} ms warm (median of 10, warm-started fit).`);
rows.push({ askMsAt100Obs6D: { cold, warm } });
if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(rows, null, 2)}\n`);
