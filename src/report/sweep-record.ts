// What `hyperprop sweep` records: one training run per value of one hyperparameter, with a verdict
// on each run's training-loss curve, so the report can say in words what the curves show.
import type { RunRecord } from './run-record.ts';

export const SWEEP_KIND = 'hyperprop-sweep';

export type CurveVerdict = 'diverged' | 'oscillating' | 'smooth';

export interface SweepRecord {
  kind: typeof SWEEP_KIND;
  version: 1;
  name: string;
  createdAt: string;
  /** The swept hyperparameter (lr, units, batchSize, …) and its values in run order. */
  param: string;
  runs: { value: number; verdict: CurveVerdict; run: RunRecord }[];
}

/**
 * A training-loss curve's shape. 'diverged': training stopped on a NaN or infinite loss or
 * weight, or the loss ended above where it started. 'oscillating': the loss rose from one epoch to
 * the next in at least a quarter of the epochs, or ended above 1.5× its lowest value (a learning
 * rate too large bounces across the valley instead of descending it). Otherwise 'smooth'.
 */
export function curveVerdict(status: string, loss: readonly number[]): CurveVerdict {
  const finite = loss.filter(Number.isFinite);
  if (status === 'diverged' || finite.length < loss.length) return 'diverged';
  if (finite.length < 2) return 'smooth';
  if (finite.at(-1)! > finite[0]!) return 'diverged';
  let rises = 0;
  for (let i = 1; i < finite.length; i++) if (finite[i]! > finite[i - 1]!) rises++;
  const lowest = Math.min(...finite);
  if (rises >= 0.25 * (finite.length - 1) || finite.at(-1)! > 1.5 * lowest) return 'oscillating';
  return 'smooth';
}

export function isSweepRecord(value: unknown): value is SweepRecord {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === SWEEP_KIND;
}
