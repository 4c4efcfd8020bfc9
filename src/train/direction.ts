// Which of two values is better depends on the direction: a study's 'minimize' / 'maximize', an
// early stop's or a plateau schedule's 'min' / 'max'. Every ranking asks here (best trial,
// pruning bars, promotions, samplers, report and CLI tables, early stopping, learning-rate
// plateaus), so no two of them can disagree on ties, NaN or which way is up. It sits in train,
// the lowest layer that ranks values; tune, report and cli import it from here.

/** Optimisation direction: a study's, per objective (src/tune/types.ts re-exports it). */
export type Direction = 'minimize' | 'maximize';

/** Keras' and PyTorch's spelling of a direction (early stopping, ReduceLROnPlateau). */
export function directionOfMode(mode: 'min' | 'max'): Direction {
  return mode === 'max' ? 'maximize' : 'minimize';
}

/** Is `a` strictly better than `b` in this direction? Ties are not, and NaN never compares better or worse. */
export function isBetter(direction: Direction, a: number, b: number): boolean {
  return direction === 'maximize' ? a > b : a < b;
}

/**
 * Does `a` improve on `b` by more than `margin` (Keras' min_delta)? With margin 0 it is isBetter.
 * NaN never improves, and infinities compare as they would without the margin.
 */
export function improvesBy(direction: Direction, a: number, b: number, margin: number): boolean {
  return direction === 'maximize' ? a - b > margin : b - a > margin;
}

/**
 * The bar a new value must beat to count as better than `best` by a relative `threshold`
 * (PyTorch's ReduceLROnPlateau, threshold_mode 'rel'): best·(1 − threshold) when minimizing,
 * best·(1 + threshold) when maximizing.
 */
export function relativeBar(direction: Direction, best: number, threshold: number): number {
  return direction === 'maximize' ? best * (1 + threshold) : best * (1 - threshold);
}

/** The worst value there is: where a running best starts (+∞ when minimizing, −∞ when maximizing). */
export function worstValue(direction: Direction): number {
  return direction === 'maximize' ? -Infinity : Infinity;
}

/** The value turned so that smaller is better: itself when minimizing, its negation when maximizing. */
export function minimizedValue(direction: Direction, value: number): number {
  return direction === 'maximize' ? -value : value;
}
