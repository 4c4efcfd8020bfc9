// npx tsx bench/tune-repro.ts [--runs 3] [--trials 40] [--json FILE]; also section `repro` of bench/tune.ts.
// What a reproducible study costs: the digits default (examples/digits.yaml: GP + Hyperband,
// 81 epochs, 40 trials, parallelism 2 on piscina worker threads, seed 1) run with
// tune.reproducible on and off, alternately, `runs` times each. Printed per mode: median
// seconds, trials/s and epochs/s (the trials differ between modes, so epochs/s is the fairer
// throughput), the epochs spent and the best accuracy, and how many distinct trial tables the
// runs gave (1 = reproducible). Goal (issue 16): reproducible ≥ 90% of the trials/s of off.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPruner, buildSampler } from '../src/config/build-tuner.ts';
import { buildSpace, DEFAULT_SPACE, spaceParams } from '../src/config/build-space.ts';
import { configPath, loadConfig } from '../src/config/load-config.ts';
import { loadData } from '../src/config/load-data.ts';
import { trialEpochs } from '../src/tune/compare.ts';
import { PiscinaExecutor } from '../src/tune/executors/piscina-executor.ts';
import { mlpObjective } from '../src/tune/objectives/mlp-objective.ts';
import { createStudy } from '../src/tune/study.ts';
import { median } from './tune-problems.ts';

interface Run {
  seconds: number;
  trials: number;
  epochs: number;
  best: number;
  bestTrial: number;
  table: string;
}

export interface ReproRow {
  reproducible: 'on' | 'off';
  runs: number;
  seconds: number;
  trialsPerSecond: number;
  epochsPerSecond: number;
  epochs: string;
  bestTrials: string;
  distinctTables: number;
}

export interface ReproReport {
  trials: number;
  rows: ReproRow[];
  /** Median trials/s with reproducible on over off. */
  ratio: number;
  epochRatio: number;
  runs: Record<'on' | 'off', Run[]>;
}

export async function reproBenchmark(options: { runs: number; trials?: number; log?: (line: string) => void }): Promise<ReproReport> {
  const loaded = loadConfig(fileURLToPath(new URL('../examples/digits.yaml', import.meta.url)));
  const tune = loaded.config.tune!;
  const trials = options.trials ?? tune.trials!;
  const data = loadData(loaded.config.data, (p) => configPath(loaded, p));
  const params = spaceParams(tune.space ?? DEFAULT_SPACE, loaded.config.model, loaded.config.training);
  const executor = new PiscinaExecutor({ threads: tune.parallelism });

  const run = async (reproducible: boolean): Promise<Run> => {
    const study = await createStudy({
      direction: 'maximize',
      seed: tune.seed,
      sampler: buildSampler(tune.sampler, params, tune.seed),
      pruner: buildPruner(tune.pruner, tune.epochs)!,
      reproducible,
    });
    const objective = mlpObjective({ train: data.train, validation: data.validation! }, { space: buildSpace(tune.space, loaded.config.model, loaded.config.training), maxEpochs: tune.epochs, metric: 'accuracy', executor });
    const started = performance.now();
    await study.optimize(objective, { nTrials: trials, parallelism: tune.parallelism });
    const seconds = (performance.now() - started) / 1000;
    const all = await study.trials();
    const best = await study.bestTrial();
    const table = JSON.stringify(all.map((t) => [t.number, t.state, t.params, t.value, t.intermediate]));
    return { seconds, trials: all.length, epochs: all.reduce((sum, t) => sum + trialEpochs(t), 0), best: best.value!, bestTrial: best.number, table };
  };

  const results: Record<'on' | 'off', Run[]> = { on: [], off: [] };
  try {
    // Warm the worker threads once, so neither mode pays their start-up.
    await run(false);
    for (let i = 0; i < options.runs; i++) {
      for (const mode of i % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const r = await run(mode === 'on');
        results[mode].push(r);
        options.log?.(`  ${mode.padEnd(3)} run ${i + 1}: ${r.seconds.toFixed(1)} s, ${r.trials} trials, ${r.epochs} epochs, best ${r.best.toFixed(4)} (trial ${r.bestTrial})`);
      }
    }
  } finally {
    await executor.close();
  }
  const rows = (['off', 'on'] as const).map((mode): ReproRow => {
    const rs = results[mode];
    return {
      reproducible: mode,
      runs: rs.length,
      seconds: median(rs.map((r) => r.seconds)),
      trialsPerSecond: median(rs.map((r) => r.trials / r.seconds)),
      epochsPerSecond: median(rs.map((r) => r.epochs / r.seconds)),
      epochs: rs.map((r) => r.epochs).join(' / '),
      bestTrials: rs.map((r) => r.bestTrial).join(' / '),
      distinctTables: new Set(rs.map((r) => r.table)).size,
    };
  });
  return { trials, rows, ratio: rows[1]!.trialsPerSecond / rows[0]!.trialsPerSecond, epochRatio: rows[1]!.epochsPerSecond / rows[0]!.epochsPerSecond, runs: results };
}

export function printRepro(report: ReproReport): void {
  console.log(`\nReproducibility cost: digits default (GP + Hyperband, ${report.trials} trials, 81 epochs, parallelism 2 on worker threads)`);
  console.table(report.rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(1), trialsPerSecond: r.trialsPerSecond.toFixed(3), epochsPerSecond: r.epochsPerSecond.toFixed(1) })));
  const [off, on] = report.rows;
  console.log(
    `reproducible / off: ${(report.ratio * 100).toFixed(0)}% of the trials/s, ${(report.epochRatio * 100).toFixed(0)}% of the epochs/s (goal ≥ 90% trials/s); ${on!.distinctTables} distinct table(s) in ${on!.runs} reproducible runs, ${off!.distinctTables} in ${off!.runs} without`,
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, trials: { type: 'string' }, json: { type: 'string' } } });
  const report = await reproBenchmark({ runs: Number(args.runs), ...(args.trials === undefined ? {} : { trials: Number(args.trials) }), log: (line) => console.log(line) });
  printRepro(report);
  if (args.json !== undefined) writeFileSync(args.json, JSON.stringify(report, null, 2));
}
