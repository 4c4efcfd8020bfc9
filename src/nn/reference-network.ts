// A float64 network written the plain way — loops, no kernels, no workspace — for checking
// gradients and for teaching: the loss (with L1/L2 penalties) and its backpropagated gradients
// for the same architecture and parameter layout as the model, in double precision. Batch
// norm runs in training mode (batch statistics); dropout uses the masks it is given.
import { ACTIVATION_CODES } from '../backend/kernel-codes.ts';
import { activationDerivative, activationValue } from '../backend/js/activations.ts';
import { backendActivation } from './activations.ts';
import type { ResolvedConfig, ResolvedLayer } from './config.ts';
import { parameterLayout, type LayerLayout, type ParameterLayout } from './parameters.ts';
import type { TargetKind } from './network.ts';

export interface ReferenceBatch {
  x: Float64Array;
  rows: number;
  kind: TargetKind;
  labels: Int32Array;
  targets: Float64Array;
  /** Dropout masks (0 or 1/(1 − rate)) of the inputs and of each layer's output, when the model has dropout. */
  inputMask?: Float64Array;
  masks?: (Float64Array | undefined)[];
}

interface LayerPass {
  input: Float64Array;
  z: Float64Array;
  xhat?: Float64Array;
  invStd?: Float64Array;
  pre: Float64Array;
  a: Float64Array;
}

function elementwise(layer: ResolvedLayer): number {
  return ACTIVATION_CODES[backendActivation(layer.activation) as 'relu'];
}

function activate(layer: ResolvedLayer, params: Float64Array, l: LayerLayout, pre: Float64Array, rows: number): Float64Array {
  const k = layer.units;
  const a = new Float64Array(pre.length);
  // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
  for (let i = 0; i < rows; i++) {
    if (layer.activation === 'softmax') {
      const row = pre.subarray(i * k, (i + 1) * k);
      const max = Math.max(...row);
      let total = 0;
      for (const v of row) total += Math.exp(v - max);
      // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
      for (let j = 0; j < k; j++) a[i * k + j] = Math.exp(row[j]! - max) / total;
      continue;
    }
    // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
    for (let j = 0; j < k; j++) {
      const v = pre[i * k + j]!;
      // Stryker disable next-line EqualityOperator: prelu gives 0 at v = 0 either way
      a[i * k + j] = layer.activation === 'prelu' ? (v > 0 ? v : params[l.slopes + j]! * v) : activationValue(elementwise(layer), v, layer.alpha ?? 0);
    }
  }
  return a;
}

function forward(config: ResolvedConfig, layout: ParameterLayout, params: Float64Array, batch: ReferenceBatch): LayerPass[] {
  const n = batch.rows;
  let input = batch.inputMask ? batch.x.map((v, i) => v * batch.inputMask![i]!) : batch.x;
  const passes: LayerPass[] = [];
  config.layers.forEach((layer, index) => {
    const l = layout.layers[index]!;
    const k = layer.units;
    const z = new Float64Array(n * k);
    // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
    for (let i = 0; i < n; i++) {
      // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
      for (let j = 0; j < k; j++) {
        let sum = params[l.bias + j]!;
        for (let p = 0; p < layer.inputs; p++) sum += params[l.weights + j * layer.inputs + p]! * input[i * layer.inputs + p]!;
        z[i * k + j] = sum;
      }
    }
    let pre = z;
    let xhat: Float64Array | undefined;
    let invStd: Float64Array | undefined;
    if (layer.batchNorm) {
      xhat = new Float64Array(n * k);
      invStd = new Float64Array(k);
      pre = new Float64Array(n * k);
      for (let j = 0; j < k; j++) {
        let mean = 0;
        for (let i = 0; i < n; i++) mean += z[i * k + j]!;
        mean /= n;
        let variance = 0;
        for (let i = 0; i < n; i++) variance += (z[i * k + j]! - mean) ** 2;
        variance /= n;
        invStd[j] = 1 / Math.sqrt(variance + layer.batchNorm.eps);
        // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
        for (let i = 0; i < n; i++) {
          xhat[i * k + j] = (z[i * k + j]! - mean) * invStd[j]!;
          pre[i * k + j] = params[l.gamma + j]! * xhat[i * k + j]! + params[l.beta + j]!;
        }
      }
    }
    const a = activate(layer, params, l, pre, n);
    const out = Float64Array.from(a);
    if (layer.residual) {
      // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) {
          // Stryker disable next-line EqualityOperator: a projection never sits at offset 0 (the first layer's weights do)
          if (l.projection < 0) out[i * k + j] = out[i * k + j]! + input[i * layer.inputs + j]!;
          else for (let p = 0; p < layer.inputs; p++) out[i * k + j] = out[i * k + j]! + params[l.projection + j * layer.inputs + p]! * input[i * layer.inputs + p]!;
        }
      }
    }
    const mask = batch.masks?.[index];
    // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
    if (mask) for (let i = 0; i < out.length; i++) out[i] = out[i]! * mask[i]!;
    passes.push({ input, z, xhat, invStd, pre, a });
    input = out;
  });
  return passes;
}

