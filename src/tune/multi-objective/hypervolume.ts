// The hypervolume of a set of points (every objective minimised) up to a reference point: the
// measure of the region that some point dominates and the reference point bounds. Two
// objectives: one sweep along the first after sorting (exact, O(n log n)). More: WFG (While,
// Bradstreet and Barone, IEEE TEC 2012), the sum of each point's exclusive contribution, exact
// and fast enough for the fronts a study holds (tens to a few hundred points in 3–5 objectives).
import { rangeError } from '../../errors.ts';

export type ObjectivePoint = readonly number[];

function checkInput(points: readonly ObjectivePoint[], reference: ObjectivePoint): void {
  if (reference.length === 0 || !reference.every(Number.isFinite)) throw rangeError('hypervolume: reference', 'a non-empty array of finite numbers', reference);
  points.forEach((p, i) => {
    if (p.length !== reference.length) throw rangeError(`hypervolume: points[${i}].length`, `the reference point's length ${reference.length}`, p.length);
  });
}

/** The points that bound some volume below the reference point (NaN and points on or past it add nothing). */
function inside(points: readonly ObjectivePoint[], reference: ObjectivePoint): ObjectivePoint[] {
  // Stryker disable next-line EqualityOperator: a point on the reference bounds no volume and cannot dominate one inside
  return points.filter((p) => p.every((v, k) => v < reference[k]!));
}

/** Two objectives: sorted by the first, each point adds the strip its second value opens up. */
function sweep2d(points: readonly ObjectivePoint[], reference: ObjectivePoint): number {
  // Stryker disable next-line ArithmeticOperator: of points with one first value the lowest sets the floor in either order
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let volume = 0;
  let floor = reference[1]!;
  for (const p of sorted) {
    // Stryker disable next-line EqualityOperator: a point level with the floor adds a strip of height 0
    if (p[1]! >= floor) continue;
    volume += (reference[0]! - p[0]!) * (floor - p[1]!);
    floor = p[1]!;
  }
  return volume;
}

function boxVolume(p: ObjectivePoint, reference: ObjectivePoint): number {
  let volume = 1;
  for (let k = 0; k < p.length; k++) volume *= reference[k]! - p[k]!;
  return volume;
}

function weaklyDominates(a: ObjectivePoint, b: ObjectivePoint): boolean {
  for (let k = 0; k < a.length; k++) if (a[k]! > b[k]!) return false;
  return true;
}

/** The points no other point weakly dominates (one copy of each duplicate). */
function nonDominated(points: readonly ObjectivePoint[]): ObjectivePoint[] {
  const kept: ObjectivePoint[] = [];
  for (const p of points) {
    // Stryker disable next-line ConditionalExpression,ArrowFunction: a dominated point adds 0 to WFG's sum; dropping it saves time only
    if (kept.some((q) => weaklyDominates(q, p))) continue;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,CallExpression: as above
    for (let i = kept.length - 1; i >= 0; i--) if (weaklyDominates(p, kept[i]!)) kept.splice(i, 1);
    kept.push(p);
  }
  return kept;
}

/** WFG over points already inside the reference box. */
function wfg(points: readonly ObjectivePoint[], reference: ObjectivePoint): number {
  // Stryker disable next-line ConditionalExpression: shortcuts; the loop below gives the same sums (wfg keeps the reference's dimension, never 2)
  if (points.length === 0) return 0;
  // Stryker disable next-line ConditionalExpression: see above
  if (reference.length === 2) return sweep2d(points, reference);
  // Stryker disable next-line ConditionalExpression: see above
  if (points.length === 1) return boxVolume(points[0]!, reference);
  // Sorting by the last objective keeps the limit sets small (WFG's own ordering).
  // Stryker disable next-line ArithmeticOperator: the order changes how long WFG takes, never the sum
  const last = reference.length - 1;
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: as above
  const sorted = [...points].sort((a, b) => b[last]! - a[last]!);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    // What the later points still dominate inside p's box: each pushed up to p where p is worse.
    const limited = sorted.slice(i + 1).map((q) => q.map((v, k) => Math.max(v, p[k]!)));
    volume += boxVolume(p, reference) - wfg(nonDominated(limited), reference);
  }
  return volume;
}

/**
 * The hypervolume dominated by `points` (every objective minimised) and bounded by `reference`.
 * Points not strictly below the reference in every objective contribute nothing.
 */
export function hypervolume(points: readonly ObjectivePoint[], reference: ObjectivePoint): number {
  checkInput(points, reference);
  // The sweep passes over dominated points itself; filtering them first would cost O(n²).
  if (reference.length === 2) return sweep2d(inside(points, reference), reference);
  const kept = nonDominated(inside(points, reference));
  // Stryker disable next-line ConditionalExpression,MethodExpression: WFG gives the same length in one objective, where one point is kept
  if (reference.length === 1) return kept.length === 0 ? 0 : reference[0]! - Math.min(...kept.map((p) => p[0]!));
  return wfg(kept, reference);
}
