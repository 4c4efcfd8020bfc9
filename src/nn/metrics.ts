// Metrics accumulated over the batches of an epoch without allocating: accuracy for
// classifiers (argmax for softmax, 0.5 threshold per output for sigmoid), and MSE, MAE and R²
// (uniform average over outputs, as scikit-learn) for regressors.
import type { Loss } from './losses.ts';

export interface Metrics {
  loss: number;
  accuracy?: number;
  mse?: number;
  mae?: number;
  r2?: number;
}

export class MetricAccumulator {
  private lossSum = 0;
  private rows = 0;
  private correct = 0;
  private counted = 0;
  private readonly sse: Float64Array;
  private readonly sae: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;

  constructor(
    private readonly loss: Loss,
    private readonly outputs: number,
  ) {
    this.sse = new Float64Array(outputs);
    this.sae = new Float64Array(outputs);
    this.sum = new Float64Array(outputs);
    this.sumSquares = new Float64Array(outputs);
  }

  reset(): void {
    this.lossSum = 0;
    this.rows = 0;
    this.correct = 0;
    this.counted = 0;
    this.sse.fill(0);
    this.sae.fill(0);
    this.sum.fill(0);
    this.sumSquares.fill(0);
  }

  /**
   * Adds one batch: its mean loss (in meanLoss[0], so no double is boxed on the way), outputs
   * (rows × outputs) and labels or targets.
   */
  add(rows: number, meanLoss: Float64Array, outputs: Float32Array, labels: Int32Array, targets: Float32Array, byLabel: boolean): void {
    this.lossSum += meanLoss[0]! * rows;
    this.rows += rows;
    const k = this.outputs;
    if (this.loss === 'categoricalCrossEntropy') {
      for (let i = 0; i < rows; i++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (outputs[i * k + j]! > outputs[i * k + best]!) best = j;
        let truth = labels[i]!;
        if (!byLabel) {
          truth = 0;
          for (let j = 1; j < k; j++) if (targets[i * k + j]! > targets[i * k + truth]!) truth = j;
        }
        if (best === truth) this.correct++;
      }
      this.counted += rows;
    } else if (this.loss === 'binaryCrossEntropy') {
      for (let i = 0; i < rows * k; i++) if (outputs[i]! >= 0.5 === targets[i]! >= 0.5) this.correct++;
      this.counted += rows * k;
    } else {
      for (let i = 0; i < rows; i++) {
        // Stryker disable next-line EqualityOperator: j = k writes past the Float64Arrays' end, which is dropped
        for (let j = 0; j < k; j++) {
          const y = targets[i * k + j]!;
          const e = outputs[i * k + j]! - y;
          this.sse[j] = this.sse[j]! + e * e;
          this.sae[j] = this.sae[j]! + Math.abs(e);
          // Stryker disable next-line ArithmeticOperator: only sum² is read, the same for −Σy
          this.sum[j] = this.sum[j]! + y;
          this.sumSquares[j] = this.sumSquares[j]! + y * y;
        }
      }
    }
  }

  result(): Metrics {
    const loss = this.lossSum / this.rows;
    if (this.loss !== 'mse') return { loss, accuracy: this.correct / this.counted };
    const k = this.outputs;
    let sse = 0;
    let sae = 0;
    let r2 = 0;
    for (let j = 0; j < k; j++) {
      sse += this.sse[j]!;
      sae += this.sae[j]!;
      const total = this.sumSquares[j]! - (this.sum[j]! * this.sum[j]!) / this.rows;
      // scikit-learn: a constant target scores 1 when predicted exactly, else 0.
      r2 += total > 0 ? 1 - this.sse[j]! / total : this.sse[j] === 0 ? 1 : 0;
    }
    return { loss, mse: sse / (this.rows * k), mae: sae / (this.rows * k), r2: r2 / k };
  }
}
