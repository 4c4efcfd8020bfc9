// Resolves optimizer options (PyTorch's defaults) into the scalar block the kernels read, and
// computes the per-step coefficients that involve pow/sqrt of the step count once, in double
// precision, so every backend applies the same values. Each field is read once by name and
// checked inline: handing a double to a helper that V8 does not inline would box it in a new
// heap number, and this runs on every training step.
import type { AdagradOptions, AdamOptions, RmspropOptions, SgdOptions } from './backend.ts';
import { rangeError, typeError } from '../errors.ts';
import {
  ADAGRAD_STEP_CLR,
  ADAGRAD_STEP_EPS,
  ADAGRAD_STEP_WEIGHT_DECAY,
  ADAM_STEP_BETA1,
  ADAM_STEP_BETA2,
  ADAM_STEP_COUPLED_WEIGHT_DECAY,
  ADAM_STEP_DECOUPLED_DECAY,
  ADAM_STEP_EPS,
  ADAM_STEP_SQRT_BIAS_CORRECTION2,
  ADAM_STEP_STEP_SIZE,
  RMSPROP_STEP_ALPHA,
  RMSPROP_STEP_CENTERED,
  RMSPROP_STEP_EPS,
  RMSPROP_STEP_LR,
  RMSPROP_STEP_MOMENTUM,
  RMSPROP_STEP_WEIGHT_DECAY,
  SGD_STEP_DAMPENING,
  SGD_STEP_FIRST_STEP,
  SGD_STEP_LR,
  SGD_STEP_MOMENTUM,
  SGD_STEP_NESTEROV,
  SGD_STEP_WEIGHT_DECAY,
} from './kernel-abi.ts';

export const DEFAULT_ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 } as const;
export const DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;
export const DEFAULT_RMSPROP = { alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0 } as const;
export const DEFAULT_ADAGRAD = { lrDecay: 0, eps: 1e-10, weightDecay: 0 } as const;

type Rule = 'a finite number >= 0' | 'a finite number' | 'in [0, 1]' | 'in [0, 1)' | 'a boolean';

/** The error for options[key]; built only on the failure path. */
function optionError(kernel: string, key: string, value: unknown, rule: Rule): Error {
  const field = `${kernel}: options.${key}`;
  if (rule === 'a boolean' ? typeof value !== 'boolean' : typeof value !== 'number') return typeError(field, rule, value);
  return rangeError(field, rule, value);
}

const isOptionsObject = (kernel: string, options: unknown) => {
  if (typeof options !== 'object' || options === null) throw typeError(`${kernel}: options`, 'an object', options);
};

/** s = [lr, momentum, dampening, nesterov, weightDecay, firstStep] */
export function writeSgdScalars(options: SgdOptions, step: number, s: Float64Array): void {
  const K = 'sgdStep';
  isOptionsObject(K, options);
  const lr = options.lr;
  if (typeof lr !== 'number' || !(lr >= 0 && lr < Infinity)) throw optionError(K, 'lr', lr, 'a finite number >= 0');
  const momentum = options.momentum ?? 0;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < Infinity)) throw optionError(K, 'momentum', momentum, 'a finite number >= 0');
  const dampening = options.dampening ?? 0;
  if (typeof dampening !== 'number' || !(dampening > -Infinity && dampening < Infinity)) throw optionError(K, 'dampening', dampening, 'a finite number');
  const nesterov = options.nesterov ?? false;
  if (typeof nesterov !== 'boolean') throw optionError(K, 'nesterov', nesterov, 'a boolean');
  const weightDecay = options.weightDecay ?? 0;
  if (typeof weightDecay !== 'number' || !(weightDecay >= 0 && weightDecay < Infinity)) throw optionError(K, 'weightDecay', weightDecay, 'a finite number >= 0');
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw rangeError(`${K}: options`, 'momentum > 0 and dampening = 0 for Nesterov (as in PyTorch)', `momentum=${momentum}, dampening=${dampening}`);
  }
  s[SGD_STEP_LR] = lr;
  s[SGD_STEP_MOMENTUM] = momentum;
  s[SGD_STEP_DAMPENING] = dampening;
  s[SGD_STEP_NESTEROV] = nesterov ? 1 : 0;
  s[SGD_STEP_WEIGHT_DECAY] = weightDecay;
  s[SGD_STEP_FIRST_STEP] = step === 1 ? 1 : 0;
}

