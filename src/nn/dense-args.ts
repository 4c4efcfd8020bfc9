// A dense layer's kernel arguments, one object per layer and direction that every step reuses:
// what never changes (shapes, parameters, gradients, activation) is filled in once here, and a
// step sets only the rows and the workspace's arrays, so passing them allocates nothing.
import type { DenseBackwardArgs, DenseForwardArgs } from '../backend/backend.ts';
import type { LayerActivation } from '../backend/kernel-codes.ts';
import type { ResolvedLayer } from './config.ts';
import type { LayerViews } from './parameters.ts';

const NO_ARRAY = new Float32Array(0);

/** param is stored over an undefined first, so V8 keeps that field tagged and a number in it is boxed once, here. */
export function denseForwardArgs(layer: ResolvedLayer, p: LayerViews, activation: LayerActivation, param: number | Float32Array | undefined): DenseForwardArgs {
  const args: DenseForwardArgs = {
    rows: 0, inputs: layer.inputs, units: layer.units, x: NO_ARRAY, weights: p.weights, bias: p.bias, z: NO_ARRAY, a: NO_ARRAY, activation, param: undefined,
  };
  args.param = param;
  return args;
}

/** As denseForwardArgs, for the backward direction. */
export function denseBackwardArgs(layer: ResolvedLayer, p: LayerViews, g: LayerViews, activation: LayerActivation, param: number | Float32Array | undefined): DenseBackwardArgs {
  const args: DenseBackwardArgs = {
    rows: 0, inputs: layer.inputs, units: layer.units, x: NO_ARRAY, weights: p.weights, z: NO_ARRAY, a: NO_ARRAY, dA: null, dZ: NO_ARRAY,
    dWeights: g.weights, dBias: g.bias, dX: null, activation, param: undefined, dSlopes: g.slopes,
  };
  args.param = param;
  return args;
}
