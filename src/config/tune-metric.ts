// tune.metric: which validation number a trial reports, and the direction that makes it better.
// Left out, classifiers tune accuracy and regressors R²; a metric of the other task is refused.
// tune.metrics: several objectives, the first a validation metric (what the pruners see), the
// others measured on the trial's model (its parameter count).
import { ConfigError } from '../errors.ts';
import type { Task } from '../data/dataset.ts';
import type { Direction } from '../tune/types.ts';
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

/** Objectives measured on a trial's model rather than on validation rows. */
export const MODEL_METRICS = ['params'] as const;
export type ModelMetric = (typeof MODEL_METRICS)[number];

export interface TuneMetrics extends TuneMetric {
  /** One per objective: `metric` first, then the model metrics (just [metric] with one objective). */
  metrics: [MlpMetric, ...ModelMetric[]];
  directions: Direction[];
}

/**
 * tune.metric and tune.direction, or tune.metrics: [validation metric, model metric …] with the
 * directions that make each better (a parameter count shrinks).
 */
export function tuneMetrics(tune: { metric?: MlpMetric | undefined; direction?: Direction | undefined; metrics?: readonly string[] | undefined }, task: Task, source?: string): TuneMetrics {
  if (tune.metrics === undefined) {
    const one = tuneMetric(tune, task, source);
    return { ...one, metrics: [one.metric], directions: [one.direction] };
  }
  const issue = (message: string) => new ConfigError([{ path: 'tune.metrics', message }], source);
  if (tune.metric !== undefined || tune.direction !== undefined) throw issue(`tune.metrics must not be given with tune.metric or tune.direction (the directions follow from the metrics), got metric ${tune.metric ?? '-'}, direction ${tune.direction ?? '-'}`);
  const [first, ...rest] = tune.metrics;
  const allowed: readonly MlpMetric[] = task === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
  if (!allowed.includes(first as MlpMetric)) throw issue(`tune.metrics[0] must be a validation metric, one of ${allowed.join(', ')} for a ${task} task (trials report it to the pruners), got "${first}"`);
  rest.forEach((m, i) => {
    if (!(MODEL_METRICS as readonly string[]).includes(m)) throw issue(`tune.metrics[${i + 1}] must be one of ${MODEL_METRICS.join(', ')} (a validation metric may only come first), got "${m}"`);
    if (rest.indexOf(m) !== i) throw issue(`tune.metrics must name each metric once, got "${m}" twice`);
  });
  const metric = first as MlpMetric;
  const direction = metricDirection(metric);
  return { metric, direction, metrics: [metric, ...(rest as ModelMetric[])], directions: metricsDirections(tune.metrics) };
}

/** The direction that makes each of tune.metrics better (a model metric, a size, shrinks). */
export function metricsDirections(metrics: readonly string[]): Direction[] {
  return metrics.map((m) => ((MODEL_METRICS as readonly string[]).includes(m) ? 'minimize' : metricDirection(m as MlpMetric)));
}
