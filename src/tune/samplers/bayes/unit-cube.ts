// The sampler's own map between parameter values and the unit cube (src/tune/space.ts was not
// ready when this was written). Parameters are taken in sorted name order:
//   float / int   one coordinate, linear or (log: true) logarithmic in the value; ints and
//                 stepped floats span [low − step/2, high + step/2] so that every grid value owns
//                 an equal slice of the coordinate, and decode by rounding to the grid;
//   categorical   one-hot, one coordinate per choice; decodes to the largest coordinate.
import type { Distribution, FrozenTrial, ParamValue } from '../../types.ts';

/** A categorical parameter's block of one-hot coordinates. */
export interface OneHotGroup {
  readonly start: number;
  readonly size: number;
}

export interface CubeLayout {
  readonly dimension: number;
  /** Coordinates that vary continuously (floats and ints); the rest belong to `groups`. */
  readonly continuous: readonly number[];
  readonly groups: readonly OneHotGroup[];
}

function sameChoices(a: readonly ParamValue[], b: readonly ParamValue[]): boolean {
  return a.length === b.length && a.every((choice, i) => Object.is(choice, b[i]));
}

/** Whether two distributions are the same (type, bounds, log, step or choices). */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.type === 'categorical' || b.type === 'categorical') {
    return a.type === 'categorical' && b.type === 'categorical' && sameChoices(a.choices, b.choices);
  }
  return a.type === b.type && a.low === b.low && a.high === b.high && a.log === b.log && (a.step ?? null) === (b.step ?? null);
}

/** Parameters that every given trial has, with one distribution across all of them. */
export function intersectSearchSpace(trials: readonly FrozenTrial[]): Record<string, Distribution> {
  let space: Map<string, Distribution> | undefined;
  for (const trial of trials) {
    if (space === undefined) {
      space = new Map(Object.entries(trial.distributions));
      continue;
    }
    for (const [name, distribution] of space) {
      const other = trial.distributions[name];
      if (other === undefined || !sameDistribution(distribution, other)) space.delete(name);
    }
  }
  const result: Record<string, Distribution> = {};
  for (const name of [...(space?.keys() ?? [])].sort()) result[name] = space!.get(name)!;
  return result;
}

interface NumericRange {
  low: number;
  high: number;
}

/** The interval (in value or log-value) that the coordinate [0, 1] spans. */
function numericRange(d: Exclude<Distribution, { type: 'categorical' }>): NumericRange {
  const half = d.step === undefined ? 0 : d.step / 2;
  const low = d.low - half;
  const high = d.high + half;
  return d.log ? { low: Math.log(low), high: Math.log(high) } : { low, high };
}

function roundToGrid(value: number, d: Exclude<Distribution, { type: 'categorical' }>): number {
  let v = value;
  if (d.step !== undefined) {
    v = d.low + Math.round((v - d.low) / d.step) * d.step;
    // Undo the floating-point drift of low + k·step on the grid (e.g. 0.1 + 2·0.1).
    const decimals = Math.max(0, -Math.floor(Math.log10(d.step)) + 10);
    if (d.type === 'float' && decimals < 20) v = Number(v.toFixed(decimals));
  }
  if (d.type === 'int') v = Math.round(v);
  return Math.min(Math.max(v, d.low), d.high);
}

/** Encodes and decodes one search space's parameters to and from the unit cube. */
export class UnitCube {
  readonly names: readonly string[];
  readonly distributions: readonly Distribution[];
  readonly layout: CubeLayout;
  private readonly offsets: readonly number[];

  constructor(space: Record<string, Distribution>) {
    this.names = Object.keys(space).sort();
    this.distributions = this.names.map((name) => space[name]!);
    const offsets: number[] = [];
    const continuous: number[] = [];
    const groups: OneHotGroup[] = [];
    let dimension = 0;
    for (const d of this.distributions) {
      offsets.push(dimension);
      if (d.type === 'categorical') {
        if (d.choices.length === 0) throw new RangeError('unit cube: a categorical distribution must have at least one choice, got 0');
        groups.push({ start: dimension, size: d.choices.length });
        dimension += d.choices.length;
      } else {
        continuous.push(dimension);
        dimension += 1;
      }
    }
    this.offsets = offsets;
    this.layout = { dimension, continuous, groups };
  }

  get dimension(): number {
    return this.layout.dimension;
  }

  /** The point for a trial's parameters, or undefined when one is missing or outside its distribution. */
  encode(params: Record<string, ParamValue>, out: Float64Array = new Float64Array(this.dimension)): Float64Array | undefined {
    out.fill(0);
    for (let p = 0; p < this.names.length; p++) {
      const d = this.distributions[p]!;
      const value = params[this.names[p]!];
      const at = this.offsets[p]!;
      if (value === undefined) return undefined;
      if (d.type === 'categorical') {
        const index = d.choices.findIndex((choice) => Object.is(choice, value));
        if (index < 0) return undefined;
        out[at + index] = 1;
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || (d.log && value <= 0)) return undefined;
      const { low, high } = numericRange(d);
      const v = d.log ? Math.log(value) : value;
      out[at] = high > low ? Math.min(Math.max((v - low) / (high - low), 0), 1) : 0.5;
    }
    return out;
  }

  /** The parameters for a point of the cube (coordinates are clamped to [0, 1]). */
  decode(point: Float64Array): Record<string, ParamValue> {
    const params: Record<string, ParamValue> = {};
    for (let p = 0; p < this.names.length; p++) {
      const d = this.distributions[p]!;
      const at = this.offsets[p]!;
      if (d.type === 'categorical') {
        let best = 0;
        for (let c = 1; c < d.choices.length; c++) if (point[at + c]! > point[at + best]!) best = c;
        params[this.names[p]!] = d.choices[best]!;
        continue;
      }
      const { low, high } = numericRange(d);
      const u = Math.min(Math.max(point[at]!, 0), 1);
      const v = low + u * (high - low);
      params[this.names[p]!] = roundToGrid(d.log ? Math.exp(v) : v, d);
    }
    return params;
  }
}

/**
 * Turns a point of [0, 1)^dimension with uniform coordinates into a uniform draw of the layout:
 * continuous coordinates stay, each one-hot group takes its first coordinate to choose a choice.
 */
export function projectUniformPoint(point: Float64Array, layout: CubeLayout): void {
  for (const { start, size } of layout.groups) {
    const chosen = Math.min(Math.floor(point[start]! * size), size - 1);
    for (let c = 0; c < size; c++) point[start + c] = c === chosen ? 1 : 0;
  }
}
