// scikit-learn's ParameterGrid: the cartesian product of per-parameter value lists, in a fixed
// order (names sorted; the last name varies fastest, like itertools.product), addressed by index.
// Shared by GridSampler and by RandomSampler's sampling without replacement.
import { describeValue } from '../../errors.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { FrozenTrial, ParamValue } from '../types.ts';

export class ParameterGrid {
  readonly names: readonly string[];
  readonly size: number;
  private readonly values: readonly (readonly ParamValue[])[];

  constructor(space: Record<string, readonly ParamValue[]>, field = 'space') {
    if (space === null || typeof space !== 'object') throw new TypeError(`${field} must be an object of value lists, got ${describeValue(space)}`);
    this.names = Object.keys(space).sort();
    if (this.names.length === 0) throw new RangeError(`${field} must name at least one parameter, got {}`);
    this.values = this.names.map((name) => {
      const values = space[name];
      if (!Array.isArray(values) || values.length === 0) throw new RangeError(`${field}.${name} must be a non-empty array of values, got ${describeValue(values)}`);
      return [...values];
    });
    this.size = this.values.reduce((n, v) => n * v.length, 1);
    if (!Number.isSafeInteger(this.size)) throw new RangeError(`${field} must have at most 2^53 points, got ${this.size}`);
  }

  /** The values of one parameter, in grid order. */
  valuesOf(name: string): readonly ParamValue[] {
    const i = this.names.indexOf(name);
    if (i < 0) throw new RangeError(`grid parameter name must be one of ${this.names.join(', ')}, got ${JSON.stringify(name)}`);
    return this.values[i]!;
  }

  /** The point at `index` (0 ≤ index < size). */
  pointAt(index: number): Record<string, ParamValue> {
    if (!(Number.isSafeInteger(index) && index >= 0 && index < this.size)) throw new RangeError(`grid index must be an integer in [0, ${this.size}), got ${index}`);
    const point: Record<string, ParamValue> = {};
    let rest = index;
    for (let i = this.names.length - 1; i >= 0; i--) {
      const values = this.values[i]!;
      point[this.names[i]!] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
    return point;
  }

  /** The index of a point whose values equal `params` on every grid name, or undefined. */
  indexOf(params: Record<string, unknown>): number | undefined {
    let index = 0;
    for (const [i, name] of this.names.entries()) {
      const values = this.values[i]!;
      const k = values.findIndex((v) => Object.is(v, params[name]));
      if (k < 0) return undefined;
      index = index * values.length + k;
    }
    return index;
  }
}

/** Grid indices taken by trials of the study (any state: a point is never run twice). */
export function usedGridIndices(trials: readonly FrozenTrial[]): Set<number> {
  const used = new Set<number>();
  for (const t of trials) {
    const index = t.systemAttrs[SYSTEM_ATTRS.gridIndex];
    if (typeof index === 'number') used.add(index);
  }
  return used;
}

/**
 * The grid index a starting trial takes: the one it already carries (a re-queued point), the one
 * its fixed params name, else the first unused index in `order` (undefined when all are used).
 */
export function chooseGridIndex(grid: ParameterGrid, trial: FrozenTrial, trials: readonly FrozenTrial[], order: (k: number) => number): number | undefined {
  const carried = trial.systemAttrs[SYSTEM_ATTRS.gridIndex];
  if (typeof carried === 'number') return carried;
  const fixed = trial.systemAttrs[SYSTEM_ATTRS.fixedParams];
  if (fixed !== null && typeof fixed === 'object') {
    const index = grid.indexOf(fixed as Record<string, unknown>);
    if (index !== undefined) return index;
  }
  const used = usedGridIndices(trials);
  for (let k = 0; k < grid.size; k++) {
    const index = order(k);
    if (!used.has(index)) return index;
  }
  return undefined;
}
