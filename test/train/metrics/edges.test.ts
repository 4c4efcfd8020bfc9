// The evaluation metrics' edges: empty and degenerate inputs, non-integer classes, and the
// exact errors for each argument.
import { describe, expect, it } from 'vitest';
import { accuracyOf, binaryLogLoss, confusionMatrix, logLoss, precisionRecallF1, regressionScores } from '../../../src/train/metrics/index.ts';

describe('confusion matrix edges', () => {
  it('an empty matrix has accuracy 0; a matrix of one class counts', () => {
    expect(accuracyOf(confusionMatrix([], [], 2))).toBe(0);
    expect(accuracyOf([[3]])).toBe(1);
    expect(accuracyOf([[0, 2], [2, 0]])).toBe(0);
  });

  it('refuses a class count that is not a positive integer and class indices that are not integers', () => {
    expect(() => confusionMatrix([0], [0], 0)).toThrow(new RangeError('classes must be a positive integer, got 0'));
    expect(() => confusionMatrix([0], [0], 1.5)).toThrow(new RangeError('classes must be a positive integer, got 1.5'));
    expect(() => confusionMatrix([0.5], [0], 2)).toThrow(new RangeError('truth[0] must be a class index in [0, 1], got 0.5'));
    expect(() => confusionMatrix([0, 1], [0, 1.5], 2)).toThrow(new RangeError('predicted[1] must be a class index in [0, 1], got 1.5'));
    expect(() => confusionMatrix([-1], [0], 2)).toThrow(new RangeError('truth[0] must be a class index in [0, 1], got -1'));
    expect(() => confusionMatrix([0], [2], 2)).toThrow(new RangeError('predicted[0] must be a class index in [0, 1], got 2'));
  });

  it('one class: the top-left cell counts every row', () => {
    expect(confusionMatrix([0, 0, 0], [0, 0, 0], 1)).toEqual([[3]]);
  });
});

describe('precision and recall edges', () => {
  it('a perfect prediction scores 1 everywhere; support sums the truth', () => {
    const { perClass, macro } = precisionRecallF1([[2, 0], [0, 3]]);
    expect(perClass).toEqual([{ precision: 1, recall: 1, f1: 1, support: 2 }, { precision: 1, recall: 1, f1: 1, support: 3 }]);
    expect(macro).toEqual({ precision: 1, recall: 1, f1: 1, support: 5 });
  });

  it('a class only ever predicted (support 0) still counts in the macro average', () => {
    // Truth all class 0; half predicted as class 1: class 1 has precision 0, recall 0 (no support).
    const { perClass, macro } = precisionRecallF1([[2, 2], [0, 0]]);
    expect(perClass[0]).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 4 });
    expect(perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(macro.precision).toBe(0.5);
    expect(macro.recall).toBe(0.25);
    expect(macro.f1).toBeCloseTo(1 / 3, 12);
  });

  it('a class that occurs but is never predicted counts in the macro average', () => {
    const { perClass, macro } = precisionRecallF1([[2, 0], [1, 0]]);
    expect(perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(macro.recall).toBe(0.5);
    expect(macro.precision).toBeCloseTo(1 / 3, 12);
  });

  it('an empty matrix gives zeros, not NaN', () => {
    expect(precisionRecallF1([[0, 0], [0, 0]]).macro).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});

describe('log-loss edges', () => {
  it('binary: probabilities 0 and 1 are clipped on both sides', () => {
    expect(binaryLogLoss([1], [0])).toBeCloseTo(23 * Math.LN2, 9);
    expect(binaryLogLoss([0], [1])).toBeCloseTo(23 * Math.LN2, 9);
    expect(binaryLogLoss([1, 0], [1, 0])).toBeCloseTo(-Math.log(1 - 2 ** -23), 14);
  });

  it('names the argument and the rule', () => {
    expect(() => binaryLogLoss([], [])).toThrow(new RangeError('labels.length must be at least 1, got 0'));
    expect(() => binaryLogLoss([0.5, 0.5], [1])).toThrow(new RangeError('proba.length must be one probability per row (1), got 2'));
    expect(() => binaryLogLoss([0.5], [-1])).toThrow(new RangeError('labels[0] must be 0 or 1, got -1'));
    expect(() => logLoss([0.5, 0.5, 0.5], [0], 2)).toThrow(new RangeError('proba.length must be rows × classes = 2, got 3'));
    expect(() => logLoss([0.5, 0.5], [-1], 2)).toThrow(new RangeError('labels[0] must be a class index in [0, 1], got -1'));
    expect(() => logLoss([0.5, 0.5], [0.5], 2)).toThrow(new RangeError('labels[0] must be a class index in [0, 1], got 0.5'));
  });

  it('reads the probability of the true class of each row', () => {
    expect(logLoss([0.25, 0.75, 0.5, 0.5], [1, 0], 2)).toBeCloseTo((-Math.log(0.75) - Math.log(0.5)) / 2, 12);
  });
});

describe('regression score edges', () => {
  it('a perfect prediction: MSE, RMSE and MAE 0, R² 1', () => {
    expect(regressionScores([1, 2, 3], [1, 2, 3], 1)).toEqual({ r2: 1, rmse: 0, mae: 0, mse: 0 });
  });

  it('predicting the mean scores R² 0; worse than the mean scores below 0', () => {
    expect(regressionScores([2, 2, 2], [1, 2, 3], 1).r2).toBe(0);
    expect(regressionScores([3, 2, 1], [1, 2, 3], 1).r2).toBe(-3);
  });

  it('one row is enough', () => {
    expect(regressionScores([3], [1], 1)).toEqual({ r2: 0, rmse: 2, mae: 2, mse: 4 });
  });

  it('MAE is the mean absolute error whatever the sign', () => {
    const s = regressionScores([0, 4], [1, 2], 1);
    expect(s.mae).toBe(1.5);
    expect(s.mse).toBe(2.5);
  });

  it('names the argument and the rule', () => {
    expect(() => regressionScores([1], [1], 0)).toThrow(new RangeError('outputs must be a positive integer, got 0'));
    expect(() => regressionScores([1], [1], 1.5)).toThrow(new RangeError('outputs must be a positive integer, got 1.5'));
    expect(() => regressionScores([], [], 1)).toThrow(new RangeError('targets.length must be a positive multiple of outputs (1), got 0'));
  });
});
