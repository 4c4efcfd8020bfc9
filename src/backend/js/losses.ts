// Fused losses: the gradient with respect to the output pre-activation, and the mean loss in the result slot.
import { sigmoid } from './activations.ts';
import {
  MEAN_SQUARED_ERROR_LOSS,
  SIGMOID_BINARY_CROSS_ENTROPY_LOSS,
  SOFTMAX_CROSS_ENTROPY_INDEX_LOSS,
  SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS,
} from '../kernel-abi.ts';

// softmaxRow's result travels here: a returned double that V8 does not inline is boxed.
const LOG_SUM_EXP = new Float64Array(1);

/** Writes softmax(row) into probs and log Σ exp(z − max) + max into LOG_SUM_EXP[0]. */
function softmaxRow(base: number, cols: number, logits: Float32Array, probs: Float32Array): void {
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, logits[base + j]!);
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += Math.exp(logits[base + j]! - max);
  for (let j = 0; j < cols; j++) probs[base + j] = Math.exp(logits[base + j]! - max) / sum;
  LOG_SUM_EXP[0] = Math.log(sum) + max;
}

export function softmaxCrossEntropyIndex(rows: number, cols: number, logits: Float32Array, labels: Int32Array, probs: Float32Array, dLogits: Float32Array, s: Float64Array): void {
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    softmaxRow(base, cols, logits, probs);
    const logSumExp = LOG_SUM_EXP[0]!;
    const label = labels[i]!;
    loss += logSumExp - logits[base + label]!;
    for (let j = 0; j < cols; j++) dLogits[base + j] = (probs[base + j]! - (j === label ? 1 : 0)) / rows;
  }
  s[SOFTMAX_CROSS_ENTROPY_INDEX_LOSS] = loss / rows;
}

export function softmaxCrossEntropyOneHot(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, s: Float64Array): void {
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    softmaxRow(base, cols, logits, probs);
    const logSumExp = LOG_SUM_EXP[0]!;
    let mass = 0;
    for (let j = 0; j < cols; j++) {
      const t = targets[base + j]!;
      mass += t;
      loss += t * (logSumExp - logits[base + j]!);
    }
    for (let j = 0; j < cols; j++) dLogits[base + j] = (probs[base + j]! * mass - targets[base + j]!) / rows;
  }
  s[SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS] = loss / rows;
}

export function sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, s: Float64Array): void {
  const count = rows * cols;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const z = logits[i]!;
    const y = targets[i]!;
    loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    const p = sigmoid(z);
    probs[i] = p;
    dLogits[i] = (p - y) / count;
  }
  s[SIGMOID_BINARY_CROSS_ENTROPY_LOSS] = loss / count;
}

export function meanSquaredError(rows: number, cols: number, pred: Float32Array, targets: Float32Array, dPred: Float32Array, s: Float64Array): void {
  const count = rows * cols;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const diff = pred[i]! - targets[i]!;
    loss += diff * diff;
    dPred[i] = (2 * diff) / count;
  }
  s[MEAN_SQUARED_ERROR_LOSS] = loss / count;
}
