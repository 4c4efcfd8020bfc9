// The trials as a design matrix for the importance forest: one row per complete trial, one
// column per parameter. Numeric parameters are read on the scale they were searched on (the log
// of the value for log distributions) and bounded by their distributions, ints and stepped
// floats widened by half a step so each grid value owns an equal slice; categoricals become the
// index of their choice, which the trees split as one choice against the rest (one-hot splits,
// with the choices kept together as one parameter).
import { rangeError } from '../../errors.ts';
import type { Distribution, FrozenTrial, ParamValue } from '../types.ts';

/** A column of the matrix and the space fANOVA integrates it over (uniform on each). */
export type FeatureSpace = { kind: 'numeric'; low: number; high: number } | { kind: 'categorical'; choices: ParamValue[] };

export interface TrialMatrix {
  /** Parameter names, one per column. */
  names: string[];
  features: FeatureSpace[];
  /** Row-major: x[row * names.length + column]. */
  x: Float64Array;
  y: Float64Array;
  rows: number;
  /** The trial numbers of the rows. */
  trials: number[];
  /** Complete trials left out: a parameter missing (or of another kind), or a target that is not a finite number. */
  missingParams: number;
  nonFinite: number;
}

type NumericDistribution = Extract<Distribution, { type: 'float' | 'int' }>;

/** The interval a numeric distribution covers on its search scale (as space.ts's unit map). */
function searchRange(d: NumericDistribution): [number, number] {
  const half = d.step === undefined ? 0 : d.step / 2;
  return d.log ? [Math.log(d.low - half), Math.log(d.high + half)] : [d.low - half, d.high + half];
}

function onSearchScale(d: NumericDistribution, value: ParamValue): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || (d.log && !(value > 0))) return undefined;
  return d.log ? Math.log(value) : value;
}

/** The last distribution each parameter had among the trials. */
export function latestDistributions(trials: readonly FrozenTrial[]): Map<string, Distribution> {
  const latest = new Map<string, Distribution>();
  for (const t of trials) for (const [name, d] of Object.entries(t.distributions)) latest.set(name, d);
  return latest;
}

/**
 * Builds the matrix of `names` from complete trials; `target` gives each trial's y. A trial is
 * left out (and counted) when it lacks one of the parameters, holds one of another kind than the
 * latest distribution's, or its target is not a finite number.
 */
export function trialMatrix(trials: readonly FrozenTrial[], names: readonly string[], target: (trial: FrozenTrial) => number): TrialMatrix {
  const latest = latestDistributions(trials);
  const kinds = names.map((name) => {
    const d = latest.get(name);
    if (d === undefined) throw rangeError('importance: params', `names of parameters of the complete trials (${[...latest.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none'})`, name);
    return d;
  });
  const width = names.length;
  const rowsX: number[][] = [];
  const rowsY: number[] = [];
  const numbers: number[] = [];
  const ranges = kinds.map(() => [Infinity, -Infinity] as [number, number]);
  const choices = kinds.map((d) => (d.type === 'categorical' ? [...d.choices] : []));
  let missingParams = 0;
  let nonFinite = 0;
  for (const trial of trials) {
    const row: number[] = [];
    for (let j = 0; j < width; j++) {
      const d = trial.distributions[names[j]!];
      const kind = kinds[j]!;
      if (d === undefined || !(names[j]! in trial.params) || (d.type === 'categorical') !== (kind.type === 'categorical')) break;
      const value = trial.params[names[j]!]!;
      if (d.type === 'categorical') {
        const list = choices[j]!;
        for (const c of d.choices) if (!list.some((k) => Object.is(k, c))) list.push(c);
        const index = list.findIndex((c) => Object.is(c, value));
        if (index < 0) break;
        row.push(index);
      } else {
        const x = onSearchScale(d, value);
        if (x === undefined) break;
        const [a, b] = searchRange(d);
        const range = ranges[j]!;
        range[0] = Math.min(range[0], a, x);
        range[1] = Math.max(range[1], b, x);
        row.push(x);
      }
    }
    if (row.length < width) {
      missingParams++;
      continue;
    }
    const y = target(trial);
    if (typeof y !== 'number' || !Number.isFinite(y)) {
      nonFinite++;
      continue;
    }
    rowsX.push(row);
    rowsY.push(y);
    numbers.push(trial.number);
  }
  const x = new Float64Array(rowsX.length * width);
  rowsX.forEach((row, i) => x.set(row, i * width));
  const features: FeatureSpace[] = kinds.map((d, j) =>
    d.type === 'categorical' ? { kind: 'categorical', choices: choices[j]! } : { kind: 'numeric', low: ranges[j]![0], high: ranges[j]![1] },
  );
  return { names: [...names], features, x, y: Float64Array.from(rowsY), rows: rowsX.length, trials: numbers, missingParams, nonFinite };
}
