// Per-step optimizer coefficients that involve pow/sqrt of the step count. They are computed
// once here, in double precision, so that C++, WASM and TS apply bit-identical scalars.
import type { AdagradOptions, AdamOptions } from './backend.ts';

export const DEFAULT_ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 } as const;
export const DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;
export const DEFAULT_RMSPROP = { alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0 } as const;
export const DEFAULT_ADAGRAD = { lrDecay: 0, eps: 1e-10, weightDecay: 0 } as const;

export interface AdamScalars {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β1^t) */
  stepSize: number;
  /** sqrt(1 − β2^t) */
  sqrtBiasCorrection2: number;
  /** L2 added to the gradient (Adam's weight_decay). */
  coupledWeightDecay: number;
  /** lr·λ, the shrink applied to the weights before the step (AdamW). */
  decoupledDecay: number;
}

export function emptyAdamScalars(): AdamScalars {
  return { beta1: 0, beta2: 0, eps: 0, stepSize: 0, sqrtBiasCorrection2: 0, coupledWeightDecay: 0, decoupledDecay: 0 };
}

/** Fills `out` (reused across steps: the training hot path allocates nothing). */
export function adamScalars(options: AdamOptions, step: number, out: AdamScalars = emptyAdamScalars()): AdamScalars {
  const beta1 = options.beta1 ?? DEFAULT_ADAM.beta1;
  const beta2 = options.beta2 ?? DEFAULT_ADAM.beta2;
  const decoupled = options.decoupled ?? false;
  const weightDecay = options.weightDecay ?? (decoupled ? DEFAULT_ADAMW_WEIGHT_DECAY : DEFAULT_ADAM.weightDecay);
  out.beta1 = beta1;
  out.beta2 = beta2;
  out.eps = options.eps ?? DEFAULT_ADAM.eps;
  out.stepSize = options.lr / (1 - beta1 ** step);
  out.sqrtBiasCorrection2 = Math.sqrt(1 - beta2 ** step);
  out.coupledWeightDecay = decoupled ? 0 : weightDecay;
  out.decoupledDecay = decoupled ? options.lr * weightDecay : 0;
  return out;
}

/** torch.optim.Adagrad: clr = lr / (1 + (t − 1)·lr_decay). */
export function adagradLearningRate(options: AdagradOptions, step: number): number {
  return options.lr / (1 + (step - 1) * (options.lrDecay ?? DEFAULT_ADAGRAD.lrDecay));
}

/** Integer threshold on the top 24 bits of a draw: P(draw >= threshold) = 1 − rate. */
export function dropoutThreshold(rate: number): number {
  return Math.round(rate * 16777216);
}
