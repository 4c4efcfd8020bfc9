// The CART tree and the forest: unpruned trees reproduce their training rows, splits sit at
// midpoints (numeric) or on one choice (categorical), depth limits hold, and a seed fixes the forest.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/random/seeded-random.ts';
import { fitRandomForest } from '../../../src/tune/importance/random-forest.ts';
import { fitRegressionTree, predictTree, prepareTreeData } from '../../../src/tune/importance/regression-tree.ts';
import type { FeatureSpace } from '../../../src/tune/importance/trial-matrix.ts';

const OPTIONS = { maxDepth: 64, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 2 };
const SPACE: FeatureSpace[] = [
  { kind: 'numeric', low: 0, high: 10 },
  { kind: 'categorical', choices: ['red', 'green', 'blue', 'black'] },
];
const all = (rows: number) => Int32Array.from({ length: rows }, (_, i) => i);

describe('fitRegressionTree', () => {
  it('splits a step at the midpoint and a categorical on the one choice that differs', () => {
    // y jumps between x = 3 and x = 5; the category is irrelevant.
    const x = Float64Array.from([1, 0, 3, 1, 5, 2, 8, 3]);
    const y = Float64Array.from([0, 0, 7, 7]);
    const step = fitRegressionTree(prepareTreeData(x, y, SPACE), all(4), OPTIONS, new SeededRandom(1));
    expect(step.feature[0]).toBe(0);
    expect(step.split[0]).toBe(4);
    expect(step.feature.filter((f) => f >= 0)).toHaveLength(1);
    // Now only "blue" (index 2) differs.
    const c = Float64Array.from([1, 0, 3, 2, 5, 1, 8, 2, 9, 3]);
    const yc = Float64Array.from([1, 9, 1, 9, 1]);
    const choice = fitRegressionTree(prepareTreeData(c, yc, SPACE), all(5), OPTIONS, new SeededRandom(1));
    expect(choice.feature[0]).toBe(1);
    expect(choice.split[0]).toBe(2);
    expect([0, 1, 2, 3].map((k) => predictTree(choice, SPACE, [4, k]))).toEqual([1, 1, 9, 1]);
  });

  it('reproduces every training row when grown fully, and keeps to maxDepth', () => {
    const random = new SeededRandom(3);
    const rows = 50;
    const x = new Float64Array(rows * 2);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      x[2 * i] = 10 * random.uniform();
      x[2 * i + 1] = random.below(4);
      y[i] = x[2 * i]! ** 2 + 5 * x[2 * i + 1]! + random.normal();
    }
    const full = fitRegressionTree(prepareTreeData(x, y, SPACE), all(rows), OPTIONS, random);
    for (let i = 0; i < rows; i++) expect(predictTree(full, SPACE, [x[2 * i]!, x[2 * i + 1]!])).toBeCloseTo(y[i]!, 9);
    const stump = fitRegressionTree(prepareTreeData(x, y, SPACE), all(rows), { ...OPTIONS, maxDepth: 1 }, random);
    expect(stump.feature).toHaveLength(3);
    expect(stump.value[0]).toBeCloseTo(y.reduce((s, v) => s + v, 0) / rows, 9);
    const leafy = fitRegressionTree(prepareTreeData(x, y, SPACE), all(rows), { ...OPTIONS, minSamplesLeaf: 10 }, random);
    const counts = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const v = predictTree(leafy, SPACE, [x[2 * i]!, x[2 * i + 1]!]);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(10);
  });
});

describe('fitRegressionTree at the edges', () => {
  const line: FeatureSpace[] = [{ kind: 'numeric', low: 0, high: 2 }];

  it('splits two neighbouring floats, whose midpoint rounds up to the larger, at the smaller', () => {
    // 1 − 2⁻⁵³ and 1 are adjacent doubles: their midpoint rounds (to even) to 1 itself.
    const below = 1 - 2 ** -53;
    const tree = fitRegressionTree(prepareTreeData(Float64Array.of(below, 1), Float64Array.of(3, 5), line), all(2), OPTIONS, new SeededRandom(1));
    expect(tree.split[0]).toBe(below);
    expect([predictTree(tree, line, [below]), predictTree(tree, line, [1])]).toEqual([3, 5]);
  });

  it('leaves a node with fewer than minSamplesSplit rows, or with one target value, unsplit', () => {
    const x = Float64Array.of(0.1, 0.5, 0.9, 1.3);
    const y = Float64Array.of(1, 2, 3, 4);
    expect(fitRegressionTree(prepareTreeData(x, y, line), all(4), { ...OPTIONS, minSamplesSplit: 5 }, new SeededRandom(1))).toEqual({ feature: [-1], split: [0], left: [-1], right: [-1], value: [2.5] });
    expect(fitRegressionTree(prepareTreeData(x, y, line), all(4), { ...OPTIONS, minSamplesSplit: 4 }, new SeededRandom(1)).feature.length).toBeGreaterThan(1);
    expect(fitRegressionTree(prepareTreeData(x, Float64Array.of(7, 7, 7, 7), line), all(4), OPTIONS, new SeededRandom(1)).feature).toEqual([-1]);
    // A categorical choice with too few rows for minSamplesLeaf is no candidate: no split at all.
    const colour: FeatureSpace[] = [{ kind: 'categorical', choices: ['r', 'g'] }];
    const tree = fitRegressionTree(prepareTreeData(Float64Array.of(0, 0, 0, 1), Float64Array.of(0, 0, 0, 9), colour), all(4), { ...OPTIONS, minSamplesLeaf: 2 }, new SeededRandom(1));
    expect(tree.feature).toEqual([-1]);
    // An empty sample gives an empty tree.
    expect(fitRegressionTree(prepareTreeData(x, y, line), new Int32Array(0), OPTIONS, new SeededRandom(1)).feature).toEqual([]);
  });
});

describe('fitRandomForest', () => {
  it('gives the same forest for one seed and another forest for another seed', () => {
    const random = new SeededRandom(5);
    const rows = 40;
    const x = Float64Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? 10 * random.uniform() : random.below(4)));
    const y = Float64Array.from({ length: rows }, (_, i) => x[2 * i]! + x[2 * i + 1]!);
    const options = { ...OPTIONS, trees: 8, seed: 11 };
    const a = fitRandomForest(x, y, SPACE, options);
    expect(fitRandomForest(x, y, SPACE, options)).toEqual(a);
    expect(fitRandomForest(x, y, SPACE, { ...options, seed: 12 })).not.toEqual(a);
    expect(a).toHaveLength(8);
    // Bootstrap samples differ from tree to tree.
    expect(a[1]).not.toEqual(a[0]);
  });
});
