// Objectives measured on a trial's model (tune.metrics after the validation metric): the
// objective's validation value first, then each model metric, computed from the hyperparameters
// the trial recorded before it trained.
import { HYPERPARAMETERS_ATTR } from '../refit-best.ts';
import type { Objective } from '../optimize.ts';
import type { MlpHyperparameters } from './default-space.ts';
import { mlpParameterCount } from './parameter-count.ts';

export type ModelMetricName = 'params';

/** `objective` with [its value, each model metric] returned; a non-number result passes through. */
export function withModelMetrics(objective: Objective, metrics: readonly ModelMetricName[], inputs: number, outputs: number): Objective {
  if (metrics.length === 0) return objective;
  return async (trial) => {
    const value = await objective(trial);
    if (typeof value !== 'number') return value;
    const hyper = (await trial.frozen()).userAttrs[HYPERPARAMETERS_ATTR] as MlpHyperparameters;
    return [value, ...metrics.map(() => mlpParameterCount(hyper, inputs, outputs))];
  };
}
