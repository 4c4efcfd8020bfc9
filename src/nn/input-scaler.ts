// A model's input scaler, as the first step of a scikit-learn Pipeline: predict, predictProba,
// predictInto and evaluate take raw rows and scale them chunk by chunk in the workspace, so a
// saved-and-loaded model predicts as the pipeline it was trained in.
import { MinMaxScaler } from '../data/min-max-scaler.ts';
import { StandardScaler } from '../data/standard-scaler.ts';
import { rangeError, typeError } from '../errors.ts';

export type Scaler = StandardScaler | MinMaxScaler;

/** `value` when it is a fitted scaler for `inputs` features (or undefined, for none). */
export function checkInputScaler(value: unknown, inputs: number): Scaler | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof StandardScaler || value instanceof MinMaxScaler)) throw typeError('inputScaler', 'a fitted StandardScaler or MinMaxScaler, or undefined', value);
  if (value.features === undefined) throw new TypeError(`inputScaler must be fitted (call fit(trainingData) first), got an unfitted ${value.constructor.name}`);
  if (value.features !== inputs) throw rangeError('inputScaler.features', `the model's inputs (${inputs})`, value.features);
  return value;
}

/**
 * `value` when it is a fitted StandardScaler over a regressor's `outputs` targets (or undefined).
 * Only regressors (loss mse) have targets in units worth restoring.
 */
export function checkTargetScaler(value: unknown, outputs: number, loss: string): StandardScaler | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof StandardScaler)) throw typeError('targetScaler', 'a fitted StandardScaler, or undefined', value);
  if (loss !== 'mse') throw typeError('targetScaler', 'set on a regressor (loss mse) only', loss);
  if (value.features === undefined) throw new TypeError('targetScaler must be fitted (call fit(trainingTargets, outputs) first), got an unfitted StandardScaler');
  if (value.features !== outputs) throw rangeError('targetScaler.features', `the model's outputs (${outputs})`, value.features);
  return value;
}
