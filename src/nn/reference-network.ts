// A float64 network written the plain way — loops, no kernels, no workspace — for checking
// gradients and for teaching: the loss and its backpropagated gradients for the same
// architecture and parameter layout as the model, in double precision.
import { ACTIVATION_CODES } from '../backend/kernel-codes.ts';
import { activationDerivative, activationValue } from '../backend/js/activations.ts';
import { backendActivation } from './activations.ts';
import type { ResolvedConfig } from './config.ts';
import { parameterLayout, type ParameterLayout } from './parameters.ts';
import type { TargetKind } from './network.ts';

export interface ReferenceBatch {
  x: Float64Array;
  rows: number;
  kind: TargetKind;
  labels: Int32Array;
  targets: Float64Array;
}

interface Pass {
  z: Float64Array[];
  a: Float64Array[];
}

function forward(config: ResolvedConfig, layout: ParameterLayout, params: Float64Array, batch: ReferenceBatch): Pass {
  const z: Float64Array[] = [];
  const a: Float64Array[] = [];
  let input = batch.x;
  config.layers.forEach((layer, l) => {
    const { weights, bias, slopes } = layout.layers[l]!;
    const zl = new Float64Array(batch.rows * layer.units);
    const al = new Float64Array(batch.rows * layer.units);
    for (let i = 0; i < batch.rows; i++) {
      for (let j = 0; j < layer.units; j++) {
        let sum = params[bias + j]!;
        for (let p = 0; p < layer.inputs; p++) sum += params[weights + j * layer.inputs + p]! * input[i * layer.inputs + p]!;
        zl[i * layer.units + j] = sum;
      }
      const row = zl.subarray(i * layer.units, (i + 1) * layer.units);
      if (layer.activation === 'softmax') {
        const max = Math.max(...row);
        let total = 0;
        for (const v of row) total += Math.exp(v - max);
        row.forEach((v, j) => (al[i * layer.units + j] = Math.exp(v - max) / total));
      } else {
        row.forEach((v, j) => {
          al[i * layer.units + j] =
            layer.activation === 'prelu' ? (v > 0 ? v : params[slopes + j]! * v) : activationValue(ACTIVATION_CODES[backendActivation(layer.activation) as 'relu'], v, layer.alpha ?? 0);
        });
      }
    }
    z.push(zl);
    a.push(al);
    input = al;
  });
  return { z, a };
}

/** Mean loss over the batch, and ∂E/∂z of the output layer. */
function lossAndOutputGradient(config: ResolvedConfig, pass: Pass, batch: ReferenceBatch): { loss: number; dZ: Float64Array } {
  const last = config.layers.length - 1;
  const k = config.layers[last]!.units;
  const z = pass.z[last]!;
  const a = pass.a[last]!;
  const n = batch.rows;
  const dZ = new Float64Array(n * k);
  let loss = 0;
  const target = (i: number, j: number) => (batch.kind === 'labels' ? (batch.labels[i] === j ? 1 : 0) : batch.targets[i * k + j]!);
  if (config.loss === 'categoricalCrossEntropy') {
    for (let i = 0; i < n; i++) {
      const row = z.subarray(i * k, (i + 1) * k);
      const max = Math.max(...row);
      let total = 0;
      for (const v of row) total += Math.exp(v - max);
      const logSumExp = Math.log(total) + max;
      let mass = 0;
      for (let j = 0; j < k; j++) {
        mass += target(i, j);
        loss += target(i, j) * (logSumExp - row[j]!);
      }
      for (let j = 0; j < k; j++) dZ[i * k + j] = (a[i * k + j]! * mass - target(i, j)) / n;
    }
    return { loss: loss / n, dZ };
  }
  if (config.loss === 'binaryCrossEntropy') {
    for (let i = 0; i < n * k; i++) {
      const t = target(Math.floor(i / k), i % k);
      loss += Math.max(z[i]!, 0) - z[i]! * t + Math.log1p(Math.exp(-Math.abs(z[i]!)));
      dZ[i] = (a[i]! - t) / (n * k);
    }
    return { loss: loss / (n * k), dZ };
  }
  // MSE on the outputs, then back through the output activation.
  const code = ACTIVATION_CODES[backendActivation(config.layers[last]!.activation) as 'relu'];
  const dA = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) {
    const e = a[i]! - target(Math.floor(i / k), i % k);
    loss += e * e;
    dA[i] = (2 * e) / (n * k);
  }
  activationGradient(config, last, pass, dA, dZ, code, undefined);
  return { loss: loss / (n * k), dZ };
}

