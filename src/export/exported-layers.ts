// What every exporter reads from a model: each layer's parts in inference order (dense, batch
// norm with its running statistics, activation, residual sum) and the input scaler as an
// affine map per feature. Checked once here, so each format only maps these to its own ops.
import { rangeError, typeError } from '../errors.ts';
import { MinMaxScaler, StandardScaler } from '../data/index.ts';
import type { Activation } from '../nn/activations.ts';
import { MLP } from '../nn/mlp.ts';
import type { Scaler } from '../nn/model-file.ts';

export interface ExportedLayer {
  inputs: number;
  units: number;
  /** units × inputs, row-major (torch.nn.Linear's layout). */
  weights: Float32Array;
  bias: Float32Array;
  /** Batch norm on W·x + b, before the activation, with the running statistics inference uses. */
  batchNorm?: { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; eps: number; momentum: number };
  activation: Activation;
  /** leakyRelu's slope or elu's α. */
  alpha?: number;
  /** PReLU's slope per unit. */
  slopes?: Float32Array;
  /** out = g(…) + x, or + P·x with P (units × inputs) when the widths differ. */
  residual?: { projection?: Float32Array };
}

/** The scaler as the map it applies, in its own double precision: (x − mean) / scale, or x · scale + min. */
export type ExportedScaler =
  | { kind: 'standard'; mean: Float64Array; scale: Float64Array }
  | { kind: 'minMax'; scale: Float64Array; min: Float64Array };

export interface ExportOptions {
  /** The scaler the model was trained behind (loadModel returns it): the export then takes raw features. */
  scaler?: Scaler;
}

export function exportedLayers(model: MLP, caller: string): ExportedLayer[] {
  if (!(model instanceof MLP)) throw typeError(`${caller}(model)`, 'an MLP', model);
  // A diverged model would export as a file that answers NaN: refuse it, as loadModel refuses such a file.
  const stateFinite = model.state.subarray(0, model.layout.stateTotal).every(Number.isFinite);
  if (!model.parametersFinite() || !stateFinite) {
    throw new RangeError(`${caller}(model) must have finite weights and batch-norm statistics, got NaN or infinite ${stateFinite ? 'weights' : 'running statistics'} (the model diverged)`);
  }
  const weights = model.getWeights();
  return model.config.layers.map((layer, l): ExportedLayer => {
    const w = weights[l]!;
    const layout = model.layout.layers[l]!;
    const exported: ExportedLayer = { inputs: layer.inputs, units: layer.units, weights: w.weights, bias: w.bias, activation: layer.activation };
    if (layer.batchNorm) {
      exported.batchNorm = {
        gamma: w.gamma!,
        beta: w.beta!,
        mean: model.state.slice(layout.runningMean, layout.runningMean + layer.units),
        variance: model.state.slice(layout.runningVar, layout.runningVar + layer.units),
        eps: layer.batchNorm.eps,
        momentum: layer.batchNorm.momentum,
      };
    }
    if (layer.alpha !== undefined) exported.alpha = layer.alpha;
    if (w.slopes) exported.slopes = w.slopes;
    if (layer.residual) exported.residual = w.projection ? { projection: w.projection } : {};
    return exported;
  });
}

export function exportedScaler(model: MLP, options: ExportOptions | undefined, caller: string): ExportedScaler | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) throw typeError(`${caller}(model, options)`, 'an object { scaler }', options);
  const scaler = options.scaler;
  if (scaler === undefined) return undefined;
  const field = `${caller}: options.scaler`;
  if (!(scaler instanceof StandardScaler) && !(scaler instanceof MinMaxScaler)) throw typeError(field, 'a fitted StandardScaler or MinMaxScaler', scaler);
  if (scaler.features === undefined) throw new TypeError(`${field} must be fitted (call fit(trainingData) first), got an unfitted ${scaler.constructor.name}`);
  if (scaler.features !== model.inputs) throw rangeError(`${field}.features`, `${model.inputs}, the model's inputs`, scaler.features);
  if (scaler instanceof StandardScaler) return { kind: 'standard', mean: scaler.mean!, scale: scaler.scale! };
  return { kind: 'minMax', scale: scaler.scale!, min: scaler.min! };
}
