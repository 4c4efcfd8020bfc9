// Per-class counts for a stratified split: share `total` rows among classes in proportion to
// their sizes, largest remainder first (scikit-learn's _approximate_mode; ties go to the lower
// class index here instead of a random one).

/** How many rows of each class to take so that they add up to `total` (≤ the sum of `counts`). */
export function allocate(counts: Int32Array, total: number): Int32Array {
  const n = counts.reduce((a, b) => a + b, 0);
  const taken = new Int32Array(counts.length);
  const remainders: { c: number; r: number }[] = [];
  let left = total;
  counts.forEach((count, c) => {
    const exact = (total * count) / n;
    taken[c] = Math.floor(exact);
    left -= taken[c]!;
    if (taken[c]! < count) remainders.push({ c, r: exact - taken[c]! });
  });
  remainders.sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of remainders) {
    if (left === 0) break;
    taken[c]! += 1;
    left -= 1;
  }
  return taken;
}

/** Rows per class of an Int32Array of labels. */
export function classCounts(labels: Int32Array, classes: number): Int32Array {
  const counts = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}
