// tune.metric: which validation number a trial reports, and the direction that makes it better.
// Left out, classifiers tune accuracy and regressors R²; a metric of the other task is refused.
import { ConfigError } from '../errors.ts';
import type { Task } from '../data/dataset.ts';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS, type MlpMetric } from '../tune/objectives/metric-value.ts';

export interface TuneMetric {
  metric: MlpMetric;
  direction: 'minimize' | 'maximize';
}

export function tuneMetric(tune: { metric?: MlpMetric | undefined; direction?: 'minimize' | 'maximize' | undefined }, task: Task, source?: string): TuneMetric {
  const allowed: readonly MlpMetric[] = task === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
  const metric = tune.metric ?? (task === 'regression' ? 'r2' : 'accuracy');
  if (!allowed.includes(metric)) {
    const message = `tune.metric must be one of ${allowed.join(', ')} for a ${task} task, got "${metric}"`;
    throw new ConfigError([{ path: 'tune.metric', message }], source);
  }
  return { metric, direction: tune.direction ?? metricDirection(metric) };
}

/** The direction that makes a metric better: accuracy and R² grow, losses and errors shrink. */
export function metricDirection(metric: MlpMetric): 'minimize' | 'maximize' {
  return metric === 'accuracy' || metric === 'r2' ? 'maximize' : 'minimize';
}
