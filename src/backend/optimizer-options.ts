// Every optimizer option's rule and default, once, as torch.optim validates them (lr >= 0,
// momentum >= 0, eps >= 0, betas in [0, 1), weight decay >= 0 ...). The per-step checks
// (optimizer-scalars.ts), createOptimizer and the config schema read these tables, and the
// README's option table is checked against them.
import { booleanOption, numberOption, withDefault, type OptionTable } from './option-rule.ts';

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad';

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad'];

// PyTorch's default rates; torch.optim.SGD has none, so SGD takes Keras' 0.01.
const lr = (defaultValue: number) => numberOption('[0, inf)', defaultValue, 'learning rate');
const weightDecay = numberOption('[0, inf)', 0, 'L2 penalty added to the gradient: g + weightDecay·w (weight_decay)');

/** sgdStep's options: torch.optim.SGD. */
export const SGD_OPTIONS = Object.freeze({
  lr: lr(0.01),
  momentum: numberOption('[0, inf)', 0, 'momentum factor (SGD: b = momentum·b + (1 − dampening)·g)'),
  // PyTorch does not check dampening; outside [0, 1] the buffer would grow against the gradient.
  dampening: numberOption('[0, 1]', 0, 'the share of the gradient held back from the momentum buffer'),
  nesterov: booleanOption(false, 'Nesterov momentum: step along g + momentum·b (needs momentum > 0 and dampening = 0)'),
  weightDecay,
});

/** rmspropStep's options: torch.optim.RMSprop. */
export const RMSPROP_OPTIONS = Object.freeze({
  lr: lr(0.01),
  // PyTorch checks only alpha >= 0; above 1 the average would weigh g² negatively.
  alpha: numberOption('[0, 1]', 0.99, 'smoothing constant: v = alpha·v + (1 − alpha)·g²'),
  eps: numberOption('[0, inf)', 1e-8, 'added to the denominator for numerical stability'),
  weightDecay,
  momentum: SGD_OPTIONS.momentum,
  centered: booleanOption(false, 'divide by the estimated variance √(v − ḡ²) instead of √v'),
});

/** adamStep's options: torch.optim.Adam (adamStep's `decoupled` flag, AdamW, is not a user option). */
export const ADAM_OPTIONS = Object.freeze({
  lr: lr(0.001),
  beta1: numberOption('[0, 1)', 0.9, 'decay of the running mean of g (betas[0])'),
  beta2: numberOption('[0, 1)', 0.999, 'decay of the running mean of g² (betas[1])'),
  eps: withDefault(RMSPROP_OPTIONS.eps, 1e-8),
  weightDecay,
});

/** adagradStep's options: torch.optim.Adagrad, less the accumulator's start, which the kernel never sees. */
export const ADAGRAD_STEP_OPTIONS = Object.freeze({
  lr: lr(0.01),
  lrDecay: numberOption('[0, inf)', 0, 'the rate at step t is lr / (1 + (t − 1)·lrDecay) (lr_decay)'),
  eps: withDefault(RMSPROP_OPTIONS.eps, 1e-10),
  weightDecay,
});

export const ADAGRAD_OPTIONS = Object.freeze({
  ...ADAGRAD_STEP_OPTIONS,
  initialAccumulatorValue: numberOption('[0, inf)', 0, 'the starting value of the sum of squared gradients (initial_accumulator_value)'),
});

/** AdamW: Adam with decoupled weight decay, whose default is 0.01 as in torch.optim.AdamW. */
export const ADAMW_OPTIONS = Object.freeze({ ...ADAM_OPTIONS, weightDecay: withDefault(ADAM_OPTIONS.weightDecay, 0.01) });

/** Applied to the gradients before any optimizer's step (Keras' clipnorm and clipvalue); 0 is off. */
export const CLIPPING_OPTIONS = Object.freeze({
  clipNorm: numberOption('[0, inf)', 0, 'scale the gradients so their global L2 norm is at most this (0: off)'),
  clipValue: numberOption('[0, inf)', 0, 'clamp every gradient to [−clipValue, clipValue] (0: off)'),
});

const MOMENTUM_SGD = Object.freeze({ ...SGD_OPTIONS, momentum: withDefault(SGD_OPTIONS.momentum, 0.9) });

/** What each optimizer name accepts, with its defaults. */
export const OPTIMIZER_OPTIONS: Readonly<Record<OptimizerName, OptionTable>> = Object.freeze({
  sgd: { ...SGD_OPTIONS, ...CLIPPING_OPTIONS },
  momentum: { ...MOMENTUM_SGD, ...CLIPPING_OPTIONS },
  nesterov: { ...MOMENTUM_SGD, nesterov: withDefault(SGD_OPTIONS.nesterov, true), ...CLIPPING_OPTIONS },
  rmsprop: { ...RMSPROP_OPTIONS, ...CLIPPING_OPTIONS },
  adam: { ...ADAM_OPTIONS, ...CLIPPING_OPTIONS },
  adamw: { ...ADAMW_OPTIONS, ...CLIPPING_OPTIONS },
  adagrad: { ...ADAGRAD_OPTIONS, ...CLIPPING_OPTIONS },
});

/** One rule that ties two options together, as torch.optim.SGD raises it. */
export const NESTEROV_RULE = {
  momentum: '> 0 for Nesterov momentum',
  dampening: '0 for Nesterov momentum',
} as const;

/** The option of a Nesterov spec that breaks NESTEROV_RULE, if any. */
export function nesterovProblem(momentum: number, dampening: number): 'momentum' | 'dampening' | undefined {
  if (!(momentum > 0)) return 'momentum';
  if (dampening !== 0) return 'dampening';
  return undefined;
}

/** Every option any optimizer takes, each with one rule wherever it appears (the config's optimizer fields). */
export const ALL_OPTIMIZER_OPTIONS = Object.freeze({ ...SGD_OPTIONS, ...RMSPROP_OPTIONS, ...ADAM_OPTIONS, ...ADAGRAD_OPTIONS, ...CLIPPING_OPTIONS });

/** Options that two optimizers declare with different rules, as `key: rule / rule` (none: one config field can serve both). */
export function conflictingOptionRules(): string[] {
  const conflicts: string[] = [];
  for (const table of Object.values(OPTIMIZER_OPTIONS)) {
    for (const [key, option] of Object.entries(table)) {
      const shared = (ALL_OPTIMIZER_OPTIONS as OptionTable)[key];
      if (shared === undefined || shared.rule.text !== option.rule.text) conflicts.push(`${key}: ${shared?.rule.text} / ${option.rule.text}`);
    }
  }
  return conflicts;
}
