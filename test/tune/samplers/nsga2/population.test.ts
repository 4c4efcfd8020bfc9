// NSGA-II's elitist selection, Deb's constrained dominance, the generation bookkeeping and the
// crossovers, on small cases worked out by hand.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { crossover, sbxCoordinate } from '../../../../src/tune/samplers/nsga2/crossover.ts';
import { constrainedDominates, parentPopulation, selectElite, toIndividual, type Individual } from '../../../../src/tune/samplers/nsga2/population.ts';
import type { Direction, FrozenTrial } from '../../../../src/tune/types.ts';

const MIN: Direction[] = ['minimize', 'minimize'];

function individual(number: number, values: number[], constraints?: number[]): Individual {
  const trial: FrozenTrial = {
    number, state: 'complete', params: {}, distributions: {}, value: values[0]!, values, intermediate: {},
    seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: constraints === undefined ? {} : { constraints },
  };
  return toIndividual(trial, MIN);
}

describe('constrainedDominates', () => {
  it('feasible beats infeasible, less violation beats more, feasible ones by Pareto dominance', () => {
    const feasible = individual(0, [5, 5], [-1]);
    const slightly = individual(1, [0, 0], [0.5, -2]);
    const badly = individual(2, [0, 0], [1, 1]);
    expect(constrainedDominates(MIN, feasible, slightly)).toBe(true);
    expect(constrainedDominates(MIN, slightly, feasible)).toBe(false);
    expect(constrainedDominates(MIN, slightly, badly)).toBe(true);
    expect(constrainedDominates(MIN, individual(3, [1, 1]), individual(4, [1, 2]))).toBe(true);
    expect(constrainedDominates(MIN, individual(3, [1, 3]), individual(4, [2, 2]))).toBe(false);
  });

  it('turns maximised objectives around', () => {
    const a = toIndividual(individual(0, [3, 1]).trial, ['maximize', 'minimize']);
    const b = toIndividual(individual(1, [2, 1]).trial, ['maximize', 'minimize']);
    expect(a.objectives).toEqual([-3, 1]);
    expect(constrainedDominates(['maximize', 'minimize'], a, b)).toBe(true);
  });
});

