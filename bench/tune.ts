// npm run bench:tune [-- --json FILE] [--quick] [--seeds 20]
// The tuning engine's own costs, with REFERENCE.md's figures beside:
//  (a) per-trial overhead of a trivial objective through study.optimize, MemoryStorage and
//      SqliteStorage (a temp file): ms per trial, median over repeated runs (tinybench);
//  (b) GaussianProcessSampler ask() latency at 100 observations in 6-D, through study.ask();
//  (c) Branin and Hartmann6 with the GP sampler through the study API (createStudy, optimize,
//      suggestFloat), 20 seeds: evaluations until the regret falls under 0.01 / 0.1;
//  (d) hyperbandBrackets(81, 3) beside REFERENCE's table;
//  (e) digits: random search vs Hyperband vs BO + Hyperband on the digits MLP (bench/tune-digits.ts),
//      5 seeds (2 with --quick; --digits-seeds N), --digits-executor inline|piscina;
//  (f) workers: trial throughput of the digits objective on 2 piscina threads against 1
//      (bench/tune-workers.ts), alternating pairs, --workers-trials, --workers-epochs, --workers-pairs.
//  (g) tpe: TPESampler (univariate, multivariate) and random search on Branin and Hartmann6, median
//      best value after 20/50 and 50/100 evaluations over 20 seeds, beside Optuna 3.1's (bench/tune-tpe.ts).
//  (h) scale: one trial (ask + 3 reports with median-pruner checks + tell) at 100 … 20,000 finished
//      trials on SQLite and PostgreSQL (bench/tune-scale.ts), --scale-levels, --scale-trials.
//  (i) repro: what tune.reproducible costs on the digits default (examples/digits.yaml, parallelism 2
//      on worker threads), on and off alternately (bench/tune-repro.ts), --repro-runs, --repro-trials.
//  (j) mo: random, NSGA-II and ParEGO on ZDT1 and ZDT2 (6 variables, 100 evaluations): hypervolume
//      up to (1.1, 1.1), median (range) over 10 seeds (3 with --quick; --mo-seeds N), beside
//      Optuna 3.1's (bench/tune-mo.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { hyperbandBrackets, hyperbandTotalConfigurations, hyperbandTotalResource } from '../src/tune/pruners/hyperband-brackets.ts';
import { GaussianProcessSampler } from '../src/tune/samplers/bayes/index.ts';
import { RandomSampler } from '../src/tune/samplers/random.ts';
import { MemoryStorage } from '../src/tune/storage/memory-storage.ts';
import { SqliteStorage } from '../src/tune/storage/sqlite-storage.ts';
import { createStudy, type Study } from '../src/tune/study.ts';
import type { Trial } from '../src/tune/trial.ts';
import type { Storage } from '../src/tune/types.ts';
import { digitsBenchmark, printDigits } from './tune-digits.ts';
import { printWorkers, workersBenchmark } from './tune-workers.ts';
import { printScale, scaleBenchmark } from './tune-scale.ts';
import { printRepro, reproBenchmark } from './tune-repro.ts';
import { branin, hartmann, median, type TestFunction } from './tune-problems.ts';
import { printTpe, tpeBenchmark } from './tune-tpe.ts';
import { moBenchmark, printMo } from './tune-mo.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    sections: { type: 'string', default: 'overhead,ask,bo,hyperband,tpe,mo,digits,workers,scale,repro' },
    'workers-trials': { type: 'string', default: '24' },
    'workers-epochs': { type: 'string', default: '10' },
    'workers-pairs': { type: 'string' },
    'scale-levels': { type: 'string' },
    'scale-trials': { type: 'string' },
    'repro-runs': { type: 'string' },
    'repro-trials': { type: 'string' },
    'digits-seeds': { type: 'string' },
    'mo-seeds': { type: 'string' },
    'digits-executor': { type: 'string', default: 'inline' },
  },
});
const quick = args.quick!;
const sections = new Set(args.sections!.split(','));
const report: Record<string, unknown> = { quick };
const tempDir = mkdtempSync(join(tmpdir(), 'hyperprop-bench-tune-'));
let dbCount = 0;
const tempDb = (): string => join(tempDir, `bench-${dbCount++}.db`);

