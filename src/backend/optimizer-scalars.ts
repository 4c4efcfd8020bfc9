// Resolves optimizer options (PyTorch's defaults, declared in optimizer-options.ts) into the
// scalar block the kernels read, and computes the per-step coefficients that involve pow/sqrt
// of the step count once, in double precision, so every backend applies the same values. Each
// field is read once by name and checked inline: handing a double to a helper that V8 does not
// inline would box it in a new heap number, and this runs on every training step.
import type { AdagradOptions, AdamOptions, RmspropOptions, SgdOptions } from './backend.ts';
import { rangeError, typeError } from '../errors.ts';
import { BOOLEAN, ruleError, type Rule } from './option-rule.ts';
import { ADAGRAD_STEP_OPTIONS, ADAM_OPTIONS, ADAMW_OPTIONS, NESTEROV_RULE, RMSPROP_OPTIONS, SGD_OPTIONS } from './optimizer-options.ts';
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

// The rules and defaults come from the tables in optimizer-options.ts (the same ones that
// createOptimizer and the config schema read); each check below compares the value with the
// rule's closed double ends, lo and hi, which NaN and ±Infinity both fail. Only undefined
// takes the default (null is refused, as createOptimizer and the config refuse it).
const SGD = SGD_OPTIONS;
const RMS = RMSPROP_OPTIONS;
const ADAM = ADAM_OPTIONS;
const ADAGRAD = ADAGRAD_STEP_OPTIONS;
const ADAMW_WEIGHT_DECAY = ADAMW_OPTIONS.weightDecay.default!;

/** The error for options[key]; built only on the failure path. */
function optionError(kernel: string, key: string, value: unknown, rule: Rule): Error {
  return ruleError(`${kernel}: options.${key}`, rule, value);
}

const DECOUPLED: Rule = BOOLEAN;

const isOptionsObject = (kernel: string, options: unknown) => {
  if (typeof options !== 'object' || options === null) throw typeError(`${kernel}: options`, 'an object', options);
};