/** s = [lr, alpha, eps, weightDecay, momentum, centered] */
export function writeRmspropScalars(options: RmspropOptions, s: Float64Array): void {
  const K = 'rmspropStep';
  isOptionsObject(K, options);
  const lr = options.lr;
  if (typeof lr !== 'number' || !(lr >= 0 && lr < Infinity)) throw optionError(K, 'lr', lr, 'a finite number >= 0');
  const alpha = options.alpha ?? DEFAULT_RMSPROP.alpha;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) throw optionError(K, 'alpha', alpha, 'in [0, 1]');
  const eps = options.eps ?? DEFAULT_RMSPROP.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < Infinity)) throw optionError(K, 'eps', eps, 'a finite number >= 0');
  const weightDecay = options.weightDecay ?? DEFAULT_RMSPROP.weightDecay;
  if (typeof weightDecay !== 'number' || !(weightDecay >= 0 && weightDecay < Infinity)) throw optionError(K, 'weightDecay', weightDecay, 'a finite number >= 0');
  const momentum = options.momentum ?? DEFAULT_RMSPROP.momentum;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < Infinity)) throw optionError(K, 'momentum', momentum, 'a finite number >= 0');
  const centered = options.centered ?? false;
  if (typeof centered !== 'boolean') throw optionError(K, 'centered', centered, 'a boolean');
  s[RMSPROP_STEP_LR] = lr;
  s[RMSPROP_STEP_ALPHA] = alpha;
  s[RMSPROP_STEP_EPS] = eps;
  s[RMSPROP_STEP_WEIGHT_DECAY] = weightDecay;
  s[RMSPROP_STEP_MOMENTUM] = momentum;
  s[RMSPROP_STEP_CENTERED] = centered ? 1 : 0;
}

/**
 * s = [beta1, beta2, eps, stepSize = lr/(1 − β1^t), sqrt(1 − β2^t), coupled λ (Adam), lr·λ (AdamW)].
 * AdamW's default weight decay is 0.01, Adam's 0, as in PyTorch.
 */
export function writeAdamScalars(options: AdamOptions, step: number, s: Float64Array): void {
  const K = 'adamStep';
  isOptionsObject(K, options);
  const lr = options.lr;
  if (typeof lr !== 'number' || !(lr >= 0 && lr < Infinity)) throw optionError(K, 'lr', lr, 'a finite number >= 0');
  const beta1 = options.beta1 ?? DEFAULT_ADAM.beta1;
  if (typeof beta1 !== 'number' || !(beta1 >= 0 && beta1 < 1)) throw optionError(K, 'beta1', beta1, 'in [0, 1)');
  const beta2 = options.beta2 ?? DEFAULT_ADAM.beta2;
  if (typeof beta2 !== 'number' || !(beta2 >= 0 && beta2 < 1)) throw optionError(K, 'beta2', beta2, 'in [0, 1)');
  const eps = options.eps ?? DEFAULT_ADAM.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < Infinity)) throw optionError(K, 'eps', eps, 'a finite number >= 0');
  const decoupled = options.decoupled ?? false;
  if (typeof decoupled !== 'boolean') throw optionError(K, 'decoupled', decoupled, 'a boolean');
  const weightDecay = options.weightDecay ?? (decoupled ? DEFAULT_ADAMW_WEIGHT_DECAY : DEFAULT_ADAM.weightDecay);
  if (typeof weightDecay !== 'number' || !(weightDecay >= 0 && weightDecay < Infinity)) throw optionError(K, 'weightDecay', weightDecay, 'a finite number >= 0');
  s[ADAM_STEP_BETA1] = beta1;
  s[ADAM_STEP_BETA2] = beta2;
  s[ADAM_STEP_EPS] = eps;
  s[ADAM_STEP_STEP_SIZE] = lr / (1 - beta1 ** step);
  s[ADAM_STEP_SQRT_BIAS_CORRECTION2] = Math.sqrt(1 - beta2 ** step);
  s[ADAM_STEP_COUPLED_WEIGHT_DECAY] = decoupled ? 0 : weightDecay;
  s[ADAM_STEP_DECOUPLED_DECAY] = decoupled ? lr * weightDecay : 0;
}

/** s = [clr = lr/(1 + (t − 1)·lr_decay), eps, weightDecay] */
export function writeAdagradScalars(options: AdagradOptions, step: number, s: Float64Array): void {
  const K = 'adagradStep';
  isOptionsObject(K, options);
  const lr = options.lr;
  if (typeof lr !== 'number' || !(lr >= 0 && lr < Infinity)) throw optionError(K, 'lr', lr, 'a finite number >= 0');
  const lrDecay = options.lrDecay ?? DEFAULT_ADAGRAD.lrDecay;
  if (typeof lrDecay !== 'number' || !(lrDecay >= 0 && lrDecay < Infinity)) throw optionError(K, 'lrDecay', lrDecay, 'a finite number >= 0');
  const eps = options.eps ?? DEFAULT_ADAGRAD.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < Infinity)) throw optionError(K, 'eps', eps, 'a finite number >= 0');
  const weightDecay = options.weightDecay ?? DEFAULT_ADAGRAD.weightDecay;
  if (typeof weightDecay !== 'number' || !(weightDecay >= 0 && weightDecay < Infinity)) throw optionError(K, 'weightDecay', weightDecay, 'a finite number >= 0');
  s[ADAGRAD_STEP_CLR] = lr / (1 + (step - 1) * lrDecay);
  s[ADAGRAD_STEP_EPS] = eps;
  s[ADAGRAD_STEP_WEIGHT_DECAY] = weightDecay;
}

/** Integer threshold on the top 24 bits of a draw: P(draw >= threshold) = 1 − rate. */
export function dropoutThreshold(rate: number): number {
  return Math.round(rate * 16777216);
}
