// The confusion matrix as scikit-learn's confusion_matrix: row i is the true class, column j the
// predicted one, so entry [i][j] counts rows of class i predicted as j (the diagonal is right).
import { rangeError } from '../../errors.ts';

export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (!Number.isInteger(classes) || classes < 1) throw rangeError('classes', 'a positive integer', classes);
  if (predicted.length !== truth.length) throw rangeError('predicted.length', `truth.length (${truth.length})`, predicted.length);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= classes) throw rangeError(`truth[${i}]`, `a class index in [0, ${classes - 1}]`, t);
    if (!Number.isInteger(p) || p < 0 || p >= classes) throw rangeError(`predicted[${i}]`, `a class index in [0, ${classes - 1}]`, p);
    matrix[t]![p]!++;
  }
  return matrix;
}

/** The share of rows on the diagonal. */
export function accuracyOf(matrix: readonly (readonly number[])[]): number {
  let right = 0;
  let total = 0;
  matrix.forEach((row, i) => row.forEach((count, j) => {
    total += count;
    if (i === j) right += count;
  }));
  return total === 0 ? 0 : right / total;
}
