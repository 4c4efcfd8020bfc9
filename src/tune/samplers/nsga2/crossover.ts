// NSGA-II's crossovers on two parents' points of the unit cube (samplers/bayes/unit-cube.ts):
// uniform (each parameter from either parent with probability ½, Optuna 3.1's default) and
// simulated binary crossover (Deb and Agrawal 1995, bounded as in Deb's NSGA-II code), whose
// child lies near a parent with a spread set by the distribution index η. Categorical one-hot
// groups are always inherited whole from one parent.
import type { SeededRandom } from '../../../random/seeded-random.ts';
import type { CubeLayout } from '../bayes/unit-cube.ts';

export type CrossoverKind = 'uniform' | 'sbx';

/** The child of parents a and b (points of the cube) under `kind`. */
export function crossover(kind: CrossoverKind, a: Float64Array, b: Float64Array, layout: CubeLayout, random: SeededRandom, eta: number): Float64Array {
  const child = Float64Array.from(a);
  for (const k of layout.continuous) {
    if (kind === 'uniform') {
      if (random.uniform() < 0.5) child[k] = b[k]!;
    } else {
      child[k] = sbxCoordinate(a[k]!, b[k]!, random, eta);
    }
  }
  for (const { start, size } of layout.groups) {
    if (random.uniform() < 0.5) child.set(b.subarray(start, start + size), start);
  }
  return child;
}

/** βq of bounded SBX for a spread bound α. */
function spreadFactor(u: number, alpha: number, eta: number): number {
  // Stryker disable next-line EqualityOperator: at u = 1/α both branches give 1
  return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
}

/**
 * One coordinate of bounded SBX in [0, 1]: with probability ½ the first parent's value is kept
 * (Deb's per-variable rate); otherwise one of the two children, each with probability ½.
 */
export function sbxCoordinate(x1: number, x2: number, random: SeededRandom, eta: number): number {
  if (random.uniform() >= 0.5 || Math.abs(x1 - x2) <= 1e-14) return x1;
  const low = Math.min(x1, x2);
  const high = Math.max(x1, x2);
  const gap = high - low;
  const u = random.uniform();
  const betaLow = 1 + (2 * low) / gap;
  const childLow = 0.5 * (low + high - spreadFactor(u, 2 - betaLow ** -(eta + 1), eta) * gap);
  const betaHigh = 1 + (2 * (1 - high)) / gap;
  const childHigh = 0.5 * (low + high + spreadFactor(u, 2 - betaHigh ** -(eta + 1), eta) * gap);
  const child = random.uniform() < 0.5 ? childLow : childHigh;
  return Math.min(Math.max(child, 0), 1);
}
