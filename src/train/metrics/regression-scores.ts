// Regression scores of predictions against targets (rows × outputs), each computed per output
// and averaged uniformly over outputs, as scikit-learn's multioutput='uniform_average':
// MSE, RMSE (the mean of the per-output roots, as root_mean_squared_error, not the root of the
// mean), MAE and R². R² of a constant target column is 1 when predicted exactly, else 0 (as
// scikit-learn's r2_score with force_finite=True).
import { rangeError } from '../../errors.ts';

export interface RegressionScores {
  r2: number;
  rmse: number;
  mae: number;
  mse: number;
}

export function regressionScores(predicted: ArrayLike<number>, targets: ArrayLike<number>, outputs: number): RegressionScores {
  if (!Number.isInteger(outputs) || outputs < 1) throw rangeError('outputs', 'a positive integer', outputs);
  if (predicted.length !== targets.length) throw rangeError('predicted.length', `targets.length (${targets.length})`, predicted.length);
  const rows = targets.length / outputs;
  if (!Number.isInteger(rows) || rows < 1) throw rangeError('targets.length', `a positive multiple of outputs (${outputs})`, targets.length);
  const scores: RegressionScores = { r2: 0, rmse: 0, mae: 0, mse: 0 };
  for (let j = 0; j < outputs; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += targets[i * outputs + j]!;
    mean /= rows;
    let sse = 0;
    let sae = 0;
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const y = targets[i * outputs + j]!;
      const e = predicted[i * outputs + j]! - y;
      sse += e * e;
      sae += Math.abs(e);
      total += (y - mean) * (y - mean);
    }
    scores.mse += sse / rows;
    scores.rmse += Math.sqrt(sse / rows);
    scores.mae += sae / rows;
    scores.r2 += total > 0 ? 1 - sse / total : sse === 0 ? 1 : 0;
  }
  scores.r2 /= outputs;
  scores.rmse /= outputs;
  scores.mae /= outputs;
  scores.mse /= outputs;
  return scores;
}
