// One trial's training, the same code inline and in a worker: build the MLP from the trial's
// hyperparameters and seed, then train one epoch at a time (fit with epochs: e + 1,
// initialEpoch: e, so nothing is retrained), evaluate the validation metric after each epoch
// and ask `onEpoch` whether to go on (that is where the study reports and prunes).
import type { Dataset } from '../../data/dataset.ts';
import { StandardScaler, type StandardScalerJSON } from '../../data/standard-scaler.ts';
import { MLP } from '../../nn/mlp.ts';
import type { LayerConfig } from '../../nn/config.ts';
import type { History } from '../../train/fit.ts';
import type { MlpHyperparameters } from './default-space.ts';
import { metricValue, type MlpMetric } from './metric-value.ts';

export type { MlpMetric };

export interface TrainTrialTask {
  hyper: MlpHyperparameters;
  seed: number;
  maxEpochs: number;
  metric: MlpMetric;
  /**
   * The scaler the training targets were standardised with. The trial's model owns it, so the
   * validation rows, given in the target's units, are scored in them (rmse, mae, mse).
   */
  targetScaler?: StandardScalerJSON;
}

export interface TrainTrialResult {
  /** completed: maxEpochs ran; pruned: onEpoch said stop; diverged: a loss or weight became NaN/∞. */
  status: 'completed' | 'pruned' | 'diverged';
  /** The last validation metric (null when diverged in the first epoch). */
  value: number | null;
  epochs: number;
}

/** Decides after each epoch (1-based) whether training goes on. */
export type EpochHook = (epoch: number, value: number) => boolean | Promise<boolean>;

export function buildMlp(hyper: MlpHyperparameters, train: Dataset, seed: number): MLP {
  const hidden: LayerConfig[] = hyper.units.map((units) => ({ units, activation: hyper.activation, ...(hyper.dropout ? { dropout: hyper.dropout } : {}) }));
  const output: LayerConfig =
    train.task === 'classification' ? { units: train.outputs, activation: 'softmax' } : { units: train.outputs, activation: 'linear' };
  const model = new MLP({ inputs: train.features, layers: [...hidden, output], seed, regularization: { l2: hyper.l2 } });
  model.compile({ optimizer: { type: hyper.optimizer ?? 'adam', lr: hyper.lr } });
  return model;
}

/** Trains epoch `e` (0-based) as a trial does; a refit calls it too, so both train alike. */
export function fitTrialEpoch(model: MLP, train: Dataset, hyper: MlpHyperparameters, seed: number, e: number): History {
  return model.fit(train.x, train.y, { epochs: e + 1, initialEpoch: e, batchSize: hyper.batchSize, seed, monitorGradients: false, augment: { noise: hyper.noise ?? 0, mixup: hyper.mixup ?? 0 } });
}

export async function trainTrial(task: TrainTrialTask, train: Dataset, validation: Dataset, onEpoch: EpochHook): Promise<TrainTrialResult> {
  const { hyper, seed, maxEpochs, metric } = task;
  const model = buildMlp(hyper, train, seed);
  if (task.targetScaler !== undefined) model.targetScaler = StandardScaler.fromJSON(task.targetScaler);
  let value: number | null = null;
  for (let e = 0; e < maxEpochs; e++) {
    const history = fitTrialEpoch(model, train, hyper, seed, e);
    if (history.status === 'diverged') return { status: 'diverged', value, epochs: e + 1 };
    const metrics = model.evaluate(validation.x, validation.y);
    const v = metricValue(metrics, metric);
    if (v === undefined || !Number.isFinite(v)) return { status: 'diverged', value, epochs: e + 1 };
    value = v;
    if (!(await onEpoch(e + 1, v))) return { status: 'pruned', value, epochs: e + 1 };
  }
  return { status: 'completed', value, epochs: maxEpochs };
}
