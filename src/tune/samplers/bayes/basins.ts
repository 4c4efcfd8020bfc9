// Restarts for the GP sampler. A GP fitted to a study that has closed in on one basin learns
// that basin's shape (Hartmann6: two length scales past 1 where the basin is flat) and expects
// nothing anywhere else; EI then spends the rest of the budget a hair's breadth from the
// incumbent. When the best observations agree in value and sit together, the basin is searched
// out: it is set aside as an ellipsoid of a few length scales, and the next proposals come from
// a GP fitted to the points outside it, as a TuRBO restart would, keeping what was seen elsewhere.
// The test reads the observations alone, so it holds on every ask until something better turns up.

/** The points x with Σ_k ((x_k − center_k)·inverseScale_k)² < radius²: a basin already searched. */
export interface ExcludedRegion {
  center: Float64Array;
  inverseScale: Float64Array;
  radius: number;
}

/** Whether the point at `at` in `points` (default the first) lies inside `region`. */
export function insideRegion(region: ExcludedRegion, points: Float64Array, at = 0): boolean {
  const { center, inverseScale } = region;
  const limit = region.radius * region.radius;
  let sum = 0;
  for (let k = 0; k < center.length && sum < limit; k++) sum += ((points[at + k]! - center[k]!) * inverseScale[k]!) ** 2;
  return sum < limit;
}

/** Length scales around the incumbent that a searched-out basin takes (bench/tune-bo.ts: 1 and 2 rescued fewer runs than 1.5). */
export const BASIN_RADIUS = 1.5;
/**
 * The best values must agree to this fraction of (median − best). bench/tune-bo.ts, Hartmann6,
 * 20 seeds: 1e-2 rescues all six stuck runs; 1e-1 restarts too early (17/20); the observed range
 * instead of the median as the scale restarted Branin far from its minimum (range ~300).
 */
const AGREEMENT = 1e-2;

/**
 * True when the best max(5, d + 1) observations agree to within AGREEMENT of (median − best) and
 * all lie within one length scale (`inverseScale`, per dimension) of `incumbent`: the basin
 * around it holds nothing more worth an evaluation. Five at least: in 2-D three points next to
 * each other agreed while Branin's minimum was still 0.04 away.
 */
export function basinExhausted(observed: readonly { x: Float64Array; y: number }[], incumbent: Float64Array, inverseScale: Float64Array): boolean {
  const k = Math.max(5, incumbent.length + 1);
  if (observed.length < 2 * k) return false;
  const sorted = [...observed].sort((a, b) => a.y - b.y);
  const best = sorted[0]!.y;
  const scale = sorted[Math.floor(sorted.length / 2)]!.y - best;
  if (!(sorted[k - 1]!.y - best <= AGREEMENT * scale)) return false;
  const near: ExcludedRegion = { center: incumbent, inverseScale, radius: 1 };
  return sorted.slice(0, k).every((o) => insideRegion(near, o.x));
}
