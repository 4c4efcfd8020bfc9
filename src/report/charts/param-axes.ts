// Where a parameter value sits on its axis, in [0, 1]: log-scaled for log distributions,
// by choice index for categoricals. Shared by the parallel-coordinates chart and its labels.
import type { Distribution, FrozenTrial, ParamValue } from '../../tune/types.ts';
import { formatNumber } from '../html.ts';

export interface ParamAxis {
  name: string;
  distribution: Distribution;
}

/** Every parameter of the complete trials, with the distribution it was last suggested from. */
export function paramAxes(trials: readonly FrozenTrial[]): ParamAxis[] {
  const axes = new Map<string, Distribution>();
  for (const t of trials) for (const [name, d] of Object.entries(t.distributions)) axes.set(name, d);
  return [...axes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, distribution]) => ({ name, distribution }));
}

export function axisPosition(d: Distribution, value: ParamValue): number | null {
  if (d.type === 'categorical') {
    const i = d.choices.findIndex((c) => Object.is(c, value));
    return i < 0 ? null : d.choices.length === 1 ? 0.5 : i / (d.choices.length - 1);
  }
  if (typeof value !== 'number' || d.high === d.low) return typeof value === 'number' ? 0.5 : null;
  if (d.log) return (Math.log(value) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low));
  return (value - d.low) / (d.high - d.low);
}

/** Tick labels along one axis: every choice, or the ends and middle of a range. */
export function axisTicks(d: Distribution): { position: number; label: string }[] {
  if (d.type === 'categorical') return d.choices.map((c) => ({ position: axisPosition(d, c)!, label: String(c) }));
  const mid = d.log ? Math.sqrt(d.low * d.high) : (d.low + d.high) / 2;
  return [d.low, mid, d.high].map((v) => ({ position: axisPosition(d, v)!, label: formatNumber(v, 3) }));
}