describe('selectElite', () => {
  it('keeps whole fronts, then the least crowded of the front that does not fit', () => {
    // Front 0: 0, 1, 2, 3 (a line); front 1: 4; 5 is dominated by everything.
    const candidates = [individual(0, [0, 4]), individual(1, [1, 3]), individual(2, [1.2, 2.8]), individual(3, [4, 0]), individual(4, [2, 4]), individual(5, [5, 5])];
    const numbers = (list: Individual[]): number[] => list.map((c) => c.trial.number).sort((a, b) => a - b);
    expect(numbers(selectElite(MIN, candidates, 5))).toEqual([0, 1, 2, 3, 4]);
    // Three of front 0: both ends (infinite distance), then the less crowded of 1 and 2.
    // Crowding: 1 → (1.2 − 0)/4 + (4 − 2.8)/4 = 0.6; 2 → (4 − 1)/4 + (3 − 0)/4 = 1.5.
    expect(numbers(selectElite(MIN, candidates, 3))).toEqual([0, 2, 3]);
    expect(numbers(selectElite(MIN, candidates, 10))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('breaks equal crowding distances by trial number, and stops at a front that fills the population exactly', () => {
    // Front 0: the ends 0 and 4, and 1, 2, 3 evenly spaced between them (equal distances).
    const line = [individual(7, [0, 4]), individual(3, [1, 3]), individual(1, [2, 2]), individual(2, [3, 1]), individual(9, [4, 0])];
    const chosen = selectElite(MIN, [...line, individual(0, [5, 5])], 4).map((c) => c.trial.number);
    expect(chosen.sort((a, b) => a - b)).toEqual([1, 2, 7, 9]);
    // Fronts 0 and 1 make exactly three: front 2 is not looked at.
    const three = [individual(0, [0, 0]), individual(1, [1, 1]), individual(2, [1, 1]), individual(3, [2, 2]), individual(4, [3, 3])];
    expect(selectElite(MIN, three, 3).map((c) => c.trial.number)).toEqual([0, 1, 2]);
    // One from front 0, then two of front 1's four by crowding (its ends): three in all.
    const split = [individual(0, [0, 0]), individual(1, [1, 4]), individual(2, [2, 3]), individual(3, [3, 2]), individual(4, [4, 1])];
    expect(selectElite(MIN, split, 3).map((c) => c.trial.number)).toEqual([0, 1, 4]);
  });

  it('two infeasible individuals with the same violation do not dominate each other', () => {
    expect(constrainedDominates(MIN, individual(0, [0, 0], [1]), individual(1, [9, 9], [0.5, 0.5]))).toBe(false);
    expect(constrainedDominates(MIN, individual(1, [9, 9], [0.5, 0.5]), individual(0, [0, 0], [1]))).toBe(false);
  });
});

describe('parentPopulation', () => {
  it('generation g selects from the previous parents and generation g − 1 by trial number', () => {
    // Population 2: generation 0 = trials 0, 1; generation 1 = 2, 3; generation 2 = 4, 5.
    const all = [individual(0, [3, 3]), individual(1, [4, 4]), individual(2, [1, 1]), individual(3, [5, 5]), individual(4, [0, 0]), individual(5, [0.5, 0.5])];
    const numbers = (g: number): number[] => parentPopulation(MIN, all, g, 2).map((c) => c.trial.number).sort((a, b) => a - b);
    expect(numbers(0)).toEqual([]);
    expect(numbers(1)).toEqual([0, 1]);
    expect(numbers(2)).toEqual([0, 2]);
    expect(numbers(3)).toEqual([4, 5]);
  });

  it('a generation with nothing complete leaves the parents as they were', () => {
    const all = [individual(0, [3, 3]), individual(1, [4, 4]), individual(6, [0, 0])];
    expect(parentPopulation(MIN, all, 3, 2).map((c) => c.trial.number)).toEqual([0, 1]);
  });
});

describe('crossover', () => {
  const layout = { dimension: 5, continuous: [0, 1], groups: [{ start: 2, size: 3 }] };
  const a = Float64Array.from([0.1, 0.2, 1, 0, 0]);
  const b = Float64Array.from([0.9, 0.8, 0, 0, 1]);

  it('uniform: every coordinate and every one-hot group from one parent', () => {
    const random = new SeededRandom(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const child = crossover('uniform', a, b, layout, random, 20);
      expect([0.1, 0.9]).toContain(child[0]);
      expect([0.2, 0.8]).toContain(child[1]);
      expect([[1, 0, 0].join(), [0, 0, 1].join()]).toContain(Array.from(child.subarray(2)).join());
      seen.add(Array.from(child).join());
    }
    expect(seen.size).toBe(8);
  });

  it('SBX stays in [0, 1], keeps equal parents, and spreads around the parents as η says', () => {
    const random = new SeededRandom(9);
    expect(sbxCoordinate(0.4, 0.4, random, 20)).toBe(0.4);
    const narrow: number[] = [];
    const wide: number[] = [];
    for (let i = 0; i < 2000; i++) {
      narrow.push(sbxCoordinate(0.3, 0.7, random, 20));
      wide.push(sbxCoordinate(0.3, 0.7, random, 1));
    }
    // Every child in [0, 1]: the ones outside, asserted none at once (not 4,000 expects).
    expect([...narrow, ...wide].filter((v) => !(v >= 0 && v <= 1))).toEqual([]);
    const farFromParents = (values: number[]): number => values.filter((v) => Math.min(Math.abs(v - 0.3), Math.abs(v - 0.7)) > 0.1).length;
    // Half the draws keep the first parent; η = 20 puts the children next to a parent, η = 1 far more often away.
    expect(narrow.filter((v) => v === 0.3).length).toBeGreaterThan(900);
    expect(farFromParents(narrow)).toBeLessThan(100);
    expect(farFromParents(wide)).toBeGreaterThan(2 * farFromParents(narrow) + 100);
  });

  /** A stream that returns the given uniforms in order, so each branch of SBX can be worked by hand. */
  const scripted = (...uniforms: number[]) => ({ uniform: () => uniforms.shift()! }) as unknown as SeededRandom;

  it('SBX by hand (η = 1, parents 0.2 and 0.6): each child from its bounded spread factor', () => {
    // Low side: β = 1 + 2·0.2/0.4 = 2, α = 2 − β^−2 = 1.75; high side: β = 3, α = 2 − 1/9.
    const alphaLow = 1.75;
    const alphaHigh = 2 - 1 / 9;
    // u = 0.25 ≤ 1/α on both sides: βq = √(u·α); the third draw picks the high child.
    expect(sbxCoordinate(0.2, 0.6, scripted(0.3, 0.25, 0.7), 1)).toBeCloseTo(0.5 * (0.8 + Math.sqrt(0.25 * alphaHigh) * 0.4), 14);
    expect(sbxCoordinate(0.6, 0.2, scripted(0.3, 0.25, 0.2), 1)).toBeCloseTo(0.5 * (0.8 - Math.sqrt(0.25 * alphaLow) * 0.4), 14);
    // u = 0.9 > 1/α: βq = (1 / (2 − u·α))^(1/(η+1)).
    expect(sbxCoordinate(0.2, 0.6, scripted(0.3, 0.9, 0.2), 1)).toBeCloseTo(0.5 * (0.8 - Math.sqrt(1 / (2 - 0.9 * alphaLow)) * 0.4), 14);
    // A third draw of exactly 0.5 picks the high child.
    expect(sbxCoordinate(0.2, 0.6, scripted(0.3, 0.25, 0.5), 1)).toBeCloseTo(0.5 * (0.8 + Math.sqrt(0.25 * alphaHigh) * 0.4), 14);
    // A first draw ≥ 0.5 keeps the first parent; parents closer than 1e-14 are kept too.
    expect(sbxCoordinate(0.6, 0.2, scripted(0.5), 1)).toBe(0.6);
    expect(sbxCoordinate(0.5, 0.5 + 1e-15, scripted(0.1, 0.5, 0.5), 1)).toBe(0.5);
  });

  it('uniform crossover by hand: a draw below ½ takes the coordinate or the whole group from the second parent', () => {
    expect(Array.from(crossover('uniform', a, b, layout, scripted(0.3, 0.7, 0.4), 20))).toEqual([0.9, 0.2, 0, 0, 1]);
    expect(Array.from(crossover('uniform', a, b, layout, scripted(0.5, 0.2, 0.5), 20))).toEqual([0.1, 0.8, 1, 0, 0]);
    // SBX on the continuous coordinates (η = 20: parents 0.1 and 0.9 give the same α on both sides), whole groups all the same.
    expect(Array.from(crossover('sbx', a, b, layout, scripted(0.9, 0.9, 0.2), 20))).toEqual([0.1, 0.2, 0, 0, 1]);
    const beta = (0.25 * (2 - 1.25 ** -21)) ** (1 / 21);
    const child = crossover('sbx', a, b, layout, scripted(0.3, 0.25, 0.7, 0.9, 0.2), 20);
    expect(child[0]).toBeCloseTo(0.5 * (1 + beta * 0.8), 12);
    expect(Array.from(child.subarray(1))).toEqual([0.2, 0, 0, 1]);
  });
});
