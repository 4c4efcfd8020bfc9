// npx tsx bench/tune-bo.ts [--seeds 20] [--budget 100] [--functions branin,hartmann6] [--json FILE]
// GaussianProcessSampler on the Bayesian-optimisation test functions of REFERENCE.md: Branin
// (2-D, minimum 0.397887) and Hartmann6 (6-D, minimum −3.32237), 20 seeds each, on the sampler's
// defaults (min(10, 2d + 1) Sobol initial points). The sampler is driven directly (FrozenTrial objects, sampleRelative, evaluate,
// append): evaluations until the regret falls under 0.01 (Branin) / 0.1 (Hartmann6) in the
// median run, runs reaching it within 50 and 100 evaluations; then the time of one ask at 100
// observations in 6-D.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { GaussianProcessSampler, type GaussianProcessSamplerOptions } from '../src/tune/samplers/bayes/bayes-sampler.ts';
import { ArrayStudy, branin, hartmann, median, type TestFunction } from './tune-problems.ts';

/** The trial seeds this bench's recorded figures were measured with. */
const boTrialSeed = (studySeed: number, trialNumber: number): number => studySeed * 1000 + trialNumber;

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    budget: { type: 'string', default: '100' },
    functions: { type: 'string', default: 'branin,hartmann6' },
    json: { type: 'string' },
  },
});


async function run(fn: TestFunction, seed: number, budget: number, options: GaussianProcessSamplerOptions): Promise<number> {
  const sampler = new GaussianProcessSampler({ seed, ...options });
  const study = new ArrayStudy(seed, boTrialSeed);
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

async function askTime(): Promise<{ cold: number; warm: number }> {
  // 100 observations of Hartmann6 at Sobol points, then asks timed: cold (fresh sampler), warm.
  const study = new ArrayStudy(7, boTrialSeed);
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