/** s = [lr, momentum, dampening, nesterov, weightDecay, firstStep] */
export function writeSgdScalars(options: SgdOptions, step: number, s: Float64Array): void {
  const K = 'sgdStep';
  isOptionsObject(K, options);
  const lr = options.lr;
  if (typeof lr !== 'number' || !(lr >= SGD.lr.rule.lo && lr <= SGD.lr.rule.hi)) throw optionError(K, 'lr', lr, SGD.lr.rule);
  let momentum = options.momentum;
  if (momentum === undefined) momentum = SGD.momentum.default!;
  if (typeof momentum !== 'number' || !(momentum >= SGD.momentum.rule.lo && momentum <= SGD.momentum.rule.hi)) throw optionError(K, 'momentum', momentum, SGD.momentum.rule);
  let dampening = options.dampening;
  if (dampening === undefined) dampening = SGD.dampening.default!;
  if (typeof dampening !== 'number' || !(dampening >= SGD.dampening.rule.lo && dampening <= SGD.dampening.rule.hi)) throw optionError(K, 'dampening', dampening, SGD.dampening.rule);
  let nesterov = options.nesterov;
  if (nesterov === undefined) nesterov = SGD.nesterov.default!;
  if (typeof nesterov !== 'boolean') throw optionError(K, 'nesterov', nesterov, SGD.nesterov.rule);
  let weightDecay = options.weightDecay;
  if (weightDecay === undefined) weightDecay = SGD.weightDecay.default!;
  if (typeof weightDecay !== 'number' || !(weightDecay >= SGD.weightDecay.rule.lo && weightDecay <= SGD.weightDecay.rule.hi)) throw optionError(K, 'weightDecay', weightDecay, SGD.weightDecay.rule);
  // nesterovProblem's test, inline for the same reason as the checks above.
  if (nesterov && !(momentum > 0)) throw rangeError(`${K}: options.momentum`, NESTEROV_RULE.momentum, momentum);
  if (nesterov && dampening !== 0) throw rangeError(`${K}: options.dampening`, NESTEROV_RULE.dampening, dampening);
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
  if (typeof lr !== 'number' || !(lr >= RMS.lr.rule.lo && lr <= RMS.lr.rule.hi)) throw optionError(K, 'lr', lr, RMS.lr.rule);
  let alpha = options.alpha;
  if (alpha === undefined) alpha = RMS.alpha.default!;
  if (typeof alpha !== 'number' || !(alpha >= RMS.alpha.rule.lo && alpha <= RMS.alpha.rule.hi)) throw optionError(K, 'alpha', alpha, RMS.alpha.rule);
  let eps = options.eps;
  if (eps === undefined) eps = RMS.eps.default!;
  if (typeof eps !== 'number' || !(eps >= RMS.eps.rule.lo && eps <= RMS.eps.rule.hi)) throw optionError(K, 'eps', eps, RMS.eps.rule);
  let weightDecay = options.weightDecay;
  if (weightDecay === undefined) weightDecay = RMS.weightDecay.default!;
  if (typeof weightDecay !== 'number' || !(weightDecay >= RMS.weightDecay.rule.lo && weightDecay <= RMS.weightDecay.rule.hi)) throw optionError(K, 'weightDecay', weightDecay, RMS.weightDecay.rule);
  let momentum = options.momentum;
  if (momentum === undefined) momentum = RMS.momentum.default!;
  if (typeof momentum !== 'number' || !(momentum >= RMS.momentum.rule.lo && momentum <= RMS.momentum.rule.hi)) throw optionError(K, 'momentum', momentum, RMS.momentum.rule);
  let centered = options.centered;
  if (centered === undefined) centered = RMS.centered.default!;
  if (typeof centered !== 'boolean') throw optionError(K, 'centered', centered, RMS.centered.rule);
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
  if (typeof lr !== 'number' || !(lr >= ADAM.lr.rule.lo && lr <= ADAM.lr.rule.hi)) throw optionError(K, 'lr', lr, ADAM.lr.rule);
  let beta1 = options.beta1;
  if (beta1 === undefined) beta1 = ADAM.beta1.default!;
  if (typeof beta1 !== 'number' || !(beta1 >= ADAM.beta1.rule.lo && beta1 <= ADAM.beta1.rule.hi)) throw optionError(K, 'beta1', beta1, ADAM.beta1.rule);
  let beta2 = options.beta2;
  if (beta2 === undefined) beta2 = ADAM.beta2.default!;
  if (typeof beta2 !== 'number' || !(beta2 >= ADAM.beta2.rule.lo && beta2 <= ADAM.beta2.rule.hi)) throw optionError(K, 'beta2', beta2, ADAM.beta2.rule);
  let eps = options.eps;
  if (eps === undefined) eps = ADAM.eps.default!;
  if (typeof eps !== 'number' || !(eps >= ADAM.eps.rule.lo && eps <= ADAM.eps.rule.hi)) throw optionError(K, 'eps', eps, ADAM.eps.rule);
  let decoupled = options.decoupled;
  if (decoupled === undefined) decoupled = false;
  if (typeof decoupled !== 'boolean') throw optionError(K, 'decoupled', decoupled, DECOUPLED);
  let weightDecay = options.weightDecay;
  if (weightDecay === undefined) weightDecay = (decoupled ? ADAMW_WEIGHT_DECAY : ADAM.weightDecay.default!);
  if (typeof weightDecay !== 'number' || !(weightDecay >= ADAM.weightDecay.rule.lo && weightDecay <= ADAM.weightDecay.rule.hi)) throw optionError(K, 'weightDecay', weightDecay, ADAM.weightDecay.rule);
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
  if (typeof lr !== 'number' || !(lr >= ADAGRAD.lr.rule.lo && lr <= ADAGRAD.lr.rule.hi)) throw optionError(K, 'lr', lr, ADAGRAD.lr.rule);
  let lrDecay = options.lrDecay;
  if (lrDecay === undefined) lrDecay = ADAGRAD.lrDecay.default!;
  if (typeof lrDecay !== 'number' || !(lrDecay >= ADAGRAD.lrDecay.rule.lo && lrDecay <= ADAGRAD.lrDecay.rule.hi)) throw optionError(K, 'lrDecay', lrDecay, ADAGRAD.lrDecay.rule);
  let eps = options.eps;
  if (eps === undefined) eps = ADAGRAD.eps.default!;
  if (typeof eps !== 'number' || !(eps >= ADAGRAD.eps.rule.lo && eps <= ADAGRAD.eps.rule.hi)) throw optionError(K, 'eps', eps, ADAGRAD.eps.rule);
  let weightDecay = options.weightDecay;
  if (weightDecay === undefined) weightDecay = ADAGRAD.weightDecay.default!;
  if (typeof weightDecay !== 'number' || !(weightDecay >= ADAGRAD.weightDecay.rule.lo && weightDecay <= ADAGRAD.weightDecay.rule.hi)) throw optionError(K, 'weightDecay', weightDecay, ADAGRAD.weightDecay.rule);
  s[ADAGRAD_STEP_CLR] = lr / (1 + (step - 1) * lrDecay);
  s[ADAGRAD_STEP_EPS] = eps;
  s[ADAGRAD_STEP_WEIGHT_DECAY] = weightDecay;
}

/** Integer threshold on the top 24 bits of a draw: P(draw >= threshold) = 1 − rate. */
export function dropoutThreshold(rate: number): number {
  return Math.round(rate * 16777216);
}
