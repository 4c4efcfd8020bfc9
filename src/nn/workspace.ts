// Activations for one batch size, allocated once on the backend and reused by every step:
// the per-step path allocates nothing.
import type { Backend } from '../backend/backend.ts';
import type { ResolvedConfig } from './config.ts';

export interface LayerBuffers {
  /** Dense output W·x + b. */
  z: Float32Array;
  /** Batch norm: normalised input x̂, per-unit mean and 1/σ, output y = γ·x̂ + β, and ∂E/∂y. */
  xhat?: Float32Array;
  mean?: Float32Array;
  invStd?: Float32Array;
  normalized?: Float32Array;
  dNormalized?: Float32Array;
  /** Activation output g(·) (the same array as the activation's input for linear layers). */
  a: Float32Array;
  /** What the layer hands upward: a, plus the residual, times the dropout mask (a itself when neither applies). */
  out: Float32Array;
  mask?: Float32Array;
  /** ∂E/∂out (from the layer above or the loss) and ∂E/∂z. */
  dOut: Float32Array;
  dZ: Float32Array;
}

export interface Workspace {
  /** The most rows a step may use. */
  capacity: number;
  /** The batch's inputs, rows × inputs, and the inputs after input dropout. */
  x: Float32Array;
  xDropped?: Float32Array;
  xMask?: Float32Array;
  layers: LayerBuffers[];
  /** Class labels (categorical cross-entropy with indices) or float targets. */
  labels: Int32Array;
  targets: Float32Array;
  /** The loss lands in result[0]; penalties and norms use result[1]. */
  result: Float64Array;
  /** Hidden activations of one-call inference (Network.predictInto), allocated by its first use. */
  stackScratch?: Float32Array;
}

export function createWorkspace(backend: Backend, config: ResolvedConfig, capacity: number): Workspace {
  const outputs = config.layers[config.layers.length - 1]!.units;
  const layers = config.layers.map((layer): LayerBuffers => {
    const size = capacity * layer.units;
    const z = backend.allocate(size);
    const bn = layer.batchNorm
      ? { xhat: backend.allocate(size), mean: backend.allocate(layer.units), invStd: backend.allocate(layer.units), normalized: backend.allocate(size), dNormalized: backend.allocate(size) }
      : {};
    const pre = bn.normalized ?? z;
    const a = layer.activation === 'linear' ? pre : backend.allocate(size);
    const separateOut = layer.residual || layer.dropout > 0;
    return {
      z,
      ...bn,
      a,
      out: separateOut ? backend.allocate(size) : a,
      ...(layer.dropout > 0 ? { mask: backend.allocate(size) } : {}),
      dOut: backend.allocate(size),
      dZ: backend.allocate(size),
    };
  });
  return {
    capacity,
    x: backend.allocate(capacity * config.inputs),
    ...(config.inputDropout > 0 ? { xDropped: backend.allocate(capacity * config.inputs), xMask: backend.allocate(capacity * config.inputs) } : {}),
    layers,
    labels: backend.allocateInt32(capacity),
    targets: backend.allocate(capacity * outputs),
    result: new Float64Array(2),
  };
}
