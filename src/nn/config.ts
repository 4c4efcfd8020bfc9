// The model's configuration: what users write, validated into a resolved form with every
// default filled in. Errors name the exact field, the rule and the value; the numeric options'
// rules and defaults are layer-options.ts', which the config schema is built from too.
import { checkOption, optionValue } from '../backend/option-rule.ts';
import { rangeError, typeError } from '../errors.ts';
import { ACTIVATIONS, type Activation, defaultActivationParam, normalizeActivation } from './activations.ts';
import { INITIALIZERS, type Initializer, defaultInitializer } from './init.ts';
import { BATCH_NORM_OPTIONS, INPUT_DROPOUT, LAYER_OPTIONS, REGULARIZATION_OPTIONS } from './layer-options.ts';
import { LOSSES, type Loss, REQUIRED_OUTPUT, defaultLoss, normalizeLoss } from './losses.ts';

export interface LayerConfig {
  units: number;
  /** Default 'relu' for hidden layers, 'linear' for the output layer. */
  activation?: Activation | string;
  /** leakyRelu's negative slope (default 0.01) or elu's α (default 1). */
  alpha?: number;
  /** Weight initialiser; the default suits the activation (He for ReLUs, Glorot otherwise). */
  init?: Initializer;
  /** L1 penalty λ·Σ|W| on this layer's weights (not biases), added to the loss. Default: config.regularization.l1 or 0. */
  l1?: number;
  /** L2 penalty λ·ΣW² on this layer's weights (Keras convention), added to the loss. Default: config.regularization.l2 or 0. */
  l2?: number;
  /** Inverted dropout on this layer's output during training, rate in [0, 1). Hidden layers only. */
  dropout?: number;
  /** Batch normalisation between the dense product and the activation. Hidden layers only. */
  batchNorm?: boolean | { momentum?: number; eps?: number };
  /** A residual layer: output = g(W·x + b) + x, with a learnt projection P·x when the widths differ. Hidden layers only. */
  residual?: boolean;
}

export interface BatchNormConfig {
  momentum: number;
  eps: number;
}

export interface MLPConfig {
  /** Number of input features. */
  inputs: number;
  /** Hidden layers and, last, the output layer. */
  layers: LayerConfig[];
  /** Default: categoricalCrossEntropy after softmax, binaryCrossEntropy after sigmoid, else mse. */
  loss?: Loss | string;
  /** Seeds the initial weights (and, unless fit says otherwise, the shuffling). Default 0. */
  seed?: number;
  /** Defaults for every layer's l1 and l2. */
  regularization?: { l1?: number; l2?: number };
  /** Inverted dropout on the inputs during training, rate in [0, 1). */
  inputDropout?: number;
}

export interface ResolvedLayer {
  inputs: number;
  units: number;
  activation: Activation;
  alpha: number | undefined;
  init: Initializer;
  l1: number;
  l2: number;
  dropout: number;
  batchNorm: BatchNormConfig | undefined;
  residual: boolean;
}

export interface ResolvedConfig {
  inputs: number;
  layers: ResolvedLayer[];
  loss: Loss;
  inputDropout: number;
  seed: number;
}

/** Upper bounds that keep a hostile config or model file from asking for absurd memory. */
export const MAX_UNITS = 1 << 20;
export const MAX_LAYERS = 1024;
export const MAX_PARAMETERS = 1 << 28;

function batchNormConfig(field: string, value: LayerConfig['batchNorm']): BatchNormConfig | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { momentum: BATCH_NORM_OPTIONS.momentum.default!, eps: BATCH_NORM_OPTIONS.eps.default! };
  if (typeof value !== 'object' || value === null) throw typeError(field, 'a boolean or { momentum, eps }', value);
  const momentum = optionValue(`${field}.momentum`, BATCH_NORM_OPTIONS.momentum, value.momentum);
  const eps = optionValue(`${field}.eps`, BATCH_NORM_OPTIONS.eps, value.eps);
  return { momentum, eps };
}

function positiveInteger(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number') throw typeError(field, 'a positive integer', value);
  if (!Number.isInteger(value) || value < 1) throw rangeError(field, 'a positive integer', value);
  if (value > max) throw rangeError(field, `at most ${max}`, value);
  return value;
}

