// Log-loss (cross-entropy) of predicted probabilities, as scikit-learn's log_loss: the mean over
// rows of −log p(true class), each probability first clipped to [ε, 1 − ε] so a confident
// mistake costs a large finite amount instead of Infinity. ε is float32's machine epsilon
// (2^-23), the value scikit-learn picks for float32 probabilities, which is what models give.
import { rangeError } from '../../errors.ts';

export const LOG_LOSS_EPSILON = 2 ** -23;

function clippedLog(p: number): number {
  return Math.log(Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON));
}

/** Multi-class log-loss: `proba` is rows × classes, `labels` one class index per row. */
export function logLoss(proba: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const rows = labels.length;
  if (rows === 0) throw rangeError('labels.length', 'at least 1', rows);
  if (proba.length !== rows * classes) throw rangeError('proba.length', `rows × classes = ${rows * classes}`, proba.length);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw rangeError(`labels[${i}]`, `a class index in [0, ${classes - 1}]`, label);
    sum -= clippedLog(proba[i * classes + label]!);
  }
  return sum / rows;
}

/** Binary log-loss: `proba[i]` is the probability that row i is class 1, `labels[i]` 0 or 1. */
export function binaryLogLoss(proba: ArrayLike<number>, labels: ArrayLike<number>): number {
  const rows = labels.length;
  if (rows === 0) throw rangeError('labels.length', 'at least 1', rows);
  if (proba.length !== rows) throw rangeError('proba.length', `one probability per row (${rows})`, proba.length);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const label = labels[i]!;
    if (label !== 0 && label !== 1) throw rangeError(`labels[${i}]`, '0 or 1', label);
    sum -= clippedLog(label === 1 ? proba[i]! : 1 - proba[i]!);
  }
  return sum / rows;
}
