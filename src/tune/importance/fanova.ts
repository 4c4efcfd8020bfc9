// Functional ANOVA of a forest (Hutter, Hoos and Leyton-Brown 2014, "An efficient approach for
// assessing hyperparameter importance"), as Optuna's FanovaImportanceEvaluator computes it: each
// tree is a piecewise-constant function over the search space (uniform on every numeric range,
// every categorical choice equally likely). Its variance over the space, and the variance of its
// marginal in one parameter (the tree averaged over all the others), are exact sums over the
// leaves; a parameter's importance in a tree is that marginal variance over the total, and the
// forest's is the mean over its trees.
import type { RegressionTree } from './regression-tree.ts';
import type { FeatureSpace } from './trial-matrix.ts';

interface Leaf {
  value: number;
  /** The share of each feature's range (or choices) the leaf's region covers. */
  fraction: Float64Array;
  low: Float64Array;
  high: Float64Array;
  /** Per categorical feature, 1 for each choice in the region. */
  allowed: (Uint8Array | undefined)[];
}

function leaves(tree: RegressionTree, features: readonly FeatureSpace[]): Leaf[] {
  const out: Leaf[] = [];
  const width = features.length;
  const visit = (node: number, low: Float64Array, high: Float64Array, allowed: (Uint8Array | undefined)[]): void => {
    const f = tree.feature[node]!;
    if (f < 0) {
      const fraction = new Float64Array(width);
      for (let j = 0; j < width; j++) {
        const space = features[j]!;
        if (space.kind === 'categorical') {
          let n = 0;
          for (const a of allowed[j]!) n += a;
          fraction[j] = n / space.choices.length;
        } else {
          fraction[j] = space.high > space.low ? (high[j]! - low[j]!) / (space.high - space.low) : 1;
        }
      }
      out.push({ value: tree.value[node]!, fraction, low, high, allowed });
      return;
    }
    const split = tree.split[node]!;
    if (features[f]!.kind === 'categorical') {
      const only = new Uint8Array(allowed[f]!.length);
      only[split] = allowed[f]![split]!;
      const rest = Uint8Array.from(allowed[f]!);
      rest[split] = 0;
      visit(tree.left[node]!, low, high, allowed.map((a, j) => (j === f ? only : a)));
      visit(tree.right[node]!, low, high, allowed.map((a, j) => (j === f ? rest : a)));
      return;
    }
    const leftHigh = Float64Array.from(high);
    leftHigh[f] = Math.min(high[f]!, split);
    const rightLow = Float64Array.from(low);
    rightLow[f] = Math.max(low[f]!, split);
    visit(tree.left[node]!, low, leftHigh, allowed);
    visit(tree.right[node]!, rightLow, high, allowed);
  };
  visit(
    0,
    Float64Array.from(features, (s) => (s.kind === 'numeric' ? s.low : 0)),
    Float64Array.from(features, (s) => (s.kind === 'numeric' ? s.high : 0)),
    features.map((s) => (s.kind === 'categorical' ? new Uint8Array(s.choices.length).fill(1) : undefined)),
  );
  return out;
}

/** The cut points of feature j's axis (its bounds and every threshold on it), ascending: the marginal is constant between two. */
function cuts(tree: RegressionTree, space: Extract<FeatureSpace, { kind: 'numeric' }>, j: number): Float64Array {
  const values = [space.low, space.high];
  for (let node = 0; node < tree.feature.length; node++) if (tree.feature[node] === j) values.push(tree.split[node]!);
  return Float64Array.from(new Set(values.map((c) => Math.min(space.high, Math.max(space.low, c))))).sort();
}

/** The index of `value` in the ascending `sorted` (where it would go). */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The tree's marginal in feature j on each cell of its axis (every choice of a categorical),
 * with the cells' weights: each leaf adds its value times its measure in the other features to
 * the cells its region covers.
 */
function marginalLevels(all: readonly Leaf[], space: FeatureSpace, j: number, tree: RegressionTree): { weight: Float64Array; level: Float64Array } {
  const width = all[0]?.fraction.length ?? 0;
  const otherMeasure = (leaf: Leaf): number => {
    let other = leaf.value;
    for (let d = 0; d < width; d++) if (d !== j) other *= leaf.fraction[d]!;
    return other;
  };
  if (space.kind === 'categorical') {
    const k = space.choices.length;
    const level = new Float64Array(k);
    for (const leaf of all) {
      const other = otherMeasure(leaf);
      const allowed = leaf.allowed[j]!;
      for (let c = 0; c < k; c++) if (allowed[c] === 1) level[c]! += other;
    }
    return { weight: new Float64Array(k).fill(1 / k), level };
  }
  const axis = cuts(tree, space, j);
  const cells = axis.length - 1;
  const weight = new Float64Array(cells);
  for (let i = 0; i < cells; i++) weight[i] = (axis[i + 1]! - axis[i]!) / (space.high - space.low);
  // A leaf's interval runs from one cut to another: add at its first cell, take off after its last.
  const change = new Float64Array(cells + 1);
  for (const leaf of all) {
    const other = otherMeasure(leaf);
    if (other === 0) continue;
    change[lowerBound(axis, leaf.low[j]!)]! += other;
    change[lowerBound(axis, leaf.high[j]!)]! -= other;
  }
  const level = new Float64Array(cells);
  let running = 0;
  for (let i = 0; i < cells; i++) level[i] = running += change[i]!;
  return { weight, level };
}

export interface TreeVariance {
  /** Variance of the tree's function over the whole space. */
  total: number;
  /** Per feature: the variance of the tree's marginal in that feature alone. */
  marginal: Float64Array;
}

export function treeVariance(tree: RegressionTree, features: readonly FeatureSpace[]): TreeVariance {
  const width = features.length;
  const all = leaves(tree, features);
  const volume = all.map((leaf) => leaf.fraction.reduce((p, f) => p * f, 1));
  let mean = 0;
  all.forEach((leaf, l) => (mean += volume[l]! * leaf.value));
  let total = 0;
  all.forEach((leaf, l) => (total += volume[l]! * (leaf.value - mean) ** 2));
  const marginal = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    const space = features[j]!;
    if (space.kind === 'numeric' && !(space.high > space.low)) continue;
    const { weight, level } = marginalLevels(all, space, j, tree);
    let v = 0;
    for (let i = 0; i < weight.length; i++) v += weight[i]! * (level[i]! - mean) ** 2;
    marginal[j] = v;
  }
  return { total, marginal };
}

/**
 * Each feature's share of the variance in each tree, averaged over the forest (a tree that is
 * constant explains nothing and adds 0), with the standard deviation over the trees.
 */
export function fanovaImportance(forest: readonly RegressionTree[], features: readonly FeatureSpace[]): { mean: Float64Array; std: Float64Array } {
  const width = features.length;
  const sum = new Float64Array(width);
  const squares = new Float64Array(width);
  for (const tree of forest) {
    const { total, marginal } = treeVariance(tree, features);
    if (!(total > 0)) continue;
    for (let j = 0; j < width; j++) {
      const share = marginal[j]! / total;
      sum[j]! += share;
      squares[j]! += share * share;
    }
  }
  const n = Math.max(1, forest.length);
  const mean = sum.map((s) => s / n);
  const std = squares.map((s, j) => Math.sqrt(Math.max(0, s / n - mean[j]! ** 2)));
  return { mean, std };
}
