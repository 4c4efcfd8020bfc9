// Regression scores against scikit-learn's documented examples (mean_squared_error,
// root_mean_squared_error, mean_absolute_error and r2_score docstrings).
import { describe, expect, it } from 'vitest';
import { regressionScores } from '../../../src/train/metrics/regression-scores.ts';

describe('regressionScores', () => {
  it('one output: y = [3, -0.5, 2, 7], ŷ = [2.5, 0, 2, 8]', () => {
    const s = regressionScores([2.5, 0, 2, 8], [3, -0.5, 2, 7], 1);
    expect(s.mse).toBeCloseTo(0.375, 12);
    expect(s.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(s.mae).toBeCloseTo(0.5, 12);
    expect(s.r2).toBeCloseTo(0.9486081370449679, 12);
  });

  it('two outputs average per-output scores, RMSE the mean of per-output roots', () => {
    const targets = [0.5, 1, -1, 1, 7, -6];
    const predicted = [0, 2, -1, 2, 8, -5];
    const s = regressionScores(predicted, targets, 2);
    expect(s.mse).toBeCloseTo(0.7083333333, 9);
    expect(s.mae).toBeCloseTo(0.75, 12);
    // (sqrt(1.25 / 3) + 1) / 2, not sqrt(0.7083)
    expect(s.rmse).toBeCloseTo(0.8227486121839513, 12);
    expect(s.r2).toBeCloseTo(0.9368005266622779, 12);
  });

  it('a constant target scores R² 1 when predicted exactly, else 0', () => {
    expect(regressionScores([2, 2], [2, 2], 1).r2).toBe(1);
    expect(regressionScores([2, 3], [2, 2], 1).r2).toBe(0);
  });

  it('refuses lengths that do not match', () => {
    expect(() => regressionScores([1, 2, 3], [1, 2], 1)).toThrow('predicted.length must be targets.length (2), got 3');
    expect(() => regressionScores([1, 2, 3], [1, 2, 3], 2)).toThrow('targets.length must be a positive multiple of outputs (2), got 3');
  });
});