export function resolveConfig(config: MLPConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw typeError('config', 'an object', config);
  const inputs = positiveInteger('inputs', config.inputs, MAX_UNITS);
  if (!Array.isArray(config.layers)) throw typeError('layers', 'an array of { units, activation }', config.layers);
  if (config.layers.length === 0) throw rangeError('layers', 'a non-empty array (at least the output layer)', config.layers);
  if (config.layers.length > MAX_LAYERS) throw rangeError('layers.length', `at most ${MAX_LAYERS}`, config.layers.length);
  const regularization = config.regularization ?? {};
  // `?? {}` has already replaced a null.
  if (typeof regularization !== 'object') throw typeError('regularization', 'an object { l1, l2 }', regularization);
  const defaultL1 = optionValue('regularization.l1', REGULARIZATION_OPTIONS.l1, regularization.l1);
  const defaultL2 = optionValue('regularization.l2', REGULARIZATION_OPTIONS.l2, regularization.l2);
  const inputDropout = optionValue('inputDropout', INPUT_DROPOUT, config.inputDropout);
  let fanIn = inputs;
  let parameters = 0;
  const layers = config.layers.map((layer, index): ResolvedLayer => {
    const at = `layers[${index}]`;
    if (typeof layer !== 'object' || layer === null) throw typeError(at, 'an object { units, activation }', layer);
    const units = positiveInteger(`${at}.units`, layer.units, MAX_UNITS);
    const isOutput = index === config.layers.length - 1;
    const rawActivation = layer.activation ?? (isOutput ? 'linear' : 'relu');
    // Stryker disable next-line ConditionalExpression: normalizeActivation finds no name for a non-string either (the types ask for the check)
    const activation = typeof rawActivation === 'string' ? normalizeActivation(rawActivation) : undefined;
    if (!activation) throw typeError(`${at}.activation`, `one of ${ACTIVATIONS.join(', ')}`, rawActivation);
    if (activation === 'softmax' && !isOutput) throw rangeError(`${at}.activation`, "'softmax' only on the output layer", activation);
    let alpha = defaultActivationParam(activation);
    if (layer.alpha !== undefined) {
      if (alpha === undefined) throw rangeError(`${at}.alpha`, `set only for leakyRelu or elu (the layer is ${activation})`, layer.alpha);
      alpha = optionValue(`${at}.alpha`, LAYER_OPTIONS.alpha, layer.alpha);
    }
    const init = layer.init ?? defaultInitializer(activation);
    if (!INITIALIZERS.includes(init)) throw typeError(`${at}.init`, `one of ${INITIALIZERS.join(', ')}`, init);
    const l1 = checkOption(`${at}.l1`, LAYER_OPTIONS.l1, layer.l1) ?? defaultL1;
    const l2 = checkOption(`${at}.l2`, LAYER_OPTIONS.l2, layer.l2) ?? defaultL2;
    const dropout = optionValue(`${at}.dropout`, LAYER_OPTIONS.dropout, layer.dropout);
    const batchNorm = batchNormConfig(`${at}.batchNorm`, layer.batchNorm);
    const residual = optionValue(`${at}.residual`, LAYER_OPTIONS.residual, layer.residual);
    if (isOutput && (dropout > 0 || batchNorm || residual)) {
      throw rangeError(at, 'free of dropout, batchNorm and residual (the output layer feeds the loss directly)', 'an output layer with them');
    }
    parameters += units * fanIn + units * (activation === 'prelu' ? 2 : 1) + (batchNorm ? 2 * units : 0) + (residual && units !== fanIn ? units * fanIn : 0);
    if (parameters > MAX_PARAMETERS) throw rangeError('layers', `at most ${MAX_PARAMETERS} parameters in all`, parameters);
    const resolved = { inputs: fanIn, units, activation, alpha, init, l1, l2, dropout, batchNorm, residual };
    fanIn = units;
    return resolved;
  });
  const output = layers[layers.length - 1]!;
  const rawLoss = config.loss ?? defaultLoss(output.activation);
  // Stryker disable next-line ConditionalExpression: normalizeLoss finds no name for a non-string either (the types ask for the check)
  const loss = typeof rawLoss === 'string' ? normalizeLoss(rawLoss) : undefined;
  if (!loss) throw typeError('loss', `one of ${LOSSES.join(', ')}`, rawLoss);
  const required = REQUIRED_OUTPUT[loss];
  if (required && output.activation !== required) {
    throw rangeError(
      `layers[${layers.length - 1}].activation`,
      `'${required}' for loss '${loss}' (it is computed from the logits, fused with the ${required}, for stability)`,
      output.activation,
    );
  }
  if (loss === 'categoricalCrossEntropy' && output.units < 2) throw rangeError(`layers[${layers.length - 1}].units`, 'at least 2 classes for categoricalCrossEntropy', output.units);
  const seed = config.seed ?? 0;
  if (!Number.isInteger(seed)) throw typeError('seed', 'an integer', seed);
  return { inputs, layers, loss, seed, inputDropout };
}

/** The plain-object form saved in model files (what resolveConfig reads back). */
export function configToJSON(config: ResolvedConfig): MLPConfig {
  return {
    inputs: config.inputs,
    layers: config.layers.map((l) => ({
      units: l.units,
      activation: l.activation,
      ...(l.alpha !== undefined ? { alpha: l.alpha } : {}),
      init: l.init,
      ...(l.l1 ? { l1: l.l1 } : {}),
      ...(l.l2 ? { l2: l.l2 } : {}),
      ...(l.dropout ? { dropout: l.dropout } : {}),
      ...(l.batchNorm ? { batchNorm: { ...l.batchNorm } } : {}),
      ...(l.residual ? { residual: true } : {}),
    })),
    loss: config.loss,
    seed: config.seed,
    ...(config.inputDropout ? { inputDropout: config.inputDropout } : {}),
  };
}
