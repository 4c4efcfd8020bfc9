// Deb's fast non-dominated sort (Deb, Pratap, Agarwal and Meyarivan, IEEE TEC 2002): front 0 is
// the points nothing dominates, front 1 what only front 0 dominates, and so on. O(m·n²) for n
// points in m objectives, which is what NSGA-II's populations (tens to hundreds) need.
// Dominance is a parameter so that the same sort ranks by Pareto dominance or by Deb's
// constrained dominance (samplers/nsga2/population.ts).
import type { Direction } from '../types.ts';
import { dominates } from './pareto.ts';

/** Does point a dominate point b (indices into the caller's points)? */
export type DominatesFn = (a: number, b: number) => boolean;

/** The fronts of `count` points, each a list of indices in ascending order, best front first. */
export function nonDominatedFronts(count: number, dominates: DominatesFn): number[][] {
  const dominatedBy = new Int32Array(count);
  // Stryker disable next-line ArrayDeclaration: a stray non-index entry decrements no count
  const dominating: number[][] = Array.from({ length: count }, () => []);
  // Stryker disable next-line EqualityOperator: at i = count the inner loop runs no pair
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      if (dominates(i, j)) {
        dominating[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(j, i)) {
        dominating[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  // Stryker disable next-line EqualityOperator: dominatedBy[count] is undefined, never 0
  for (let i = 0; i < count; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominating[i]!) {
        dominatedBy[j]!--;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Each point's front (0 = non-dominated) under Pareto dominance in `directions` (default: every objective minimised). */
export function nonDominatedRanks(points: readonly (readonly number[])[], directions?: readonly Direction[]): Int32Array {
  const ranks = new Int32Array(points.length);
  // Stryker disable next-line ArrowFunction,StringLiteral,ArrayDeclaration: isBetter reads anything but 'maximize' as minimising; no points, no directions read
  const ways = directions ?? (points[0] ?? []).map((): Direction => 'minimize');
  nonDominatedFronts(points.length, (a, b) => dominates(ways, points[a]!, points[b]!)).forEach((front, r) => {
    for (const i of front) ranks[i] = r;
  });
  return ranks;
}
