// Which of two objective values is better depends on the study's direction. Every ranking in the
// tuner (best trial, pruning bars, promotions, samplers, report and CLI tables) asks here, so no
// two of them can disagree on ties, NaN or which way is up.
import type { Direction } from './types.ts';

/** Is `a` strictly better than `b` in this direction? Ties are not, and NaN never compares better or worse. */
export function isBetter(direction: Direction, a: number, b: number): boolean {
  return direction === 'maximize' ? a > b : a < b;
}

/** The value turned so that smaller is better: itself when minimizing, its negation when maximizing. */
export function minimizedValue(direction: Direction, value: number): number {
  return direction === 'maximize' ? -value : value;
}
