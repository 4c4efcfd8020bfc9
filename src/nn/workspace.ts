// Activations for one batch size, allocated once on the backend and reused by every step:
// the per-step path allocates nothing.
import type { Backend } from '../backend/backend.ts';
import type { ResolvedConfig } from './config.ts';

export interface Workspace {
  /** The most rows a step may use. */
  capacity: number;
  /** The batch's inputs, rows × inputs. */
  x: Float32Array;
  /** Per layer: pre-activations z, activations a (the same array for linear layers). */
  z: Float32Array[];
  a: Float32Array[];
  /** Per layer: ∂E/∂z, and ∂E/∂a written by the layer above (unused for the output layer unless MSE). */
  dZ: Float32Array[];
  dA: Float32Array[];
  /** Class labels (categorical cross-entropy with indices) or float targets. */
  labels: Int32Array;
  targets: Float32Array;
  /** The loss lands in result[0]. */
  result: Float64Array;
}

export function createWorkspace(backend: Backend, config: ResolvedConfig, capacity: number): Workspace {
  const outputs = config.layers[config.layers.length - 1]!.units;
  const z: Float32Array[] = [];
  const a: Float32Array[] = [];
  const dZ: Float32Array[] = [];
  const dA: Float32Array[] = [];
  for (const layer of config.layers) {
    const size = capacity * layer.units;
    const pre = backend.allocate(size);
    z.push(pre);
    a.push(layer.activation === 'linear' ? pre : backend.allocate(size));
    dZ.push(backend.allocate(size));
    dA.push(backend.allocate(size));
  }
  return {
    capacity,
    x: backend.allocate(capacity * config.inputs),
    z,
    a,
    dZ,
    dA,
    labels: backend.allocateInt32(capacity),
    targets: backend.allocate(capacity * outputs),
    result: new Float64Array(1),
  };
}

export function releaseWorkspace(backend: Backend, ws: Workspace): void {
  const seen = new Set<Float32Array>();
  for (const array of [ws.x, ws.targets, ...ws.z, ...ws.a, ...ws.dZ, ...ws.dA]) {
    if (seen.has(array)) continue;
    seen.add(array);
    backend.release(array);
  }
  backend.release(ws.labels);
}
