// npx tsx bench/tune-mo.ts [--seeds 10] [--budget 100] [--json FILE]; also section `mo` of npm run bench:tune.
// Multi-objective samplers on ZDT1 and ZDT2 (Zitzler, Deb and Thiele 2000) with 6 variables on
// [0, 1], both objectives minimised: the hypervolume of each run's final non-dominated set up to
// the reference point (1.1, 1.1), median (range) over seeds 0..9, beside Optuna 3.1's medians
// (REFERENCE.md) and the true fronts' areas (0.877, 0.543). The sampler is driven as a study's
// ask drives it (relative space, relative sample, then each parameter's independent sample) on a
// study held in an array.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { hypervolume } from '../src/tune/multi-objective/hypervolume.ts';
import { ParEGOSampler } from '../src/tune/samplers/mo-bayes/index.ts';
import { NSGAIISampler } from '../src/tune/samplers/nsga2/index.ts';
import { RandomSampler } from '../src/tune/samplers/random.ts';
import { trialSeed } from '../src/tune/seeds.ts';
import type { Direction, Distribution, FrozenTrial, ParamValue, Sampler, StudyView, TrialState } from '../src/tune/types.ts';
import { median } from './tune-problems.ts';

export interface MoProblem {
  name: string;
  space: Record<string, Distribution>;
  evaluate(p: Record<string, ParamValue>): [number, number];
  /** The true front's hypervolume up to (1.1, 1.1). */
  trueFront: number;
  /** Optuna 3.1's medians (REFERENCE.md). */
  optuna: { random: number; nsga2: number; motpe: number };
  bar: number;
}

const VARIABLES = 6;
const zdtSpace: Record<string, Distribution> = {};
for (let j = 0; j < VARIABLES; j++) zdtSpace[`x${j}`] = { type: 'float', low: 0, high: 1, log: false };

function zdt(name: string, shape: (ratio: number) => number, trueFront: number, optuna: MoProblem['optuna'], bar: number): MoProblem {
  return {
    name,
    space: zdtSpace,
    trueFront,
    optuna,
    bar,
    evaluate(p) {
      const f1 = p.x0 as number;
      let rest = 0;
      for (let j = 1; j < VARIABLES; j++) rest += p[`x${j}`] as number;
      const g = 1 + (9 * rest) / (VARIABLES - 1);
      return [f1, g * shape(f1 / g)];
    },
  };
}

export const zdt1 = zdt('ZDT1', (r) => 1 - Math.sqrt(r), 0.877, { random: 0, nsga2: 0, motpe: 0.169 }, 0.5);
export const zdt2 = zdt('ZDT2', (r) => 1 - r * r, 0.543, { random: 0, nsga2: 0, motpe: 0 }, 0.25);
export const REFERENCE_POINT = [1.1, 1.1];

/** A two-objective study held in an array: what a sampler sees of one. */
export class ArrayMoStudy implements StudyView {
  readonly direction = 'minimize' as const;
  readonly directions: readonly Direction[] = ['minimize', 'minimize'];
  readonly trials: FrozenTrial[] = [];
  constructor(readonly seed: number) {}
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t));
  }
  newTrial(): FrozenTrial {
    const number = this.trials.length;
    const trial: FrozenTrial = {
      number, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {},
      seed: trialSeed(this.seed, number), startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {},
    };
    this.trials.push(trial);
    return trial;
  }
}

/** One run: the hypervolume of the complete trials after `budget` evaluations. */
export async function moRun(problem: MoProblem, sampler: Sampler, seed: number, budget: number): Promise<number> {
  const study = new ArrayMoStudy(seed);
  for (let evaluation = 0; evaluation < budget; evaluation++) {
    const trial = study.newTrial();
    const space = (await sampler.inferRelativeSearchSpace?.(study, trial)) ?? {};
    const relative = Object.keys(space).length > 0 ? ((await sampler.sampleRelative?.(study, trial, space)) ?? {}) : {};
    for (const [name, d] of Object.entries(problem.space)) {
      trial.params[name] = Object.hasOwn(relative, name) ? relative[name]! : await sampler.sampleIndependent(study, trial, name, d);
      trial.distributions[name] = d;
    }
    trial.values = problem.evaluate(trial.params);
    trial.value = trial.values[0]!;
    trial.state = 'complete';
  }
  return hypervolume(study.trials.map((t) => t.values!), REFERENCE_POINT);
}

