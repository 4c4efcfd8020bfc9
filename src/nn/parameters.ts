// Where each layer's parameters live in the one flat buffer: W(l) (out × in, as
// torch.nn.Linear), then b(l), then — for PReLU layers — the per-unit slopes. Gradients and
// optimizer state use the same layout, so an optimizer step is one kernel call over everything.
import type { ResolvedConfig } from './config.ts';

export interface LayerLayout {
  inputs: number;
  units: number;
  weights: number;
  bias: number;
  /** Offset of the PReLU slopes, or -1. */
  slopes: number;
}

export interface ParameterLayout {
  layers: LayerLayout[];
  total: number;
}

export function parameterLayout(config: ResolvedConfig): ParameterLayout {
  let offset = 0;
  const layers = config.layers.map((layer): LayerLayout => {
    const weights = offset;
    offset += layer.units * layer.inputs;
    const bias = offset;
    offset += layer.units;
    let slopes = -1;
    if (layer.activation === 'prelu') {
      slopes = offset;
      offset += layer.units;
    }
    return { inputs: layer.inputs, units: layer.units, weights, bias, slopes };
  });
  return { layers, total: offset };
}

/** Views of one layer's parts inside a flat buffer (parameters or gradients); no copies. */
export interface LayerViews {
  weights: Float32Array;
  bias: Float32Array;
  slopes: Float32Array | undefined;
}

export function layerViews(layout: ParameterLayout, flat: Float32Array): LayerViews[] {
  return layout.layers.map((l) => ({
    weights: flat.subarray(l.weights, l.weights + l.units * l.inputs),
    bias: flat.subarray(l.bias, l.bias + l.units),
    slopes: l.slopes >= 0 ? flat.subarray(l.slopes, l.slopes + l.units) : undefined,
  }));
}
