// Functional ANOVA of a forest (Hutter, Hoos and Leyton-Brown 2014, "An efficient approach for
// assessing hyperparameter importance"), as Optuna's FanovaImportanceEvaluator computes it: each
// tree is a piecewise-constant function over the search space (uniform on every numeric range,
// every categorical choice equally likely). Its variance over the space, and the variance of its
// marginal in one parameter (the tree averaged over all the others), are exact sums over the
// leaves; a parameter's importance in a tree is that marginal variance over the total, and the
// forest's is the mean over its trees.
import type { RegressionTree } from './regression-tree.ts';
import type { FeatureSpace } from './trial-matrix.ts';

/** A tree's leaves in flat arrays: leaf l's entry for feature j at l · width + j. */
interface Leaves {
  count: number;
  value: Float64Array;
  /** The share of each feature's range (or of its choices) the leaf's region covers. */
  fraction: Float64Array;
  low: Float64Array;
  high: Float64Array;
  /** 1 for each categorical choice in the region: leaf l, feature j, choice c at l · choices + offset[j] + c. */
  allowed: Uint8Array;
  offset: Int32Array;
  choices: number;
}

function leaves(tree: RegressionTree, features: readonly FeatureSpace[]): Leaves {
  const width = features.length;
  const offset = new Int32Array(width);
  let choices = 0;
  features.forEach((space, j) => {
    offset[j] = choices;
    if (space.kind === 'categorical') choices += space.choices.length;
  });
  const count = tree.feature.reduce((n, f) => n + (f < 0 ? 1 : 0), 0);
  const out: Leaves = { count, value: new Float64Array(count), fraction: new Float64Array(count * width), low: new Float64Array(count * width), high: new Float64Array(count * width), allowed: new Uint8Array(count * choices), offset, choices };
  // The region of the node being visited, narrowed on the way down and restored on the way up.
  const low = Float64Array.from(features, (s) => (s.kind === 'numeric' ? s.low : 0));
  const high = Float64Array.from(features, (s) => (s.kind === 'numeric' ? s.high : 0));
  const allowed = new Uint8Array(choices).fill(1);
  let l = 0;
  const visit = (node: number): void => {
    const f = tree.feature[node]!;
    if (f < 0) {
      out.value[l] = tree.value[node]!;
      out.low.set(low, l * width);
      out.high.set(high, l * width);
      out.allowed.set(allowed, l * choices);
      for (let j = 0; j < width; j++) {
        const space = features[j]!;
        let share = 1;
        if (space.kind === 'categorical') {
          let n = 0;
          for (let c = 0; c < space.choices.length; c++) n += allowed[offset[j]! + c]!;
          share = n / space.choices.length;
        } else if (space.high > space.low) {
          share = (high[j]! - low[j]!) / (space.high - space.low);
        }
        out.fraction[l * width + j] = share;
      }
      l++;
      return;
    }
    const split = tree.split[node]!;
    const space = features[f]!;
    if (space.kind === 'categorical') {
      const region = allowed.slice(offset[f]!, offset[f]! + space.choices.length);
      for (let c = 0; c < region.length; c++) allowed[offset[f]! + c] = c === split ? region[c]! : 0;
      visit(tree.left[node]!);
      allowed.set(region, offset[f]!);
      allowed[offset[f]! + split] = 0;
      visit(tree.right[node]!);
      allowed.set(region, offset[f]!);
      return;
    }
    const top = high[f]!;
    high[f] = Math.min(top, split);
    visit(tree.left[node]!);
    high[f] = top;
    const bottom = low[f]!;
    low[f] = Math.max(bottom, split);
    visit(tree.right[node]!);
    low[f] = bottom;
  };
  visit(0);
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
function marginalLevels(all: Leaves, space: FeatureSpace, j: number, tree: RegressionTree): { weight: Float64Array; level: Float64Array } {
  const width = all.fraction.length / Math.max(1, all.count);
  const otherMeasure = (l: number): number => {
    let other = all.value[l]!;
    for (let d = 0; d < width; d++) if (d !== j) other *= all.fraction[l * width + d]!;
    return other;
  };
  if (space.kind === 'categorical') {
    const k = space.choices.length;
    const level = new Float64Array(k);
    for (let l = 0; l < all.count; l++) {
      const other = otherMeasure(l);
      const base = l * all.choices + all.offset[j]!;
      for (let c = 0; c < k; c++) if (all.allowed[base + c] === 1) level[c]! += other;
    }
    return { weight: new Float64Array(k).fill(1 / k), level };
  }
  const axis = cuts(tree, space, j);
  const cells = axis.length - 1;
  const weight = new Float64Array(cells);
  for (let i = 0; i < cells; i++) weight[i] = (axis[i + 1]! - axis[i]!) / (space.high - space.low);
  // A leaf's interval runs from one cut to another: add at its first cell, take off after its last.
  const change = new Float64Array(cells + 1);
  for (let l = 0; l < all.count; l++) {
    const other = otherMeasure(l);
    if (other === 0) continue;
    change[lowerBound(axis, all.low[l * width + j]!)]! += other;
    change[lowerBound(axis, all.high[l * width + j]!)]! -= other;
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
  const volume = new Float64Array(all.count);
  let mean = 0;
  for (let l = 0; l < all.count; l++) {
    let v = 1;
    for (let j = 0; j < width; j++) v *= all.fraction[l * width + j]!;
    volume[l] = v;
    mean += v * all.value[l]!;
  }
  let total = 0;
  for (let l = 0; l < all.count; l++) total += volume[l]! * (all.value[l]! - mean) ** 2;
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