function penalty(config: ResolvedConfig, layout: ParameterLayout, params: Float64Array, grads?: Float64Array): number {
  let total = 0;
  config.layers.forEach((layer, index) => {
    const { weights } = layout.layers[index]!;
    for (let i = weights; i < weights + layer.units * layer.inputs; i++) {
      const w = params[i]!;
      total += layer.l1 * Math.abs(w) + layer.l2 * w * w;
      if (grads) grads[i] = grads[i]! + layer.l1 * Math.sign(w) + 2 * layer.l2 * w;
    }
  });
  return total;
}

/** Mean data loss over the batch, and ∂E/∂(output of the last layer's activation input). */
function lossAndOutputGradient(config: ResolvedConfig, pass: LayerPass, batch: ReferenceBatch): { loss: number; dPre: Float64Array } {
  const last = config.layers[config.layers.length - 1]!;
  const k = last.units;
  const { pre: z, a } = pass;
  const n = batch.rows;
  const dPre = new Float64Array(n * k);
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
      // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
      for (let j = 0; j < k; j++) dPre[i * k + j] = (a[i * k + j]! * mass - target(i, j)) / n;
    }
    return { loss: loss / n, dPre };
  }
  if (config.loss === 'binaryCrossEntropy') {
    for (let i = 0; i < n * k; i++) {
      const t = target(Math.floor(i / k), i % k);
      loss += Math.max(z[i]!, 0) - z[i]! * t + Math.log1p(Math.exp(-Math.abs(z[i]!)));
      dPre[i] = (a[i]! - t) / (n * k);
    }
    return { loss: loss / (n * k), dPre };
  }
  const dA = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) {
    const e = a[i]! - target(Math.floor(i / k), i % k);
    loss += e * e;
    dA[i] = (2 * e) / (n * k);
  }
  activationGradient(last, pass, dA, dPre, undefined, undefined, n);
  return { loss: loss / (n * k), dPre };
}

/** dPre = dA ⊙ g'(pre) (prelu also accumulates dSlopes; softmax uses its Jacobian). */
function activationGradient(layer: ResolvedLayer, pass: LayerPass, dA: Float64Array, dPre: Float64Array, slopes: Float64Array | undefined, dSlopes: Float64Array | undefined, rows: number): void {
  const k = layer.units;
  const { pre, a } = pass;
  // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
  for (let i = 0; i < rows; i++) {
    if (layer.activation === 'softmax') {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += dA[i * k + j]! * a[i * k + j]!;
      // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
      for (let j = 0; j < k; j++) dPre[i * k + j] = a[i * k + j]! * (dA[i * k + j]! - dot);
      continue;
    }
    // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
    for (let j = 0; j < k; j++) {
      const o = i * k + j;
      if (layer.activation === 'prelu') {
        dPre[o] = dA[o]! * (pre[o]! > 0 ? 1 : slopes![j]!);
        // Stryker disable next-line EqualityOperator: at pre = 0 the slope's gradient gains dA·0 either way
        if (pre[o]! <= 0) dSlopes![j] = dSlopes![j]! + dA[o]! * pre[o]!;
      } else {
        dPre[o] = dA[o]! * activationDerivative(elementwise(layer), pre[o]!, a[o]!, layer.alpha ?? 0);
      }
    }
  }
}

