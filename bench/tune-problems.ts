// The Bayesian-optimisation test functions of REFERENCE.md (Branin, Hartmann6), shared by
// bench/tune.ts and bench/tune-bo.ts.
import type { Distribution, FrozenTrial, ParamValue, StudyView, TrialState } from '../src/tune/types.ts';

export interface TestFunction {
  name: string;
  space: Record<string, Distribution>;
  minimum: number;
  threshold: number;
  /** Evaluations the reference run is given (runs reaching the threshold are counted within it). */
  budget: number;
  evaluate(p: Record<string, ParamValue>): number;
  reference: string;
  bar: string;
}

export const branin: TestFunction = {
  name: 'Branin',
  space: {
    x1: { type: 'float', low: -5, high: 10, log: false },
    x2: { type: 'float', low: 0, high: 15, log: false },
  },
  minimum: 0.397887,
  threshold: 0.01,
  budget: 50,
  reference: '24 (20/20)',
  bar: '≤ 20 (20/20)',
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

export function hartmann6(x: readonly number[]): number {
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

export const hartmann: TestFunction = {
  name: 'Hartmann6',
  space: hartmannSpace,
  minimum: -3.32237,
  threshold: 0.1,
  budget: 100,
  reference: '58 (13/20)',
  bar: '≤ 45 (≥ 16/20)',
  evaluate: (p) => hartmann6([0, 1, 2, 3, 4, 5].map((j) => p[`x${j}`] as number)),
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A study held in an array: what a sampler sees of one. `trialSeedOf` gives trial n its seed
 * (each bench keeps the derivation its recorded figures were measured with).
 */
export class ArrayStudy implements StudyView {
  readonly direction = 'minimize' as const;
  readonly trials: FrozenTrial[] = [];
  constructor(
    readonly seed: number,
    private readonly trialSeedOf: (studySeed: number, trialNumber: number) => number,
  ) {}
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state));
  }
  newTrial(): FrozenTrial {
    const number = this.trials.length;
    const trial: FrozenTrial = {
      number, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {},
      seed: this.trialSeedOf(this.seed, number), startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {},
    };
    this.trials.push(trial);
    return trial;
  }
}
