// Per-class precision, recall and F1 from a confusion matrix, with macro averages, as
// scikit-learn's precision_recall_fscore_support / classification_report with zero_division=0:
// - precision = TP / (TP + FP), 0 when the class is never predicted;
// - recall = TP / (TP + FN), 0 when the class never occurs (support 0);
// - F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of the two, 0 when TP + FP + FN = 0;
// - macro averages are unweighted means over the classes that occur in the truth or the
//   predictions (scikit-learn's default labels); a class absent from both still gets its row.

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class this is. */
  support: number;
}

export interface PrecisionRecall {
  perClass: ClassScores[];
  macro: ClassScores;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function precisionRecallF1(matrix: readonly (readonly number[])[]): PrecisionRecall {
  const classes = matrix.length;
  const perClass: ClassScores[] = [];
  const present: ClassScores[] = [];
  for (let c = 0; c < classes; c++) {
    const tp = matrix[c]![c]!;
    let support = 0;
    let predicted = 0;
    for (let k = 0; k < classes; k++) {
      support += matrix[c]![k]!;
      predicted += matrix[k]![c]!;
    }
    const fp = predicted - tp;
    const fn = support - tp;
    const scores = { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn), support };
    perClass.push(scores);
    if (support > 0 || predicted > 0) present.push(scores);
  }
  const mean = (key: 'precision' | 'recall' | 'f1') => ratio(present.reduce((sum, s) => sum + s[key], 0), present.length);
  const support = perClass.reduce((sum, s) => sum + s.support, 0);
  return { perClass, macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support } };
}
