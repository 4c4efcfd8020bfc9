// Constraints in the GP sampler, as BoTorch's and Optuna's constrained GP samplers handle them
// (Gardner et al., ICML 2014): one GP per constraint, fitted to the values recorded on the
// trials (systemAttrs.constraints, each ≤ 0 feasible), and the acquisition weighted by the
// probability that every constraint holds, Π_k Φ((t_k − μ_k)/σ_k) with t_k the standardised 0.
// Expected improvement is then measured from the best feasible observation; with none feasible
// yet, the probability of feasibility alone is maximised.
import type { SeededRandom } from '../../../random/seeded-random.ts';
import { trialConstraints } from '../../multi-objective/constraints.ts';
import type { FrozenTrial } from '../../types.ts';
import { fitHyperparameters } from './fit.ts';
import { GaussianProcess } from './gaussian-process.ts';

/** A constraint's GP and where its 0 lies on the GP's standardised scale. */
export interface FeasibilityModel {
  readonly gp: GaussianProcess;
  readonly threshold: number;
}

/** The constraint values of a trial when it holds `count` finite ones, else undefined. */
export function constraintRow(trial: FrozenTrial, count: number): readonly number[] | undefined {
  const row = trialConstraints(trial);
  return row !== undefined && row.length === count && row.every(Number.isFinite) ? row : undefined;
}

/** How many constraints the study records: the length the most recent trial with any gave. */
export function constraintCount(trials: readonly FrozenTrial[]): number {
  for (let i = trials.length - 1; i >= 0; i--) {
    const row = trialConstraints(trials[i]!);
    if (row !== undefined && row.length > 0) return row.length;
  }
  return 0;
}

/** One GP per constraint over the points (row-major n × d) whose constraint rows are given. */
export function fitFeasibilityModels(points: readonly Float64Array[], rows: readonly (readonly number[])[], d: number, rng: SeededRandom): FeasibilityModel[] {
  const n = points.length;
  const x = new Float64Array(n * d);
  points.forEach((p, i) => x.set(p, i * d));
  const count = rows[0]?.length ?? 0;
  const models: FeasibilityModel[] = [];
  for (let k = 0; k < count; k++) {
    let mean = 0;
    for (const row of rows) mean += row[k]!;
    mean /= n;
    let spread = 0;
    for (const row of rows) spread += (row[k]! - mean) ** 2;
    spread = Math.sqrt(spread / n);
    if (!(spread > 1e-12)) spread = Math.max(1, Math.abs(mean));
    const y = Float64Array.from(rows, (row) => (row[k]! - mean) / spread);
    const data = { x, y, n, d };
    const fit = fitHyperparameters(data, { rng, starts: 3, optimizedStarts: 1 });
    models.push({ gp: new GaussianProcess(data, fit.logParams), threshold: -mean / spread });
  }
  return models;
}
