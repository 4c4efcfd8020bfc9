// The MLP search space sampled with a trial's define-by-run API. The default covers the digits
// task of REFERENCE.md (lr, units, l2, batch, activation); layers 1–3 with per-layer units,
// dropout, the optimizer, input noise and mixup are opt-in. Whatever a space returns is checked by
// validateMlpHyperparameters before anything trains.
import { describeValue } from '../../errors.ts';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../nn/optimizers/index.ts';
import type { Trial } from '../trial.ts';

export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';

/** One trial's hyperparameters: plain data, so a worker thread can receive it. */
export interface MlpHyperparameters {
  lr: number;
  /** Units of each hidden layer (1 or more). */
  units: number[];
  l2: number;
  batchSize: number;
  activation: HiddenActivation;
  /** Dropout after each hidden layer (default 0). */
  dropout?: number;
  /** Default 'adam'. */
  optimizer?: OptimizerName;
  /** Gaussian input noise σ on the training batches (default 0). */
  noise?: number;
  /** mixup's α on the training batches (default 0). */
  mixup?: number;
}

/** Samples a trial's hyperparameters. */
export type MlpSpace = (trial: Trial) => Promise<MlpHyperparameters>;

export interface DefaultSpaceOptions {
  /** Number of hidden layers, [min, max] (default [1, 1]); with max > 1 each layer gets its own `units_l{i}`. */
  layers?: readonly [number, number];
  /** Also tune dropout in [0, max] (default: off). */
  maxDropout?: number;
  /** Also tune the optimizer among these (default: adam only, not a parameter). */
  optimizers?: readonly OptimizerName[];
  /** Also tune Gaussian input noise σ in [0, max] (default: off). */
  maxNoise?: number;
  /** Also tune mixup's α in [0, max] (default: off). */
  maxMixup?: number;
}

export const DEFAULT_UNITS = [16, 32, 64, 128, 256] as const;
export const DEFAULT_BATCH_SIZES = [16, 32, 64, 128] as const;
export const DEFAULT_ACTIVATIONS: readonly HiddenActivation[] = ['relu', 'tanh', 'sigmoid'];
const MAX_LAYERS = 3;

/** The default space (checks its options at once, not when the first trial samples). */
export function defaultMlpSpace(options: DefaultSpaceOptions = {}): MlpSpace {
  const [minLayers, maxLayers] = options.layers ?? [1, 1];
  if (!(Number.isInteger(minLayers) && Number.isInteger(maxLayers) && minLayers >= 1 && maxLayers <= MAX_LAYERS && minLayers <= maxLayers)) {
    throw new RangeError(`defaultMlpSpace: layers must be integers [min, max] with 1 <= min <= max <= ${MAX_LAYERS}, got ${describeValue(options.layers)}`);
  }
  const maxDropout = options.maxDropout;
  if (maxDropout !== undefined && !(typeof maxDropout === 'number' && maxDropout > 0 && maxDropout < 1)) {
    throw new RangeError(`defaultMlpSpace: maxDropout must be in (0, 1), got ${describeValue(maxDropout)}`);
  }
  const optimizers = options.optimizers;
  if (optimizers !== undefined && (!Array.isArray(optimizers) || optimizers.length === 0 || optimizers.some((o) => !OPTIMIZER_NAMES.includes(o)))) {
    throw new RangeError(`defaultMlpSpace: optimizers must be a non-empty array of ${OPTIMIZER_NAMES.join(', ')}, got ${describeValue(optimizers)}`);
  }
  for (const field of ['maxNoise', 'maxMixup'] as const) {
    const max = options[field];
    if (max !== undefined && !(typeof max === 'number' && max > 0 && Number.isFinite(max))) throw new RangeError(`defaultMlpSpace: ${field} must be a finite number > 0, got ${describeValue(max)}`);
  }
  return async (trial) => {
    const lr = await trial.suggestFloat('lr', 1e-4, 1e-1, { log: true });
    let units: number[];
    if (maxLayers === 1) {
      units = [await trial.suggestCategorical('units', DEFAULT_UNITS)];
    } else {
      const layers = minLayers === maxLayers ? minLayers : await trial.suggestInt('layers', minLayers, maxLayers);
      units = [];
      // Conditional: units_l2 exists only in trials with 3 layers.
      for (let l = 0; l < layers; l++) units.push(await trial.suggestCategorical(`units_l${l}`, DEFAULT_UNITS));
    }
    const l2 = await trial.suggestFloat('l2', 1e-6, 1e-1, { log: true });
    const batchSize = await trial.suggestCategorical('batch', DEFAULT_BATCH_SIZES);
    const activation = await trial.suggestCategorical('activation', DEFAULT_ACTIVATIONS);
    const hyper: MlpHyperparameters = { lr, units, l2, batchSize, activation };
    if (maxDropout !== undefined) hyper.dropout = await trial.suggestFloat('dropout', 0, maxDropout);
    if (optimizers !== undefined) hyper.optimizer = optimizers.length === 1 ? optimizers[0]! : await trial.suggestCategorical('optimizer', optimizers);
    if (options.maxNoise !== undefined) hyper.noise = await trial.suggestFloat('noise', 0, options.maxNoise);
    if (options.maxMixup !== undefined) hyper.mixup = await trial.suggestFloat('mixup', 0, options.maxMixup);
    return hyper;
  };
}

/** Checks what a space returned; returns it. */
export function validateMlpHyperparameters(value: unknown): MlpHyperparameters {
  const fail = (rule: string, got: unknown): never => {
    throw new RangeError(`mlpObjective: space must return ${rule}, got ${describeValue(got)}`);
  };
  if (value === null || typeof value !== 'object') return fail('an object of hyperparameters', value);
  const h = value as Record<string, unknown>;
  if (!(typeof h.lr === 'number' && h.lr > 0 && Number.isFinite(h.lr))) fail('lr > 0', h.lr);
  if (!Array.isArray(h.units) || h.units.length === 0 || h.units.some((u) => !(Number.isSafeInteger(u) && (u as number) >= 1))) fail('units as a non-empty array of positive integers', h.units);
  if (!(typeof h.l2 === 'number' && h.l2 >= 0 && Number.isFinite(h.l2))) fail('l2 >= 0', h.l2);
  if (!(Number.isSafeInteger(h.batchSize) && (h.batchSize as number) >= 1)) fail('batchSize as a positive integer', h.batchSize);
  if (!DEFAULT_ACTIVATIONS.includes(h.activation as HiddenActivation)) fail(`activation in ${DEFAULT_ACTIVATIONS.join(', ')}`, h.activation);
  if (h.dropout !== undefined && !(typeof h.dropout === 'number' && h.dropout >= 0 && h.dropout < 1)) fail('dropout in [0, 1)', h.dropout);
  if (h.optimizer !== undefined && !OPTIMIZER_NAMES.includes(h.optimizer as OptimizerName)) fail(`optimizer in ${OPTIMIZER_NAMES.join(', ')}`, h.optimizer);
  for (const field of ['noise', 'mixup'] as const) {
    const v = h[field];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) fail(`${field} >= 0`, v);
  }
  return h as unknown as MlpHyperparameters;
}
