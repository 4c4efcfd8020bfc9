// What `hyperprop train` records about a run (written as JSON, read back by `hyperprop report`):
// the per-epoch history, per-layer gradient norms, the test metrics and one traced backprop step.
import type { BackpropTrace } from '../nn/trace.ts';

export const RUN_KIND = 'hyperprop-run';

export interface RunRecord {
  kind: typeof RUN_KIND;
  version: 1;
  name: string;
  createdAt: string;
  backend: string;
  /** The dataset, e.g. `iris (150 rows, 4 features, 3 classes)`. */
  data: string;
  /** `64 → 32 relu → 10 softmax`, loss, parameter count. */
  model: { summary: string; loss: string; parameters: number };
  training: { epochs: number; batchSize: number; optimizer: string };
  /** Keras-style: epoch numbers (1-based) and each series by name (loss, valLoss, accuracy, lr ...). */
  history: { epoch: number[]; series: Record<string, number[]>; status: string };
  /** Per epoch, each layer's mean ‖∂E/∂W‖. */
  gradientNorms?: number[][];
  /** Gradient monitor warnings, as sentences. */
  warnings?: string[];
  test?: Record<string, number>;
  /** One gradient step on the first rows, before training. */
  trace?: BackpropTrace;
  /** k-fold runs: each fold's validation metrics, and their mean. */
  folds?: { metrics: Record<string, number>[]; mean: Record<string, number> };
}

export function isRunRecord(value: unknown): value is RunRecord {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === RUN_KIND;
}
