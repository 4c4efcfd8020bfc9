// Where each layer's parameters live in the one flat buffer: W(l) (out × in, as
// torch.nn.Linear), b(l), then — when the layer has them — the PReLU slopes, the batch-norm
// γ and β, and the residual projection P (out × in). Gradients and optimizer state use the
// same layout, so an optimizer step is one kernel call over everything. Batch norm's running
// mean and variance are state, not parameters: they live in a second flat buffer.
import type { ResolvedConfig } from './config.ts';

export interface LayerLayout {
  inputs: number;
  units: number;
  weights: number;
  bias: number;
  /** Offsets of the optional parts, or -1. */
  slopes: number;
  gamma: number;
  beta: number;
  projection: number;
  /** Offsets into the state buffer (batch-norm running statistics), or -1. */
  runningMean: number;
  runningVar: number;
}

export interface ParameterLayout {
  layers: LayerLayout[];
  total: number;
  /** Length of the state buffer. */
  stateTotal: number;
}

export function parameterLayout(config: ResolvedConfig): ParameterLayout {
  let offset = 0;
  let state = 0;
  const take = (length: number) => {
    const start = offset;
    offset += length;
    return start;
  };
  const layers = config.layers.map((layer): LayerLayout => {
    const weights = take(layer.units * layer.inputs);
    const bias = take(layer.units);
    const slopes = layer.activation === 'prelu' ? take(layer.units) : -1;
    const gamma = layer.batchNorm ? take(layer.units) : -1;
    const beta = layer.batchNorm ? take(layer.units) : -1;
    const projection = layer.residual && layer.units !== layer.inputs ? take(layer.units * layer.inputs) : -1;
    let runningMean = -1;
    let runningVar = -1;
    if (layer.batchNorm) {
      runningMean = state;
      runningVar = state + layer.units;
      state += 2 * layer.units;
    }
    return { inputs: layer.inputs, units: layer.units, weights, bias, slopes, gamma, beta, projection, runningMean, runningVar };
  });
  return { layers, total: offset, stateTotal: state };
}

/** Views of one layer's parts inside a flat buffer (parameters or gradients); no copies. */
export interface LayerViews {
  weights: Float32Array;
  bias: Float32Array;
  slopes: Float32Array | undefined;
  gamma: Float32Array | undefined;
  beta: Float32Array | undefined;
  projection: Float32Array | undefined;
}

export function layerViews(layout: ParameterLayout, flat: Float32Array): LayerViews[] {
  // Stryker disable next-line EqualityOperator: an optional part never starts at 0, where the weights are
  const view = (offset: number, length: number) => (offset >= 0 ? flat.subarray(offset, offset + length) : undefined);
  return layout.layers.map((l) => ({
    weights: flat.subarray(l.weights, l.weights + l.units * l.inputs),
    bias: flat.subarray(l.bias, l.bias + l.units),
    slopes: view(l.slopes, l.units),
    gamma: view(l.gamma, l.units),
    beta: view(l.beta, l.units),
    projection: view(l.projection, l.units * l.inputs),
  }));
}

/** The named parameter blocks of a layer, in layout order (for reports and gradient checks). */
export const PARAMETER_PARTS = ['weights', 'bias', 'slopes', 'gamma', 'beta', 'projection'] as const;