/** The float64 loss (data loss plus penalties) of the network with these parameters on the batch. */
export function referenceLoss(config: ResolvedConfig, params: Float64Array, batch: ReferenceBatch): number {
  const layout = parameterLayout(config);
  const passes = forward(config, layout, params, batch);
  return lossAndOutputGradient(config, passes[passes.length - 1]!, batch).loss + penalty(config, layout, params);
}

/** The float64 loss and its gradient with respect to every parameter (same flat layout). */
export function referenceGradients(config: ResolvedConfig, params: Float64Array, batch: ReferenceBatch): { loss: number; grads: Float64Array } {
  const layout = parameterLayout(config);
  const n = batch.rows;
  const passes = forward(config, layout, params, batch);
  const last = config.layers.length - 1;
  const { loss, dPre: outputGradient } = lossAndOutputGradient(config, passes[last]!, batch);
  const grads = new Float64Array(layout.total);
  let dPre = outputGradient;
  let dOut: Float64Array | undefined;
  for (let index = last; index >= 0; index--) {
    const layer = config.layers[index]!;
    const l = layout.layers[index]!;
    const pass = passes[index]!;
    const k = layer.units;
    if (index < last) {
      // From ∂E/∂out back to ∂E/∂pre: the dropout mask, then the activation.
      const mask = batch.masks?.[index];
      const masked = mask ? dOut!.map((v, i) => v * mask[i]!) : dOut!;
      dOut = masked;
      dPre = new Float64Array(n * k);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: slopes are read for prelu layers only, which have them
      const slopes = l.slopes >= 0 ? params.subarray(l.slopes, l.slopes + k) : undefined;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: slopes are read for prelu layers only, which have them
      const dSlopes = l.slopes >= 0 ? grads.subarray(l.slopes, l.slopes + k) : undefined;
      activationGradient(layer, pass, masked, dPre, slopes, dSlopes, n);
    }
    let dZ = dPre;
    if (layer.batchNorm) {
      dZ = new Float64Array(n * k);
      for (let j = 0; j < k; j++) {
        let sumDy = 0;
        let sumDyXhat = 0;
        for (let i = 0; i < n; i++) {
          sumDy += dPre[i * k + j]!;
          sumDyXhat += dPre[i * k + j]! * pass.xhat![i * k + j]!;
        }
        grads[l.beta + j] = sumDy;
        grads[l.gamma + j] = sumDyXhat;
        const scale = (params[l.gamma + j]! * pass.invStd![j]!) / n;
        // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
        for (let i = 0; i < n; i++) dZ[i * k + j] = scale * (n * dPre[i * k + j]! - sumDy - pass.xhat![i * k + j]! * sumDyXhat);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const d = dZ[i * k + j]!;
        grads[l.bias + j] = grads[l.bias + j]! + d;
        for (let p = 0; p < layer.inputs; p++) grads[l.weights + j * layer.inputs + p] = grads[l.weights + j * layer.inputs + p]! + d * pass.input[i * layer.inputs + p]!;
      }
    }
    const dInput = new Float64Array(n * layer.inputs);
    // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
    for (let i = 0; i < n; i++) {
      // Stryker disable next-line EqualityOperator: a bound one past the end reads undefined, and its writes fall outside the array or are rewritten by the next row
      for (let p = 0; p < layer.inputs; p++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += dZ[i * k + j]! * params[l.weights + j * layer.inputs + p]!;
        if (layer.residual) {
          // Stryker disable next-line EqualityOperator: a projection never sits at offset 0 (the first layer's weights do)
          if (l.projection < 0) sum += dOut![i * k + p]!;
          else for (let j = 0; j < k; j++) sum += dOut![i * k + j]! * params[l.projection + j * layer.inputs + p]!;
        }
        dInput[i * layer.inputs + p] = sum;
      }
    }
    // Stryker disable next-line EqualityOperator: a projection never sits at offset 0 (the first layer's weights do)
    if (layer.residual && l.projection >= 0) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) {
          for (let p = 0; p < layer.inputs; p++) grads[l.projection + j * layer.inputs + p] = grads[l.projection + j * layer.inputs + p]! + dOut![i * k + j]! * pass.input[i * layer.inputs + p]!;
        }
      }
    }
    dOut = dInput;
  }
  const total = loss + penalty(config, layout, params, grads);
  return { loss: total, grads };
}
