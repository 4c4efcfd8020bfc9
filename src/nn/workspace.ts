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

/**
 * A workspace for `capacity` rows; with `stackScratchPerRow` (Network.stackScratchPerRow) its
 * stackScratch is allocated now, so views of it (viewWorkspace) share one.
 */
export function createWorkspace(backend: Backend, config: ResolvedConfig, capacity: number, stackScratchPerRow = 0): Workspace {
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
    ...(stackScratchPerRow > 0 ? { stackScratch: backend.allocate(capacity * stackScratchPerRow) } : {}),
  };
}

/** The floats createWorkspace allocates per row of capacity (labels count as one), so a caller can bound a workspace before making it. */
export function workspaceRowFloats(config: ResolvedConfig, stackScratchPerRow = 0): number {
  const outputs = config.layers[config.layers.length - 1]!.units;
  let floats = config.inputs * (config.inputDropout > 0 ? 3 : 1) + 1 + outputs + stackScratchPerRow;
  for (const layer of config.layers) {
    // z, dOut and dZ always; the rest as createWorkspace decides.
    let perUnit = 3;
    if (layer.batchNorm) perUnit += 3;
    if (layer.activation !== 'linear') perUnit += 1;
    if (layer.residual || layer.dropout > 0) perUnit += 1;
    if (layer.dropout > 0) perUnit += 1;
    floats += perUnit * layer.units;
  }
  return floats;
}

/**
 * The first `capacity` rows of `base` as a workspace of their own, sharing its memory. Arrays
 * that alias in base (a = z for linear layers, out = a) alias in the view too, as Network
 * relies on. Whole-buffer copies in Network then cover `capacity` rows, not base's.
 */
export function viewWorkspace(base: Workspace, capacity: number): Workspace {
  const views = new Map<Float32Array, Float32Array>();
  const rows = (array: Float32Array): Float32Array => {
    let view = views.get(array);
    if (!view) {
      view = array.subarray(0, (array.length / base.capacity) * capacity);
      views.set(array, view);
    }
    return view;
  };
  const layers = base.layers.map((layer): LayerBuffers => ({
    z: rows(layer.z),
    ...(layer.xhat ? { xhat: rows(layer.xhat), mean: layer.mean!, invStd: layer.invStd!, normalized: rows(layer.normalized!), dNormalized: rows(layer.dNormalized!) } : {}),
    a: rows(layer.a),
    out: rows(layer.out),
    ...(layer.mask ? { mask: rows(layer.mask) } : {}),
    dOut: rows(layer.dOut),
    dZ: rows(layer.dZ),
  }));
  return {
    capacity,
    x: rows(base.x),
    ...(base.xDropped ? { xDropped: rows(base.xDropped), xMask: rows(base.xMask!) } : {}),
    layers,
    labels: base.labels.subarray(0, capacity),
    targets: rows(base.targets),
    result: base.result,
    ...(base.stackScratch ? { stackScratch: rows(base.stackScratch) } : {}),
  };
}

/** Returns every buffer of a workspace made by createWorkspace (not a view) to the backend, each once. */
export function releaseWorkspace(backend: Backend, ws: Workspace): void {
  const arrays = new Set<Float32Array | Int32Array>([ws.x, ws.labels, ws.targets]);
  if (ws.xDropped) arrays.add(ws.xDropped).add(ws.xMask!);
  if (ws.stackScratch) arrays.add(ws.stackScratch);
  for (const layer of ws.layers) {
    for (const array of [layer.z, layer.xhat, layer.mean, layer.invStd, layer.normalized, layer.dNormalized, layer.a, layer.out, layer.mask, layer.dOut, layer.dZ]) {
      if (array) arrays.add(array);
    }
  }
  for (const array of arrays) backend.release(array);
}