function activationGradient(config: ResolvedConfig, l: number, pass: Pass, dA: Float64Array, dZ: Float64Array, code: number, slopes: Float64Array | undefined, dSlopes?: Float64Array): void {
  const layer = config.layers[l]!;
  const z = pass.z[l]!;
  const a = pass.a[l]!;
  const k = layer.units;
  const rows = z.length / k;
  for (let i = 0; i < rows; i++) {
    if (layer.activation === 'softmax') {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += dA[i * k + j]! * a[i * k + j]!;
      for (let j = 0; j < k; j++) dZ[i * k + j] = a[i * k + j]! * (dA[i * k + j]! - dot);
      continue;
    }
    for (let j = 0; j < k; j++) {
      const o = i * k + j;
      if (layer.activation === 'prelu') {
        dZ[o] = dA[o]! * (z[o]! > 0 ? 1 : slopes![j]!);
        if (z[o]! <= 0) dSlopes![j] = dSlopes![j]! + dA[o]! * z[o]!;
      } else {
        dZ[o] = dA[o]! * activationDerivative(code, z[o]!, a[o]!, layer.alpha ?? 0);
      }
    }
  }
}

/** The float64 loss of the network with these parameters on the batch. */
export function referenceLoss(config: ResolvedConfig, params: Float64Array, batch: ReferenceBatch): number {
  const layout = parameterLayout(config);
  return lossAndOutputGradient(config, forward(config, layout, params, batch), batch).loss;
}

/** The float64 loss and its gradient with respect to every parameter (same flat layout). */
export function referenceGradients(config: ResolvedConfig, params: Float64Array, batch: ReferenceBatch): { loss: number; grads: Float64Array } {
  const layout = parameterLayout(config);
  const pass = forward(config, layout, params, batch);
  const { loss, dZ: outputGradient } = lossAndOutputGradient(config, pass, batch);
  const grads = new Float64Array(layout.total);
  let dZ = outputGradient;
  for (let l = config.layers.length - 1; l >= 0; l--) {
    const layer = config.layers[l]!;
    const { weights, bias, slopes } = layout.layers[l]!;
    const input = l === 0 ? batch.x : pass.a[l - 1]!;
    for (let i = 0; i < batch.rows; i++) {
      for (let j = 0; j < layer.units; j++) {
        const d = dZ[i * layer.units + j]!;
        grads[bias + j] = grads[bias + j]! + d;
        for (let p = 0; p < layer.inputs; p++) grads[weights + j * layer.inputs + p] = grads[weights + j * layer.inputs + p]! + d * input[i * layer.inputs + p]!;
      }
    }
    if (l === 0) break;
    const below = config.layers[l - 1]!;
    const dA = new Float64Array(batch.rows * below.units);
    for (let i = 0; i < batch.rows; i++) {
      for (let p = 0; p < layer.inputs; p++) {
        let sum = 0;
        for (let j = 0; j < layer.units; j++) sum += dZ[i * layer.units + j]! * params[weights + j * layer.inputs + p]!;
        dA[i * below.units + p] = sum;
      }
    }
    const belowLayout = layout.layers[l - 1]!;
    const belowSlopes = belowLayout.slopes >= 0 ? params.subarray(belowLayout.slopes, belowLayout.slopes + below.units) : undefined;
    const dSlopes = belowLayout.slopes >= 0 ? grads.subarray(belowLayout.slopes, belowLayout.slopes + below.units) : undefined;
    const nextDZ = new Float64Array(dA.length);
    const code = below.activation === 'prelu' || below.activation === 'softmax' ? -1 : ACTIVATION_CODES[backendActivation(below.activation) as 'relu'];
    activationGradient(config, l - 1, pass, dA, nextDZ, code, belowSlopes, dSlopes);
    dZ = nextDZ;
  }
  return { loss, grads };
}
