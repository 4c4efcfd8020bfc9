// The validation number a trial reports, read from evaluate()'s metrics. With standardised
// targets a trial sees them standardised: R² is the same in any units; mse, rmse and mae are in
// units of the targets' standard deviation.
import type { Metrics } from '../../train/metrics.ts';

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
