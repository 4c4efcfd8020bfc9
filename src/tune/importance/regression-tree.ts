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

/** What every tree of a forest shares: the rows, and each numeric feature's rows sorted by value. */
export interface TreeData {
  /** Row-major: x[row * features.length + feature]. */
  x: Float64Array;
  y: Float64Array;
  features: readonly FeatureSpace[];
  /** Per numeric feature: every row, by increasing value. */
  byValue: (Int32Array | undefined)[];
  /** Per numeric feature: each row's rank by value, equal values sharing a rank. */
  rank: (Int32Array | undefined)[];
}

export function prepareTreeData(x: Float64Array, y: Float64Array, features: readonly FeatureSpace[]): TreeData {
  const width = features.length;
  const rows = y.length;
  const byValue = features.map((space, f) => (space.kind === 'numeric' ? Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => x[a * width + f]! - x[b * width + f]! || a - b) : undefined));
  const rank = byValue.map((order, f) => {
    if (order === undefined) return undefined;
    const r = new Int32Array(rows);
    for (let i = 1; i < rows; i++) r[order[i]!] = x[order[i]! * width + f] === x[order[i - 1]! * width + f] ? r[order[i - 1]!]! : i;
    return r;
  });
  return { x, y, features, byValue, rank };
}

/**
 * Fits a tree on the rows listed in `sample` (duplicates allowed: a bootstrap sample). Each
 * numeric feature keeps the node's rows sorted by value, split stably from parent to children,
 * so no node sorts. `random` orders the candidate features at each node, so ties between equally
 * good splits are broken by the seed.
 */
export function fitRegressionTree(data: TreeData, sample: Int32Array, options: TreeOptions, random: SeededRandom): RegressionTree {
  const { x, y, features } = data;
  const width = features.length;
  const tree: RegressionTree = { feature: [], split: [], left: [], right: [], value: [] };
  const order = new Int32Array(width);
  const maxChoices = features.reduce((m, f) => Math.max(m, f.kind === 'categorical' ? f.choices.length : 0), 0);
  const counts = new Float64Array(maxChoices);
  const sums = new Float64Array(maxChoices);
  const samples = Int32Array.from(sample);
  // The sample's rows by value of each numeric feature: every row as often as it was drawn.
  const drawn = new Int32Array(y.length);
  for (const row of sample) drawn[row]!++;
  const sorted = data.byValue.map((rows) => {
    if (rows === undefined) return undefined;
    const out = new Int32Array(sample.length);
    let k = 0;
    for (const row of rows) for (let c = drawn[row]!; c > 0; c--) out[k++] = row;
    return out;
  });
  const goesLeft = new Uint8Array(y.length);
  const buffer = new Int32Array(sample.length);

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
      const rows = sorted[f]!;
      const rank = data.rank[f]!;
      let sl = 0;
      for (let i = start; i < end - 1; i++) {
        const row = rows[i]!;
        const next = rows[i + 1]!;
        sl += y[row]!;
        const nl = i + 1 - start;
        if (rank[row] === rank[next] || nl < options.minSamplesLeaf || n - nl < options.minSamplesLeaf) continue;
        // Maximising S_L²/n_L + S_R²/n_R minimises the children's squared error.
        const score = (sl * sl) / nl + ((total - sl) * (total - sl)) / (n - nl);
        if (best === undefined || score > best.score) {
          const here = x[row * width + f]!;
          const there = x[next * width + f]!;
          let threshold = here + (there - here) / 2;
          // Two neighbouring floats have no midpoint strictly between them.
          if (threshold >= there) threshold = here;
          best = { score, feature: f, split: threshold };
        }
      }
    }
    return best;
  };

  /** Moves the rows going left to the front of [start, end), keeping their order; returns where the right ones begin. */
  const partition = (rows: Int32Array, start: number, end: number): number => {
    let left = start;
    let right = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      if (goesLeft[row] === 1) rows[left++] = row;
      else buffer[right++] = row;
    }
    for (let i = 0; i < right; i++) rows[left + i] = buffer[i]!;
    return left;
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
    const f = best.feature;
    const categorical = features[f]!.kind === 'categorical';
    for (let i = start; i < end; i++) {
      const row = samples[i]!;
      const v = x[row * width + f]!;
      goesLeft[row] = (categorical ? v === best.split : v <= best.split) ? 1 : 0;
    }
    const middle = partition(samples, start, end);
    for (const rows of sorted) if (rows !== undefined) partition(rows, start, end);
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
