// The gradient monitor: each layer's mean weight-gradient norm over the epoch's steps and the
// relative size of the epoch's update (‖W_end − W_start‖ / ‖W_start‖), with warnings when a
// layer's gradient vanishes (below `vanishingRatio` × the largest layer's) or explodes (above
// `explodingNorm`). Per step it costs one norm per layer and allocates nothing.
import type { MLP } from '../nn/mlp.ts';

export interface GradientMonitorOptions {
  /** A layer whose mean gradient norm is below this fraction of the largest layer's is vanishing. Default 1e-3. */
  vanishingRatio?: number;
  /** A layer whose mean gradient norm exceeds this is exploding. Default 1e3. */
  explodingNorm?: number;
}

export interface GradientWarning {
  /** 0-based index of the epoch (as in history.epoch). */
  epoch: number;
  /** 0-based index into each row of history.gradientNorms: 0 is the first hidden layer. */
  layer: number;
  kind: 'vanishing' | 'exploding';
  norm: number;
}

/**
 * The warning as a sentence. Layers and epochs are numbered from 1 here, as in the tables the
 * examples print, the CLI's epoch lines and the report's gradient heatmap.
 */
export function formatGradientWarning(warning: GradientWarning, thresholds: { vanishingRatio: number; explodingNorm: number }): string {
  return `hyperprop: layer ${warning.layer + 1}'s gradient is ${warning.kind} (mean norm ${warning.norm.toExponential(2)} in epoch ${warning.epoch + 1}; thresholds: below ${thresholds.vanishingRatio}× the largest layer's, above ${thresholds.explodingNorm})`;
}

export class GradientMonitor {
  private readonly squares: Float64Array;
  private readonly sums: Float64Array;
  private steps = 0;
  private readonly start: Float32Array;
  readonly vanishingRatio: number;
  readonly explodingNorm: number;

  constructor(
    private readonly model: MLP,
    options: GradientMonitorOptions = {},
  ) {
    const layers = model.config.layers.length;
    this.squares = new Float64Array(layers);
    this.sums = new Float64Array(layers);
    this.start = new Float32Array(model.parameterCount);
    this.vanishingRatio = options.vanishingRatio ?? 1e-3;
    this.explodingNorm = options.explodingNorm ?? 1e3;
  }

  beginEpoch(): void {
    this.sums.fill(0);
    this.steps = 0;
    this.start.set(this.model.parameters);
  }

  /** After each step's backward pass. */
  afterStep(): void {
    this.model.gradientSquares(this.squares);
    // Stryker disable next-line EqualityOperator: a write one past a typed array's end is dropped
    for (let l = 0; l < this.sums.length; l++) this.sums[l] = this.sums[l]! + Math.sqrt(this.squares[l]!);
    this.steps++;
  }

  /** The epoch's per-layer mean gradient norms and update ratios, and any warnings. */
  endEpoch(epoch: number): { norms: number[]; updateRatios: number[]; warnings: GradientWarning[] } {
    const norms = Array.from(this.sums, (sum) => sum / Math.max(this.steps, 1));
    const params = this.model.parameters;
    const updateRatios = this.model.config.layers.map((layer, l) => {
      const offset = this.model.layout.layers[l]!.weights;
      let change = 0;
      let size = 0;
      for (let i = offset; i < offset + layer.units * layer.inputs; i++) {
        change += (params[i]! - this.start[i]!) ** 2;
        size += this.start[i]! ** 2;
      }
      return Math.sqrt(change) / Math.max(Math.sqrt(size), 1e-30);
    });
    const largest = Math.max(...norms);
    const warnings: GradientWarning[] = [];
    norms.forEach((norm, layer) => {
      if (norm > this.explodingNorm) warnings.push({ epoch, layer, kind: 'exploding', norm });
      else if (norm < this.vanishingRatio * largest) warnings.push({ epoch, layer, kind: 'vanishing', norm });
    });
    return { norms, updateRatios, warnings };
  }
}