// ---------------------------------------------------------------------------------------------
// (a) per-trial overhead
interface OverheadRow {
  storage: string;
  objective: string;
  trialsPerRun: number;
  runs: number;
  msPerTrial: number;
  bar: number;
  reference: string;
}

const objectives: Record<string, (trial: Trial) => number | Promise<number>> = {
  'return 0': () => 0,
  'suggestFloat + return 0': async (trial) => {
    await trial.suggestFloat('x', 0, 1);
    return 0;
  },
};

async function overhead(): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  const configs = [
    { storage: 'memory', make: (): Storage => new MemoryStorage(), trials: quick ? 200 : 1000, bar: 1, reference: 'Optuna in memory ≈ 9' },
    { storage: 'sqlite', make: (): Storage => new SqliteStorage(tempDb()), trials: quick ? 50 : 200, bar: 5, reference: 'Optuna MySQL ≈ 126; Ray Tune ≈ 227' },
  ];
  for (const config of configs) {
    for (const [label, objective] of Object.entries(objectives)) {
      let study: Study | undefined;
      const bench = new Bench({ iterations: quick ? 3 : 7, time: 0, warmupIterations: 1, warmupTime: 0 });
      bench.add(
        `${config.storage} ${label}`,
        async () => {
          await study!.optimize(objective, { nTrials: config.trials });
        },
        {
          beforeEach: async () => {
            study = await createStudy({ storage: config.make(), sampler: new RandomSampler({ seed: 0 }) });
          },
          afterEach: async () => {
            await study!.storage.close();
          },
        },
      );
      await bench.run();
      const result = bench.tasks[0]!.result as unknown as { latency?: { p50: number; samplesCount?: number } };
      if (!result.latency) throw new Error(`benchmark ${config.storage} ${label} failed: ${JSON.stringify(result)}`);
      rows.push({ storage: config.storage, objective: label, trialsPerRun: config.trials, runs: quick ? 3 : 7, msPerTrial: result.latency.p50 / config.trials, bar: config.bar, reference: config.reference });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// (b) GP ask() at 100 observations, 6-D, through the study API.
async function suggestAll(trial: Trial, fn: TestFunction): Promise<Record<string, number>> {
  const params: Record<string, number> = {};
  for (const [name, d] of Object.entries(fn.space)) params[name] = (await trial.suggest(name, d)) as number;
  return params;
}

async function askLatency(): Promise<{ coldMs: number; warmMs: number; warmRuns: number }> {
  const storage = new MemoryStorage();
  // 100 complete trials at the GP's Sobol design points (nStartupTrials above 100).
  const seedStudy = await createStudy({ storage, name: 'ask-100', seed: 7, sampler: new GaussianProcessSampler({ nStartupTrials: 1000 }) });
  await seedStudy.optimize(async (trial) => hartmann.evaluate(await suggestAll(trial, hartmann)), { nTrials: 100 });
  const timeAsk = async (study: Study): Promise<number> => {
    const start = performance.now();
    const trial = await study.ask(hartmann.space);
    const elapsed = performance.now() - start;
    await study.tell(trial, 'failed'); // not an observation: the next ask still sees 100
    return elapsed;
  };
  const cold: number[] = [];
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const study = await createStudy({ storage, name: 'ask-100', loadIfExists: true, sampler: new GaussianProcessSampler({ seed: 7 + i }) });
    cold.push(await timeAsk(study));
  }
  const study = await createStudy({ storage, name: 'ask-100', loadIfExists: true, sampler: new GaussianProcessSampler({ seed: 7 }) });
  await timeAsk(study);
  const warm: number[] = [];
  const warmRuns = quick ? 5 : 10;
  for (let i = 0; i < warmRuns; i++) warm.push(await timeAsk(study));
  return { coldMs: median(cold), warmMs: median(warm), warmRuns };
}

// ---------------------------------------------------------------------------------------------
// (c) Branin, Hartmann6 through createStudy/optimize.
async function evaluationsToThreshold(fn: TestFunction, seed: number): Promise<number> {
  const study = await createStudy({ seed, sampler: new GaussianProcessSampler() });
  let reached = Number.POSITIVE_INFINITY;
  let evaluations = 0;
  await study.optimize(async (trial) => fn.evaluate(await suggestAll(trial, fn)), {
    nTrials: fn.budget,
    callbacks: [
      (s, trial) => {
        evaluations++;
        if (trial.value !== null && trial.value - fn.minimum < fn.threshold) {
          reached = evaluations;
          s.stop();
        }
      },
    ],
  });
  return reached;
}

interface BoRow {
  function: string;
  threshold: number;
  budget: number;
  evaluations: (number | null)[];
  median: number | null;
  reached: number;
  seeds: number;
  seconds: number;
  reference: string;
  bar: string;
}

async function bo(): Promise<BoRow[]> {
  const seeds = Number(args.seeds ?? (quick ? 5 : 20));
  const rows: BoRow[] = [];
  for (const fn of [branin, hartmann]) {
    const started = performance.now();
    const evaluations: number[] = [];
    for (let seed = 0; seed < seeds; seed++) evaluations.push(await evaluationsToThreshold(fn, seed));
    const m = median(evaluations);
    rows.push({
      function: fn.name,
      threshold: fn.threshold,
      budget: fn.budget,
      evaluations: evaluations.map((e) => (Number.isFinite(e) ? e : null)),
      median: Number.isFinite(m) ? m : null,
      reached: evaluations.filter(Number.isFinite).length,
      seeds,
      seconds: (performance.now() - started) / 1000,
      reference: fn.reference,
      bar: fn.bar,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
const REFERENCE_BRACKETS = ['(81,1) (27,3) (9,9) (3,27) (1,81)', '(34,3) (11,9) (3,27) (1,81)', '(15,9) (5,27) (1,81)', '(8,27) (2,81)', '(5,81)'];

try {
  if (sections.has('overhead')) {
    const rows = await overhead();
    report.overhead = rows;
    console.log('\n(a) Per-trial overhead of a trivial objective through study.optimize (RandomSampler; median of runs)');
    console.log('| storage | objective | trials/run | ms/trial | bar | status | reference (ms/trial) |');
    console.log('|---|---|---:|---:|---:|---|---|');
    for (const r of rows) {
      console.log(`| ${r.storage} | ${r.objective} | ${r.trialsPerRun} | ${r.msPerTrial.toFixed(3)} | ≤ ${r.bar} | ${r.msPerTrial <= r.bar ? 'met' : 'MISSED'} | ${r.reference} |`);
    }
  }
  if (sections.has('ask')) {
    const ask = await askLatency();
    report.ask = ask;
    console.log('\n(b) GaussianProcessSampler study.ask() at 100 observations, 6-D (Hartmann6 at Sobol points)');
    console.log('| ask | ms | bar | status |');
    console.log('|---|---:|---:|---|');
    console.log(`| cold (new sampler, median) | ${ask.coldMs.toFixed(1)} | ≤ 50 | ${ask.coldMs <= 50 ? 'met' : 'MISSED'} |`);
    console.log(`| warm (same sampler, median of ${ask.warmRuns}) | ${ask.warmMs.toFixed(1)} | ≤ 50 | ${ask.warmMs <= 50 ? 'met' : 'MISSED'} |`);
  }
  if (sections.has('bo')) {
    const rows = await bo();
    report.bo = rows;
    console.log('\n(c) GP sampler through createStudy/optimize: evaluations to regret < threshold (median over seeds; runs reaching it within the budget)');
    console.log('| function | median evals | reached | budget | this | bar | reference (sklearn GP+EI) | seconds |');
    console.log('|---|---:|---:|---:|---|---|---|---:|');
    for (const r of rows) {
      const med = r.median === null ? `>${r.budget}` : String(r.median);
      console.log(`| ${r.function} (< ${r.threshold}) | ${med} | ${r.reached}/${r.seeds} | ${r.budget} | ${med} (${r.reached}/${r.seeds}) | ${r.bar} | ${r.reference} | ${r.seconds.toFixed(1)} |`);
    }
  }
  if (sections.has('hyperband')) {
    const brackets = hyperbandBrackets(81, 3);
    report.hyperband = { brackets, configurations: hyperbandTotalConfigurations(brackets), epochs: hyperbandTotalResource(brackets), epochsPromotedContinue: hyperbandTotalResource(brackets, { promotedContinue: true }) };
    console.log('\n(d) hyperbandBrackets(81, 3), (n_i, r_i)');
    console.log('| s | hyperbandBrackets | REFERENCE | same |');
    console.log('|---|---|---|---|');
    brackets.forEach((b, i) => {
      const ours = b.rounds.map((r) => `(${r.n},${r.r})`).join(' ');
      console.log(`| ${b.s} | ${ours} | ${REFERENCE_BRACKETS[i]} | ${ours === REFERENCE_BRACKETS[i] ? 'yes' : 'NO'} |`);
    });
    console.log(
      `| total | ${hyperbandTotalConfigurations(brackets)} configs, ${hyperbandTotalResource(brackets)} epochs (${hyperbandTotalResource(brackets, { promotedContinue: true })} promoted continue) | 143 configs, 1902 epochs (1581) | |`,
    );
  }
  if (sections.has('tpe')) {
    // (g) TPE (univariate and multivariate) and random search beside Optuna 3.1's medians.
    const seeds = Number(args.seeds ?? (quick ? 5 : 20));
    report.tpe = await tpeBenchmark(seeds);
    printTpe(report.tpe as Awaited<ReturnType<typeof tpeBenchmark>>, seeds);
  }
  if (sections.has('mo')) {
    const mo = await moBenchmark({ seeds: Number(args['mo-seeds'] ?? (quick ? 3 : 10)), budget: 100, log: (line) => console.error(line) });
    report.mo = mo;
    printMo(mo);
  }
  if (sections.has('digits')) {
    const executor = args['digits-executor'];
    if (executor !== 'inline' && executor !== 'piscina') throw new RangeError(`--digits-executor must be inline or piscina, got ${executor}`);
    const digits = await digitsBenchmark({ seeds: Number(args['digits-seeds'] ?? (quick ? 2 : 5)), executor, log: (line) => console.error(line) });
    report.digits = digits;
    printDigits(digits);
  }
  if (sections.has('workers')) {
    const workers = await workersBenchmark({
      trials: Number(args['workers-trials']),
      epochs: Number(args['workers-epochs']),
      pairs: Number(args['workers-pairs'] ?? (quick ? 1 : 3)),
      log: (line) => console.error(line),
    });
    report.workers = workers;
    printWorkers(workers);
  }
  if (sections.has('scale')) {
    const levels = (args['scale-levels'] ?? (quick ? '100,1000,6000' : '100,1000,6000,20000')).split(',').map(Number);
    const scale = await scaleBenchmark({ levels, trials: Number(args['scale-trials'] ?? (quick ? 20 : 50)), backends: ['sqlite', 'postgres'], log: (line) => console.error(line) });
    report.scale = scale;
    printScale(scale);
  }
  if (sections.has('repro')) {
    const trials = args['repro-trials'] ?? (quick ? '20' : undefined);
    const repro = await reproBenchmark({ runs: Number(args['repro-runs'] ?? (quick ? 1 : 3)), ...(trials === undefined ? {} : { trials: Number(trials) }), log: (line) => console.error(line) });
    report.repro = repro;
    printRepro(repro);
  }
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
