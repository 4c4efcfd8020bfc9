// fANOVA's leaf sums against brute force: every cell of the grid the tree's cuts make, evaluated
// through the tree itself, gives the exact variance and marginals of its piecewise-constant function.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/random/seeded-random.ts';
import { fanovaImportance, treeVariance } from '../../../src/tune/importance/fanova.ts';
import { fitRegressionTree, predictTree, prepareTreeData, type RegressionTree } from '../../../src/tune/importance/regression-tree.ts';
import type { FeatureSpace } from '../../../src/tune/importance/trial-matrix.ts';

/** Variance and first-order marginal variances by enumerating every grid cell of the tree's cuts. */
function bruteForce(tree: RegressionTree, features: readonly FeatureSpace[]): { total: number; marginal: number[] } {
  const axes = features.map((space, j) => {
    if (space.kind === 'categorical') return space.choices.map((_, c) => ({ point: c, weight: 1 / space.choices.length }));
    const cuts = [space.low, space.high, ...tree.split.filter((_, node) => tree.feature[node] === j)].sort((a, b) => a - b);
    return cuts.slice(1).map((c, i) => ({ point: (cuts[i]! + c) / 2, weight: (c - cuts[i]!) / (space.high - space.low) })).filter((cell) => cell.weight > 0);
  });
  const cells: { row: number[]; weight: number }[] = [{ row: [], weight: 1 }];
  for (const axis of axes) {
    const next = cells.splice(0).flatMap((cell) => axis.map((a) => ({ row: [...cell.row, a.point], weight: cell.weight * a.weight })));
    cells.push(...next);
  }
  const values = cells.map((cell) => predictTree(tree, features, cell.row));
  const mean = cells.reduce((s, cell, i) => s + cell.weight * values[i]!, 0);
  const total = cells.reduce((s, cell, i) => s + cell.weight * (values[i]! - mean) ** 2, 0);
  const marginal = axes.map((axis, j) =>
    axis.reduce((v, a) => {
      let level = 0;
      let mass = 0;
      cells.forEach((cell, i) => {
        if (cell.row[j] === a.point) {
          level += cell.weight * values[i]!;
          mass += cell.weight;
        }
      });
      return v + a.weight * (level / mass - mean) ** 2;
    }, 0),
  );
  return { total, marginal };
}

const SPACE: FeatureSpace[] = [
  { kind: 'numeric', low: 0, high: 1 },
  { kind: 'categorical', choices: ['a', 'b', 'c'] },
  { kind: 'numeric', low: -2, high: 6 },
];

describe('treeVariance', () => {
  it('matches a hand-made tree worked out on paper', () => {
    // x0 <= 0.25 → 4; else c === "b" → 10; else 0. Mean 0.25·4 + 0.75·(10/3) = 3.5.
    const tree: RegressionTree = { feature: [0, -1, 1, -1, -1], split: [0.25, 0, 1, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1], value: [0, 4, 0, 10, 0] };
    const { total, marginal } = treeVariance(tree, SPACE);
    const cells = [[0.25, 4], [0.25, 10], [0.5, 0]] as const;
    const expected = 0.25 * (4 - 3.5) ** 2 + (0.75 / 3) * (10 - 3.5) ** 2 + (0.75 * 2 / 3) * (0 - 3.5) ** 2;
    expect(cells.reduce((s, [w, v]) => s + w * v, 0)).toBeCloseTo(3.5, 12);
    expect(total).toBeCloseTo(expected, 12);
    // Marginal in x0: 4 on [0, 0.25], 10/3 beyond; in c: "b" 0.25·4 + 0.75·10, the others 1.
    expect(marginal[0]).toBeCloseTo(0.25 * (4 - 3.5) ** 2 + 0.75 * (10 / 3 - 3.5) ** 2, 12);
    expect(marginal[1]).toBeCloseTo(((8.5 - 3.5) ** 2 + 2 * (1 - 3.5) ** 2) / 3, 12);
    expect(marginal[2]).toBe(0);
  });

  it('matches brute force on fitted trees with numeric and categorical splits', () => {
    const random = new SeededRandom(7);
    const rows = 60;
    const x = new Float64Array(rows * 3);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i * 3] = random.uniform();
      x[i * 3 + 1] = random.below(3);
      x[i * 3 + 2] = -2 + 8 * random.uniform();
      y[i] = Math.sin(6 * x[i * 3]!) * (x[i * 3 + 1] === 2 ? 3 : 1) + 0.3 * x[i * 3 + 2]! + random.normal() * 0.1;
    }
    for (const maxDepth of [3, 6, 64]) {
      const tree = fitRegressionTree(prepareTreeData(x, y, SPACE), Int32Array.from({ length: rows }, () => random.below(rows)), { maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 3 }, random);
      const exact = bruteForce(tree, SPACE);
      const fast = treeVariance(tree, SPACE);
      expect(fast.total).toBeGreaterThan(0);
      expect(fast.total).toBeCloseTo(exact.total, 9);
      for (let j = 0; j < 3; j++) expect(fast.marginal[j]).toBeCloseTo(exact.marginal[j]!, 9);
    }
  });

  it('gives a constant tree no variance, and the forest average leaves it out of the shares', () => {
    const constant: RegressionTree = { feature: [-1], split: [0], left: [-1], right: [-1], value: [5] };
    expect(treeVariance(constant, SPACE)).toEqual({ total: 0, marginal: new Float64Array(3) });
    const steps: RegressionTree = { feature: [2, -1, -1], split: [2, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 1, 3] };
    const { mean } = fanovaImportance([constant, steps], SPACE);
    expect(Array.from(mean)).toEqual([0, 0, 0.5]);
  });

  it('averages each tree’s shares over the forest, with their standard deviation', () => {
    const steps: RegressionTree = { feature: [2, -1, -1], split: [2, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 1, 3] };
    const onX: RegressionTree = { feature: [0, -1, -1], split: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 0, 2] };
    const constant: RegressionTree = { feature: [-1], split: [0], left: [-1], right: [-1], value: [5] };
    const twoTrees = fanovaImportance([steps, onX], SPACE);
    expect([Array.from(twoTrees.mean), Array.from(twoTrees.std)]).toEqual([[0.5, 0, 0.5], [0.5, 0, 0.5]]);
    const withConstant = fanovaImportance([constant, steps], SPACE);
    expect(Array.from(withConstant.std)).toEqual([0, 0, 0.5]);
    expect(fanovaImportance([], SPACE)).toEqual({ mean: new Float64Array(3), std: new Float64Array(3) });
  });

  it('a numeric feature with one value spans its whole axis and explains nothing', () => {
    const space: FeatureSpace[] = [{ kind: 'numeric', low: 1, high: 1 }, { kind: 'numeric', low: 0, high: 4 }];
    // x1 <= 1 → 0, else 4: a quarter of the axis at 0, three quarters at 4.
    const tree: RegressionTree = { feature: [1, -1, -1], split: [1, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 0, 4] };
    const { total, marginal } = treeVariance(tree, space);
    expect(total).toBeCloseTo(0.25 * 9 + 0.75 * 1, 12); // mean 3
    expect(Array.from(marginal)).toEqual([0, total]);
  });
});
