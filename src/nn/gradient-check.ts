// Gradient checking: central finite differences of the float64 reference loss, against the
// backend's float32 backprop and against the float64 backprop. The error of each parameter
// block (a layer's W, b, slopes, γ, β or projection) is ‖g − n‖ / max(‖g‖, ‖n‖, floor), the
// usual vector form, which stays meaningful where single entries are near zero. The floor is a
// thousandth of the whole gradient's norm, so a block whose true gradient is zero (a bias
// followed by batch norm) is judged on the network's scale rather than on rounding noise.
import { toFeatures, toTargets, type FeaturesInput, type TargetsInput } from './inputs.ts';
import type { MLP } from './mlp.ts';
import { parameterLayout } from './parameters.ts';
import { referenceGradients, referenceLoss, type ReferenceBatch } from './reference-network.ts';

export interface GradientCheckOptions {
  /** Step of the central difference, in float64. Default 1e-6. */
  epsilon?: number;
}

export interface GradientBlockError {
  /** e.g. "layers[1].weights" */
  name: string;
  /** The backend's (float32) gradient against finite differences. */
  backend: number;
  /** The float64 backprop against finite differences. */
  reference: number;
}

export interface GradientCheckResult {
  loss: number;
  blocks: GradientBlockError[];
  maxBackendError: number;
  maxReferenceError: number;
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number, floor: number): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let i = from; i < to; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor, 1e-12);
}

/** Checks every parameter's gradient; costs two float64 forward passes per parameter (small nets). */
export function gradientCheck(model: MLP, x: FeaturesInput, y: TargetsInput, options: GradientCheckOptions = {}): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-6;
  const features = toFeatures(x, model.inputs);
  const targets = toTargets(y, features.rows, model.outputs, model.config.loss);
  const batch: ReferenceBatch = {
    x: Float64Array.from(features.data),
    rows: features.rows,
    kind: targets.kind,
    labels: targets.labels,
    targets: Float64Array.from(targets.targets),
  };
  // Training mode: batch norm uses batch statistics, and dropout draws masks that the float64
  // reference then reuses (the check is for a fixed mask).
  const { loss, gradients } = model.computeGradients(x, y);
  const ws = model.workspace(features.rows);
  if (ws.xMask) batch.inputMask = Float64Array.from(ws.xMask.subarray(0, features.rows * model.inputs));
  batch.masks = ws.layers.map((buffers, l) => (buffers.mask ? Float64Array.from(buffers.mask.subarray(0, features.rows * model.config.layers[l]!.units)) : undefined));
  const params = Float64Array.from(model.parameters);
  const reference = referenceGradients(model.config, params, batch).grads;
  const numeric = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const saved = params[i]!;
    params[i] = saved + epsilon;
    const plus = referenceLoss(model.config, params, batch);
    params[i] = saved - epsilon;
    const minus = referenceLoss(model.config, params, batch);
    params[i] = saved;
    numeric[i] = (plus - minus) / (2 * epsilon);
  }
  const layout = parameterLayout(model.config);
  const floor = 1e-3 * Math.sqrt(numeric.reduce((sum, v) => sum + v * v, 0));
  const flatBackend = new Float64Array(params.length);
  const blocks: GradientBlockError[] = [];
  layout.layers.forEach((layer, l) => {
    const g = gradients[l]!;
    const parts: [string, number, Float32Array | undefined][] = [
      ['weights', layer.weights, g.weights],
      ['bias', layer.bias, g.bias],
      ['slopes', layer.slopes, g.slopes],
      ['gamma', layer.gamma, g.gamma],
      ['beta', layer.beta, g.beta],
      ['projection', layer.projection, g.projection],
    ];
    for (const [part, offset, values] of parts) {
      if (offset < 0 || !values) continue;
      flatBackend.set(values, offset);
      const end = offset + values.length;
      blocks.push({
        name: `layers[${l}].${part}`,
        backend: relativeError(flatBackend, numeric, offset, end, floor),
        reference: relativeError(reference, numeric, offset, end, floor),
      });
    }
  });
  return {
    loss,
    blocks,
    maxBackendError: Math.max(...blocks.map((b) => b.backend)),
    maxReferenceError: Math.max(...blocks.map((b) => b.reference)),
  };
}
