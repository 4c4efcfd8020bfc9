// Precision, recall and F1 against values computed by hand from scikit-learn's definitions, and
// checked with scikit-learn 1.6.1's precision_recall_fscore_support(zero_division=0).
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../../../src/train/metrics/confusion-matrix.ts';
import { precisionRecallF1 } from '../../../src/train/metrics/precision-recall.ts';

describe('precisionRecallF1', () => {
  it('scores each class and averages them unweighted', () => {
    // class 0: TP 1, FP 1, FN 1; class 1: TP 2, FP 1, FN 0; class 2: TP 2, FP 0, FN 1.
    const { perClass, macro } = precisionRecallF1(confusionMatrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2], 3));
    const expected = [
      { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      { precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
      { precision: 1, recall: 2 / 3, f1: 0.8, support: 3 },
    ];
    perClass.forEach((scores, c) => {
      for (const key of ['precision', 'recall', 'f1', 'support'] as const) expect(scores[key], `${c} ${key}`).toBeCloseTo(expected[c]![key], 12);
    });
    expect(macro.precision).toBeCloseTo(13 / 18, 12);
    expect(macro.recall).toBeCloseTo(13 / 18, 12);
    expect(macro.f1).toBeCloseTo(0.7, 12);
    expect(macro.support).toBe(7);
  });

  it('scores 0 where a ratio has no denominator and leaves classes absent from truth and predictions out of the macro average', () => {
    // sklearn: precision_recall_fscore_support([0, 1, 2], [0, 1, 1], average='macro', zero_division=0)
    // = (0.5, 0.6667, 0.5556); class 3 of 4 occurs nowhere, so it is not among sklearn's labels.
    const { perClass, macro } = precisionRecallF1(confusionMatrix([0, 1, 2], [0, 1, 1], 4));
    expect(perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(perClass[1]!.f1).toBeCloseTo(2 / 3, 12);
    expect(macro.precision).toBeCloseTo(0.5, 12);
    expect(macro.recall).toBeCloseTo(2 / 3, 12);
    expect(macro.f1).toBeCloseTo(5 / 9, 12);
  });
});
