// A batch-norm layer's kernel arguments, one object per layer and direction that every step
// reuses: the parameters, running statistics and options are filled in once here, and a step
// sets only the rows, the workspace's arrays and the mode, so passing them allocates nothing.
import type { BatchNormBackwardArgs, BatchNormForwardArgs } from '../backend/backend.ts';
import type { LayerBuffers } from './workspace.ts';

const NO_ARRAY = new Float32Array(0);

export interface BatchNormLayer {
  units: number;
  gamma: Float32Array;
  beta: Float32Array;
  dGamma: Float32Array;
  dBeta: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
  momentum: number | undefined;
  eps: number | undefined;
}

export interface BatchNormArgs {
  forward: BatchNormForwardArgs;
  backward: BatchNormBackwardArgs;
}

export function batchNormArgs(layer: BatchNormLayer): BatchNormArgs {
  const forward: BatchNormForwardArgs = {
    rows: 0, cols: layer.units, x: NO_ARRAY, gamma: layer.gamma, beta: layer.beta, runningMean: layer.runningMean, runningVar: layer.runningVar,
    // Stryker disable next-line BooleanLiteral: setBatchNormForward sets training before every call
    mean: NO_ARRAY, invStd: NO_ARRAY, xhat: NO_ARRAY, y: NO_ARRAY, training: false, momentum: undefined, eps: undefined,
  };
  // Stored over an undefined first, so V8 keeps the fields tagged and each number is boxed once, here.
  forward.momentum = layer.momentum;
  forward.eps = layer.eps;
  const backward: BatchNormBackwardArgs = {
    rows: 0, cols: layer.units, dy: NO_ARRAY, xhat: NO_ARRAY, gamma: layer.gamma, invStd: NO_ARRAY, dx: NO_ARRAY, dGamma: layer.dGamma, dBeta: layer.dBeta,
  };
  return { forward, backward };
}

/** Points the forward arguments at this step's rows and buffers: x is the dense output z, y the normalised output. */
export function setBatchNormForward(args: BatchNormForwardArgs, rows: number, buffers: LayerBuffers, training: boolean): BatchNormForwardArgs {
  args.rows = rows;
  args.x = buffers.z;
  args.mean = buffers.mean!;
  args.invStd = buffers.invStd!;
  args.xhat = buffers.xhat!;
  args.y = buffers.normalized!;
  args.training = training;
  return args;
}

/** Points the backward arguments at this step's rows and buffers: ∂E/∂y in, ∂E/∂z (the dense part's dZ) out. */
export function setBatchNormBackward(args: BatchNormBackwardArgs, rows: number, buffers: LayerBuffers): BatchNormBackwardArgs {
  args.rows = rows;
  args.dy = buffers.dNormalized!;
  args.xhat = buffers.xhat!;
  args.invStd = buffers.invStd!;
  args.dx = buffers.dZ;
  return args;
}
