// The validation number a trial reports, read from evaluate()'s metrics. With standardised
// targets the trial's model owns the target scaler (mlpObjective's targetScaler), so mse, rmse
// and mae are in the target's units, comparable with `hyperprop evaluate`; R² has no units.
import type { Metrics } from '../../nn/metrics.ts';

export const CLASSIFICATION_METRICS = ['accuracy', 'loss'] as const;
export const REGRESSION_METRICS = ['r2', 'rmse', 'mae', 'mse', 'loss'] as const;
export const MLP_METRICS = ['accuracy', 'loss', 'r2', 'rmse', 'mae', 'mse'] as const;
export type MlpMetric = (typeof MLP_METRICS)[number];

/** The metric's value, or undefined when evaluate() does not give it (the other task's metric). */
export function metricValue(metrics: Metrics, metric: MlpMetric): number | undefined {
  switch (metric) {
    case 'rmse':
      return metrics.mse === undefined ? undefined : Math.sqrt(metrics.mse);
    default:
      return metrics[metric];
  }
}