export const MO_METHODS: { label: string; optuna: 'random' | 'nsga2' | 'motpe'; make: (seed: number) => Sampler }[] = [
  { label: 'random', optuna: 'random', make: (seed) => new RandomSampler({ seed }) },
  { label: 'NSGA-II (population 20)', optuna: 'nsga2', make: (seed) => new NSGAIISampler({ seed, populationSize: 20 }) },
  { label: 'ParEGO (GP + EI)', optuna: 'motpe', make: (seed) => new ParEGOSampler({ seed }) },
];

export interface MoRow {
  problem: string;
  method: string;
  budget: number;
  seeds: number;
  hypervolumes: number[];
  median: number;
  min: number;
  max: number;
  optuna: number;
  optunaMethod: string;
  trueFront: number;
  bar: number | null;
  seconds: number;
  /** This process's user + system CPU seconds (the wall-clock seconds are noisy on a shared machine). */
  cpuSeconds: number;
}

export async function moBenchmark(options: { seeds: number; budget: number; methods?: readonly string[]; log?: (line: string) => void }): Promise<MoRow[]> {
  const rows: MoRow[] = [];
  for (const problem of [zdt1, zdt2]) {
    for (const method of MO_METHODS) {
      if (options.methods !== undefined && !options.methods.some((m) => method.label.toLowerCase().startsWith(m.toLowerCase()))) continue;
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const hypervolumes: number[] = [];
      for (let seed = 0; seed < options.seeds; seed++) hypervolumes.push(await moRun(problem, method.make(seed), seed, options.budget));
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      options.log?.(`${problem.name} ${method.label}: ${hypervolumes.map((h) => h.toFixed(3)).join(' ')} (${seconds.toFixed(1)} s, CPU ${cpuSeconds.toFixed(1)} s)`);
      rows.push({
        problem: problem.name,
        method: method.label,
        budget: options.budget,
        seeds: options.seeds,
        hypervolumes,
        median: median(hypervolumes),
        min: Math.min(...hypervolumes),
        max: Math.max(...hypervolumes),
        optuna: problem.optuna[method.optuna],
        optunaMethod: method.optuna === 'motpe' ? 'MOTPE' : method.optuna === 'nsga2' ? 'NSGA-II pop 20' : 'random',
        trueFront: problem.trueFront,
        bar: method.optuna === 'motpe' ? problem.bar : null,
        seconds,
        cpuSeconds,
      });
    }
  }
  return rows;
}

export function printMo(rows: readonly MoRow[]): void {
  console.log(`\n(j) Multi-objective: hypervolume up to (1.1, 1.1) after ${rows[0]?.budget ?? 0} evaluations, 6 variables, median (range) over ${rows[0]?.seeds ?? 0} seeds`);
  console.log('| problem | method | hypervolume | Optuna 3.1 (method) | true front | bar | status | seconds | CPU seconds |');
  console.log('|---|---|---|---|---:|---|---|---:|---:|');
  for (const r of rows) {
    const status = r.bar === null ? '' : r.median >= r.bar ? 'met' : 'MISSED';
    console.log(`| ${r.problem} | ${r.method} | ${r.median.toFixed(3)} (${r.min.toFixed(3)}–${r.max.toFixed(3)}) | ${r.optuna.toFixed(3)} (${r.optunaMethod}) | ${r.trueFront.toFixed(3)} | ${r.bar === null ? '' : `≥ ${r.bar}`} | ${status} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { seeds: { type: 'string', default: '10' }, budget: { type: 'string', default: '100' }, methods: { type: 'string' }, json: { type: 'string' } } });
  const rows = await moBenchmark({ seeds: Number(args.seeds), budget: Number(args.budget), ...(args.methods === undefined ? {} : { methods: args.methods.split(',') }), log: (line) => console.error(line) });
  printMo(rows);
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(rows, null, 2)}\n`);
}
