// ParEGO's scalarisation (Knowles, IEEE TEC 2006): each objective turned to be minimised and
// rescaled to [0, 1] over the trials seen, then the augmented Chebyshev function
//   f_λ(u) = max_k λ_k u_k + ρ Σ_k λ_k u_k
// for weights λ on the simplex. Every Pareto-optimal point minimises f_λ for some λ, convex
// front or not (the max term), and the small sum term breaks ties towards dominating points.
import type { SeededRandom } from '../../../random/seeded-random.ts';

/** The rescaling of minimised objective vectors: u_k = (v_k − low_k) / span_k. */
export interface Normalization {
  readonly low: Float64Array;
  readonly span: Float64Array;
}

/**
 * low and span per objective over `points` (minimised vectors). The span is that of the
 * non-dominated points' ranges when `frontOf` is given, else of all points: ZDT-like objectives
 * spread random points over ten times the front's range, which would squeeze the front into a
 * sliver of [0, 1] and leave most weights pulling towards one objective.
 */
export function normalization(points: readonly (readonly number[])[], front?: readonly (readonly number[])[]): Normalization {
  const m = points[0]?.length ?? 0;
  const low = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  for (const p of front ?? points) {
    // Stryker disable next-line EqualityOperator: a write one past a typed array's end is dropped
    for (let k = 0; k < m; k++) {
      low[k] = Math.min(low[k]!, p[k]!);
      high[k] = Math.max(high[k]!, p[k]!);
    }
  }
  const span = new Float64Array(m);
  // Stryker disable next-line EqualityOperator: as above
  for (let k = 0; k < m; k++) {
    const range = high[k]! - low[k]!;
    span[k] = range > 1e-12 * Math.max(1, Math.abs(low[k]!)) ? range : 1;
  }
  return { low, span };
}

/** λ uniform on the simplex: normalised exponential draws. */
export function simplexWeights(objectives: number, random: SeededRandom): Float64Array {
  const weights = new Float64Array(objectives);
  let total = 0;
  for (let k = 0; k < objectives; k++) {
    // Stryker disable next-line UnaryOperator: the sign cancels when the weights are divided by their sum
    weights[k] = -Math.log(1 - random.uniform());
    total += weights[k]!;
  }
  // Stryker disable next-line EqualityOperator: as above
  for (let k = 0; k < objectives; k++) weights[k] = weights[k]! / total;
  return weights;
}

/** f_λ of one minimised vector. */
export function augmentedChebyshev(point: readonly number[], weights: Float64Array, scale: Normalization, rho: number): number {
  let worst = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let k = 0; k < weights.length; k++) {
    const term = (weights[k]! * (point[k]! - scale.low[k]!)) / scale.span[k]!;
    worst = Math.max(worst, term);
    sum += term;
  }
  return worst + rho * sum;
}
