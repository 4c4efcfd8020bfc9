// Fused output-layer losses. Each writes the probabilities (or takes the predictions) and the
// gradient of the mean loss with respect to its input, and writes the mean loss (float64) into
// slot 0 of the scalar block s (they read no scalars from it).
import { rowMax } from './softmax';
import { sigmoid64 } from './math';
import {
  MEAN_SQUARED_ERROR_LOSS, SIGMOID_BINARY_CROSS_ENTROPY_LOSS, SOFTMAX_CROSS_ENTROPY_INDEX_LOSS, SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS,
} from './kernel-slots';

/**
 * Softmax + cross-entropy with class-index labels (i32). Loss = mean_i (logsumexp(z_i) − z_i[y_i]);
 * probs = softmax(z); dLogits = (probs − onehot(y)) / rows.
 */
export function softmaxCrossEntropyIndex(rows: i32, cols: i32, logits: usize, labels: usize, probs: usize, dLogits: usize, s: usize): void {
  const rowBytes = <usize>cols << 2;
  const fr = <f64>rows;
  let loss: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const off = <usize>i * rowBytes;
    const zr = logits + off;
    const m = <f64>rowMax(zr, cols);
    let sum: f64 = 0;
    for (let o: usize = 0; o < rowBytes; o += 4) sum += Math.exp(<f64>load<f32>(zr + o) - m);
    const label = load<i32>(labels + (<usize>i << 2));
    loss += m + Math.log(sum) - <f64>load<f32>(zr + (<usize>label << 2));
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const p = Math.exp(<f64>load<f32>(zr + o) - m) * inv;
      store<f32>(probs + off + o, <f32>p);
      store<f32>(dLogits + off + o, <f32>((p - (j == label ? 1.0 : 0.0)) / fr));
    }
  }
  store<f64>(s, loss / fr, SOFTMAX_CROSS_ENTROPY_INDEX_LOSS);
}

/**
 * Softmax + cross-entropy with one-hot (or soft) target rows. Loss = mean_i Σ_j t_j·(lse_i − z_j);
 * probs = softmax(z); dLogits = (probs·Σ_j t_j − t) / rows.
 */
export function softmaxCrossEntropyOneHot(rows: i32, cols: i32, logits: usize, targets: usize, probs: usize, dLogits: usize, s: usize): void {
  const rowBytes = <usize>cols << 2;
  const fr = <f64>rows;
  let loss: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const off = <usize>i * rowBytes;
    const zr = logits + off;
    const tr = targets + off;
    const m = <f64>rowMax(zr, cols);
    let sum: f64 = 0;
    let tsum: f64 = 0;
    for (let o: usize = 0; o < rowBytes; o += 4) {
      sum += Math.exp(<f64>load<f32>(zr + o) - m);
      tsum += <f64>load<f32>(tr + o);
    }
    const lse = m + Math.log(sum);
    const inv = 1 / sum;
    for (let o: usize = 0; o < rowBytes; o += 4) {
      const zv = <f64>load<f32>(zr + o);
      const t = <f64>load<f32>(tr + o);
      loss += t * (lse - zv);
      const p = Math.exp(zv - m) * inv;
      store<f32>(probs + off + o, <f32>p);
      store<f32>(dLogits + off + o, <f32>((p * tsum - t) / fr));
    }
  }
  store<f64>(s, loss / fr, SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS);
}

/**
 * Sigmoid + binary cross-entropy from logits, mean over rows·cols of
 * max(z, 0) − z·y + log1p(e^−|z|); probs = σ(z); dLogits = (σ(z) − y) / (rows·cols).
 */
export function sigmoidBinaryCrossEntropy(rows: i32, cols: i32, logits: usize, targets: usize, probs: usize, dLogits: usize, s: usize): void {
  const bytes = (<usize>rows * <usize>cols) << 2;
  const count = <f64>rows * <f64>cols;
  let loss: f64 = 0;
  for (let o: usize = 0; o < bytes; o += 4) {
    const z = <f64>load<f32>(logits + o);
    const y = <f64>load<f32>(targets + o);
    loss += max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    const p = sigmoid64(z);
    store<f32>(probs + o, <f32>p);
    store<f32>(dLogits + o, <f32>((p - y) / count));
  }
  store<f64>(s, loss / count, SIGMOID_BINARY_CROSS_ENTROPY_LOSS);
}

/** Mean over rows·cols of (pred − t)²; dPred = 2(pred − t) / (rows·cols). */
export function meanSquaredError(rows: i32, cols: i32, pred: usize, targets: usize, dPred: usize, s: usize): void {
  const bytes = (<usize>rows * <usize>cols) << 2;
  const count = <f64>rows * <f64>cols;
  let loss: f64 = 0;
  for (let o: usize = 0; o < bytes; o += 4) {
    const d = <f64>load<f32>(pred + o) - <f64>load<f32>(targets + o);
    loss += d * d;
    store<f32>(dPred + o, <f32>(2 * d / count));
  }
  store<f64>(s, loss / count, MEAN_SQUARED_ERROR_LOSS);
}
