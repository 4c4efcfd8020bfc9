// The model's configuration: what users write, validated into a resolved form with every
// default filled in. Errors name the exact field, the rule and the value.
import { rangeError, typeError } from '../errors.ts';
import { ACTIVATIONS, type Activation, defaultActivationParam, normalizeActivation } from './activations.ts';
import { INITIALIZERS, type Initializer, defaultInitializer } from './init.ts';
import { LOSSES, type Loss, REQUIRED_OUTPUT, defaultLoss, normalizeLoss } from './losses.ts';

export interface LayerConfig {
  units: number;
  /** Default 'relu' for hidden layers, 'linear' for the output layer. */
  activation?: Activation | string;
  /** leakyRelu's negative slope (default 0.01) or elu's α (default 1). */
  alpha?: number;
  /** Weight initialiser; the default suits the activation (He for ReLUs, Glorot otherwise). */
  init?: Initializer;
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
}

export interface ResolvedLayer {
  inputs: number;
  units: number;
  activation: Activation;
  alpha: number | undefined;
  init: Initializer;
}

export interface ResolvedConfig {
  inputs: number;
  layers: ResolvedLayer[];
  loss: Loss;
  seed: number;
}

/** Upper bounds that keep a hostile config or model file from asking for absurd memory. */
export const MAX_UNITS = 1 << 20;
export const MAX_LAYERS = 1024;
export const MAX_PARAMETERS = 1 << 28;

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
  let fanIn = inputs;
  let parameters = 0;
  const layers = config.layers.map((layer, index): ResolvedLayer => {
    const at = `layers[${index}]`;
    if (typeof layer !== 'object' || layer === null) throw typeError(at, 'an object { units, activation }', layer);
    const units = positiveInteger(`${at}.units`, layer.units, MAX_UNITS);
    const isOutput = index === config.layers.length - 1;
    const rawActivation = layer.activation ?? (isOutput ? 'linear' : 'relu');
    const activation = typeof rawActivation === 'string' ? normalizeActivation(rawActivation) : undefined;
    if (!activation) throw typeError(`${at}.activation`, `one of ${ACTIVATIONS.join(', ')}`, rawActivation);
    if (activation === 'softmax' && !isOutput) throw rangeError(`${at}.activation`, "'softmax' only on the output layer", activation);
    let alpha = defaultActivationParam(activation);
    if (layer.alpha !== undefined) {
      if (alpha === undefined) throw rangeError(`${at}.alpha`, `set only for leakyRelu or elu (the layer is ${activation})`, layer.alpha);
      if (typeof layer.alpha !== 'number' || !Number.isFinite(layer.alpha)) throw rangeError(`${at}.alpha`, 'a finite number', layer.alpha);
      alpha = layer.alpha;
    }
    const init = layer.init ?? defaultInitializer(activation);
    if (!INITIALIZERS.includes(init)) throw typeError(`${at}.init`, `one of ${INITIALIZERS.join(', ')}`, init);
    parameters += units * fanIn + units * (activation === 'prelu' ? 2 : 1);
    if (parameters > MAX_PARAMETERS) throw rangeError('layers', `at most ${MAX_PARAMETERS} parameters in all`, parameters);
    const resolved = { inputs: fanIn, units, activation, alpha, init };
    fanIn = units;
    return resolved;
  });
  const output = layers[layers.length - 1]!;
  const rawLoss = config.loss ?? defaultLoss(output.activation);
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
  if (loss === 'binaryCrossEntropy' || loss === 'categoricalCrossEntropy') {
    if (loss === 'categoricalCrossEntropy' && output.units < 2) throw rangeError(`layers[${layers.length - 1}].units`, 'at least 2 classes for categoricalCrossEntropy', output.units);
  }
  const seed = config.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw typeError('seed', 'an integer', seed);
  return { inputs, layers, loss, seed };
}

/** The plain-object form saved in model files (what resolveConfig reads back). */
export function configToJSON(config: ResolvedConfig): MLPConfig {
  return {
    inputs: config.inputs,
    layers: config.layers.map((l) => ({ units: l.units, activation: l.activation, ...(l.alpha !== undefined ? { alpha: l.alpha } : {}), init: l.init })),
    loss: config.loss,
    seed: config.seed,
  };
}
