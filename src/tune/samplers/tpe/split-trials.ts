// The good/bad split of TPE (Optuna's _split_trials): the `nBelow` best trials are good, the rest
// bad. Complete trials rank first, by value in the study's direction; pruned trials fill what is
// left of the good set, those that went further first and, at the same step, by their last
// reported value; running trials (the constant liar) are always bad. Both sets come back in
// trial-number order, the order the weights are given in.
import { minimizedValue } from '../../direction.ts';
import type { Direction, FrozenTrial } from '../../types.ts';

export interface TrialSplit {
  below: FrozenTrial[];
  above: FrozenTrial[];
}

/** A complete trial's value turned so that smaller is better; a missing or NaN value is worst. */
function orientedValue(trial: FrozenTrial, direction: Direction): number {
  const value = trial.value;
  if (value === null || Number.isNaN(value)) return Number.POSITIVE_INFINITY;
  return minimizedValue(direction, value);
}

/** (−last step, oriented last value): smaller is better; no report ranks after every report. */
function prunedScore(trial: FrozenTrial, direction: Direction): [number, number] {
  let step = Number.NEGATIVE_INFINITY;
  for (const key of Object.keys(trial.intermediate)) step = Math.max(step, Number(key));
  if (step === Number.NEGATIVE_INFINITY) return [1, 0];
  const value = trial.intermediate[step]!;
  if (Number.isNaN(value)) return [-step, Number.POSITIVE_INFINITY];
  return [-step, minimizedValue(direction, value)];
}

const byNumber = (a: FrozenTrial, b: FrozenTrial): number => a.number - b.number;

/** Splits complete, pruned and running trials; other states are left out. */
export function splitTrials(trials: readonly FrozenTrial[], nBelow: number, direction: Direction): TrialSplit {
  // Scores computed once; Array.prototype.sort is stable, so ties keep trial-number order, as
  // Python's sorted does.
  const complete = trials
    .filter((t) => t.state === 'complete')
    .sort(byNumber)
    .map((trial) => ({ trial, value: orientedValue(trial, direction) }))
    .sort((a, b) => a.value - b.value || 0)
    .map((e) => e.trial);
  const pruned = trials
    .filter((t) => t.state === 'pruned')
    .sort(byNumber)
    .map((trial) => ({ trial, score: prunedScore(trial, direction) }))
    .sort(({ score: [sa, va] }, { score: [sb, vb] }) => sa - sb || (va === vb ? 0 : va < vb ? -1 : 1))
    .map((e) => e.trial);
  const running = trials.filter((t) => t.state === 'running');
  const fromComplete = Math.min(nBelow, complete.length);
  const fromPruned = Math.min(nBelow - fromComplete, pruned.length);
  const below = [...complete.slice(0, fromComplete), ...pruned.slice(0, fromPruned)];
  const above = [...complete.slice(fromComplete), ...pruned.slice(fromPruned), ...running];
  return { below: below.sort(byNumber), above: above.sort(byNumber) };
}
