// tune.metric per task: the default (accuracy or R²), the direction each metric is better in,
// and a metric of the other task refused as a ConfigError naming both.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load-config.ts';
import { tuneMetric } from '../../src/config/tune-metric.ts';
import { ConfigError } from '../../src/errors.ts';

const tune = (extra: object = {}) => validateConfig({ data: { builtin: 'friedman1' }, tune: { trials: 2, ...extra } }).tune!;

describe('tune.metric', () => {
  it('defaults to accuracy for classifiers and r2 for regressors, maximized', () => {
    expect(tuneMetric(tune(), 'classification')).toEqual({ metric: 'accuracy', direction: 'maximize' });
    expect(tuneMetric(tune(), 'regression')).toEqual({ metric: 'r2', direction: 'maximize' });
  });

  it('minimizes rmse, mae, mse and loss; an explicit direction wins', () => {
    for (const metric of ['rmse', 'mae', 'mse', 'loss']) expect(tuneMetric(tune({ metric }), 'regression')).toEqual({ metric, direction: 'minimize' });
    expect(tuneMetric(tune({ metric: 'mae', direction: 'maximize' }), 'regression').direction).toBe('maximize');
  });

  it("refuses the other task's metric, naming the metric and the task", () => {
    expect(() => tuneMetric(tune({ metric: 'accuracy' }), 'regression')).toThrow(ConfigError);
    expect(() => tuneMetric(tune({ metric: 'accuracy' }), 'regression')).toThrow('tune.metric must be one of r2, rmse, mae, mse, loss for a regression task, got "accuracy"');
    expect(() => tuneMetric(tune({ metric: 'r2' }), 'classification')).toThrow('tune.metric must be one of accuracy, loss for a classification task, got "r2"');
    expect(() => tune({ metric: 'f1' })).toThrow(ConfigError);
  });
});
