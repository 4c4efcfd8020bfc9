// The confusion matrix's orientation (rows true, columns predicted, as scikit-learn) and accuracy.
import { describe, expect, it } from 'vitest';
import { accuracyOf, confusionMatrix } from '../../../src/train/metrics/confusion-matrix.ts';

describe('confusionMatrix', () => {
  it('counts true class by row and predicted class by column', () => {
    const matrix = confusionMatrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2], 3);
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    expect(accuracyOf(matrix)).toBeCloseTo(5 / 7, 12);
  });

  it('keeps rows and columns for classes that never occur', () => {
    expect(confusionMatrix([1], [1], 3)).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('names an index out of range and a length mismatch', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow('truth[1] must be a class index in [0, 2], got 3');
    expect(() => confusionMatrix([0], [-1], 3)).toThrow('predicted[0] must be a class index in [0, 2], got -1');
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow('predicted.length must be truth.length (1), got 2');
  });
});
