// A random forest regressor (Breiman 2001), as the one Optuna's fANOVA evaluator fits through
// scikit-learn: each tree grows on a bootstrap sample of the rows, unpruned by default. One
// seeded stream draws every sample and feature order, so one seed gives the same forest.
import { SeededRandom } from '../../random/seeded-random.ts';
import { fitRegressionTree, prepareTreeData, type RegressionTree, type TreeOptions } from './regression-tree.ts';
import type { FeatureSpace } from './trial-matrix.ts';

export interface ForestOptions extends TreeOptions {
  trees: number;
  seed: number;
}

export function fitRandomForest(x: Float64Array, y: Float64Array, features: readonly FeatureSpace[], options: ForestOptions): RegressionTree[] {
  const rows = y.length;
  // Centred targets keep S²/n in the split scores precise when values share a large offset.
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += y[i]!;
  mean /= rows;
  const centred = y.map((v) => v - mean);
  const data = prepareTreeData(x, centred, features);
  const random = new SeededRandom(options.seed);
  const sample = new Int32Array(rows);
  const forest: RegressionTree[] = [];
  for (let t = 0; t < options.trees; t++) {
    for (let i = 0; i < rows; i++) sample[i] = random.below(rows);
    const tree = fitRegressionTree(data, sample, options, random);
    for (let i = 0; i < tree.value.length; i++) tree.value[i]! += mean;
    forest.push(tree);
  }
  return forest;
}
