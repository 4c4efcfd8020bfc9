// NSGA-II's crowding distance (Deb et al. 2002): within one front, the sum over objectives of
// the gap between a point's two neighbours along that objective, divided by the front's range
// there. The extremes of each objective get Infinity, so a front's ends always survive.

/** The crowding distance of each of `front`'s points (indices into `points`, minimised vectors), in `front`'s order. */
export function crowdingDistance(points: readonly (readonly number[])[], front: readonly number[]): Float64Array {
  const n = front.length;
  const distance = new Float64Array(n);
  if (n === 0) return distance;
  const objectives = points[front[0]!]!.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < objectives; k++) {
    const value = (i: number): number => points[front[i]!]![k]!;
    // Ties keep front order, so the result does not depend on the sort's stability across engines.
    order.sort((a, b) => value(a) - value(b) || a - b);
    const low = value(order[0]!);
    const high = value(order[n - 1]!);
    distance[order[0]!] = Number.POSITIVE_INFINITY;
    distance[order[n - 1]!] = Number.POSITIVE_INFINITY;
    const range = high - low;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let r = 1; r < n - 1; r++) distance[order[r]!] = distance[order[r]!]! + (value(order[r + 1]!) - value(order[r - 1]!)) / range;
  }
  return distance;
}
