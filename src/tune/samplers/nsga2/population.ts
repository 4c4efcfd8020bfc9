// NSGA-II's elitist population (Deb, Pratap, Agarwal and Meyarivan, IEEE TEC 2002), rebuilt
// from the study's history on every ask so the sampler keeps nothing between calls. Trial n
// belongs to generation ⌊n / populationSize⌋ (its number alone, never the timing of other asks);
// the parents of generation g + 1 are the best populationSize of generation g's parents and
// generation g's complete trials, ranked by non-dominated front, then by crowding distance.
// With constraints (systemAttrs.constraints) dominance is Deb's constrained dominance: a feasible
// trial beats an infeasible one, the smaller total violation beats the larger, and feasible
// trials compare by Pareto dominance.
import { minimizedValue } from '../../../train/direction.ts';
import { totalViolation } from '../../multi-objective/constraints.ts';
import { crowdingDistance } from '../../multi-objective/crowding-distance.ts';
import { nonDominatedFronts } from '../../multi-objective/non-dominated-sort.ts';
import { dominates } from '../../multi-objective/pareto.ts';
import type { Direction, FrozenTrial } from '../../types.ts';

/** A complete trial as NSGA-II ranks it: its objectives turned to be minimised (for crowding) and its violation. */
export interface Individual {
  readonly trial: FrozenTrial;
  readonly objectives: readonly number[];
  /** Sum of the positive constraint values (0: feasible, or no constraints recorded). */
  readonly violation: number;
}

export function toIndividual(trial: FrozenTrial, directions: readonly Direction[]): Individual {
  return { trial, objectives: trial.values!.map((v, k) => minimizedValue(directions[k]!, v)), violation: totalViolation(trial) };
}

/** Deb's constrained dominance of a over b. */
export function constrainedDominates(directions: readonly Direction[], a: Individual, b: Individual): boolean {
  if (a.violation === 0 && b.violation === 0) return dominates(directions, a.trial.values!, b.trial.values!);
  // Stryker disable next-line ConditionalExpression: without it 0 < b.violation answers the same
  if (a.violation === 0) return true;
  // Stryker disable next-line ConditionalExpression: without it a.violation < 0 answers the same
  if (b.violation === 0) return false;
  return a.violation < b.violation;
}

/** The best `size` of `candidates`: whole fronts while they fit, then the least crowded of the next. */
export function selectElite(directions: readonly Direction[], candidates: readonly Individual[], size: number): Individual[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; every front then fits whole below
  if (candidates.length <= size) return [...candidates];
  const fronts = nonDominatedFronts(candidates.length, (a, b) => constrainedDominates(directions, candidates[a]!, candidates[b]!));
  const elite: Individual[] = [];
  for (const front of fronts) {
    // Stryker disable next-line EqualityOperator: a front that fills the population exactly is taken whole by the crowding branch too
    if (elite.length + front.length <= size) {
      for (const i of front) elite.push(candidates[i]!);
      // Stryker disable next-line ConditionalExpression: a shortcut; the next front would add none
      if (elite.length === size) break;
      continue;
    }
    const distance = crowdingDistance(
      candidates.map((c) => c.objectives),
      front,
    );
    // Most isolated first; equal distances by trial number, so the choice never depends on the sort.
    const order = front.map((i, r) => ({ i, d: distance[r]! })).sort((x, y) => y.d - x.d || candidates[x.i]!.trial.number - candidates[y.i]!.trial.number);
    for (const { i } of order.slice(0, size - elite.length)) elite.push(candidates[i]!);
    break;
  }
  return elite;
}

/**
 * The parents of generation `generation`: generation 0 has none; each later one selects from the
 * previous parents and the previous generation's complete trials (`complete`, with values of
 * every objective). Empty when nothing earlier is complete.
 */
export function parentPopulation(directions: readonly Direction[], complete: readonly Individual[], generation: number, populationSize: number): Individual[] {
  const byGeneration = new Map<number, Individual[]>();
  for (const c of complete) {
    const g = Math.floor(c.trial.number / populationSize);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: later generations are never read below
    if (g >= generation) continue;
    const list = byGeneration.get(g) ?? [];
    list.push(c);
    byGeneration.set(g, list);
  }
  let parents: Individual[] = [];
  // Stryker disable next-line EqualityOperator: generation itself holds nothing (skipped above)
  for (let g = 0; g < generation; g++) {
    const offspring = byGeneration.get(g);
    if (offspring === undefined) continue;
    parents = selectElite(directions, [...parents, ...offspring].sort((a, b) => a.trial.number - b.trial.number), populationSize);
  }
  return parents;
}
