// A CART regression tree (Breiman et al. 1984; scikit-learn's DecisionTreeRegressor with the
// squared-error criterion): each node takes the split that most reduces the squared error of
// its samples. Numeric features split at the midpoint between two neighbouring values (left:
// x <= threshold); categorical features split one choice against the rest (left: x === choice),
// as a tree over one-hot columns would. Leaves predict the mean of their samples.
import type { SeededRandom } from '../../random/seeded-random.ts';
import type { FeatureSpace } from './trial-matrix.ts';

export interface TreeOptions {
  /** Depth of the deepest leaf (the root is depth 0). */
  maxDepth: number;
  /** A node with fewer samples is a leaf. */
  minSamplesSplit: number;
  /** Each side of a split keeps at least this many samples. */
  minSamplesLeaf: number;
  /** Features drawn (without replacement) as candidates at each node. */
  maxFeatures: number;
}

/** Nodes in flat arrays; node 0 is the root, a leaf has feature -1. */
export interface RegressionTree {
  feature: number[];
  /** Numeric: the threshold; categorical: the choice index that goes left. */
  split: number[];
  left: number[];
  right: number[];
  /** The mean target of the node's samples (the prediction at a leaf). */
  value: number[];
}

interface Best {
  score: number;
  feature: number;
  split: number;
}

/** Each row's rank by feature f's value, equal values sharing a rank. */
function valueRanks(x: Float64Array, width: number, f: number, rows: number): Int32Array {
  const order = Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => x[a * width + f]! - x[b * width + f]!);
  const rank = new Int32Array(rows);
  for (let i = 1; i < rows; i++) rank[order[i]!] = x[order[i]! * width + f] === x[order[i - 1]! * width + f] ? rank[order[i - 1]!]! : i;
  return rank;
}

/**
 * Fits a tree on the rows listed in `sample` (duplicates allowed: a bootstrap sample), with
 * `x` row-major over `features.length` columns. `random` orders the candidate features at each
 * node, so ties between equally good splits are broken by the seed.
 */
export function fitRegressionTree(x: Float64Array, y: Float64Array, features: readonly FeatureSpace[], sample: Int32Array, options: TreeOptions, random: SeededRandom): RegressionTree {
  const width = features.length;
  const tree: RegressionTree = { feature: [], split: [], left: [], right: [], value: [] };
  const order = new Int32Array(width);
  const rows = y.length;
  const scratch = new Float64Array(sample.length);
  const ranks = features.map((space, f) => (space.kind === 'numeric' ? valueRanks(x, width, f, rows) : undefined));
  const maxChoices = features.reduce((m, f) => Math.max(m, f.kind === 'categorical' ? f.choices.length : 0), 0);
  const counts = new Float64Array(maxChoices);
  const sums = new Float64Array(maxChoices);
  const samples = Int32Array.from(sample);

  const bestSplit = (start: number, end: number, total: number): Best | undefined => {
    const n = end - start;
    let best: Best | undefined;
    for (let j = 0; j < width; j++) order[j] = j;
    random.shuffle(order);
    for (let k = 0; k < Math.min(options.maxFeatures, width); k++) {
      const f = order[k]!;
      const space = features[f]!;
      if (space.kind === 'categorical') {
        const m = space.choices.length;
        counts.fill(0, 0, m);
        sums.fill(0, 0, m);
        for (let i = start; i < end; i++) {
          const row = samples[i]!;
          const c = x[row * width + f]!;
          counts[c]! += 1;
          sums[c]! += y[row]!;
        }
        for (let c = 0; c < m; c++) {
          const nl = counts[c]!;
          if (nl < options.minSamplesLeaf || n - nl < options.minSamplesLeaf) continue;
          const sl = sums[c]!;
          const score = (sl * sl) / nl + ((total - sl) * (total - sl)) / (n - nl);
          if (best === undefined || score > best.score) best = { score, feature: f, split: c };
        }
        continue;
      }
      // Sorting packed keys (rank · rows + row) with the typed array's own sort is several times
      // faster than a comparator; equal ranks are equal values.
      const keys = scratch.subarray(0, n);
      const rank = ranks[f]!;
      for (let i = 0; i < n; i++) {
        const row = samples[start + i]!;
        keys[i] = rank[row]! * rows + row;
      }
      keys.sort();
      let sl = 0;
      for (let i = 0; i < n - 1; i++) {
        const row = keys[i]! % rows;
        sl += y[row]!;
        const nl = i + 1;
        if (Math.floor(keys[i]! / rows) === Math.floor(keys[i + 1]! / rows) || nl < options.minSamplesLeaf || n - nl < options.minSamplesLeaf) continue;
        // Maximising S_L²/n_L + S_R²/n_R minimises the children's squared error.
        const score = (sl * sl) / nl + ((total - sl) * (total - sl)) / (n - nl);
        if (best === undefined || score > best.score) {
          const here = x[row * width + f]!;
          const next = x[(keys[i + 1]! % rows) * width + f]!;
          let threshold = here + (next - here) / 2;
          // Two neighbouring floats have no midpoint strictly between them.
          if (threshold >= next) threshold = here;
          best = { score, feature: f, split: threshold };
        }
      }
    }
    return best;
  };

  const grow = (start: number, end: number, depth: number): number => {
    const node = tree.feature.length;
    let total = 0;
    let low = Infinity;
    let high = -Infinity;
    for (let i = start; i < end; i++) {
      const v = y[samples[i]!]!;
      total += v;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    const n = end - start;
    tree.feature.push(-1);
    tree.split.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(total / n);
    if (depth >= options.maxDepth || n < options.minSamplesSplit || n < 2 * options.minSamplesLeaf || low === high) return node;
    const best = bestSplit(start, end, total);
    if (best === undefined) return node;
    // Partition the node's samples in place: those going left first.
    const f = best.feature;
    const categorical = features[f]!.kind === 'categorical';
    let middle = start;
    for (let i = start; i < end; i++) {
      const row = samples[i]!;
      const v = x[row * width + f]!;
      if (categorical ? v === best.split : v <= best.split) {
        samples[i] = samples[middle]!;
        samples[middle++] = row;
      }
    }
    tree.feature[node] = f;
    tree.split[node] = best.split;
    tree.left[node] = grow(start, middle, depth + 1);
    tree.right[node] = grow(middle, end, depth + 1);
    return node;
  };

  if (samples.length > 0) grow(0, samples.length, 0);
  return tree;
}

/** The tree's prediction for one row of features. */
export function predictTree(tree: RegressionTree, features: readonly FeatureSpace[], row: ArrayLike<number>): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const f = tree.feature[node]!;
    const v = row[f]!;
    const left = features[f]!.kind === 'categorical' ? v === tree.split[node] : v <= tree.split[node]!;
    node = left ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}
