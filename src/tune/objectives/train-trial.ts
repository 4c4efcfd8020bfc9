// One trial's training, the same code inline and in a worker: build the MLP from the trial's
// hyperparameters and seed, then train one epoch at a time (fit with epochs: e + 1,
// initialEpoch: e, so nothing is retrained), evaluate the validation metric after each epoch
// and ask `onEpoch` whether to go on (that is where the study reports and prunes).
import type { Dataset } from '../../data/dataset.ts';
import { StandardScaler, type StandardScalerJSON } from '../../data/standard-scaler.ts';
import { MLP } from '../../nn/mlp.ts';
import type { LayerConfig } from '../../nn/config.ts';
import type { History } from '../../train/fit.ts';
import '../../train/fit.ts'; // installs the loop behind MLP.fit (src/nn/trainer.ts)
import type { MlpHyperparameters } from './default-space.ts';
import { metricValue, type MlpMetric } from './metric-value.ts';
import { trainKfoldTrial, type KfoldTask } from './kfold-trial.ts';

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
  /** Cross-validate within the trial (kfold-trial.ts): train and validation then hold the same rows. */
  kfold?: KfoldTask;
}

export interface TrainTrialResult {
  /** completed: maxEpochs ran; pruned: onEpoch said stop; diverged: a loss or weight became NaN/∞. */
  status: 'completed' | 'pruned' | 'diverged';
  /** The last validation metric (null when diverged in the first epoch). */
  value: number | null;
  epochs: number;
  /** Completed trials: the validation loss at the end (the mean over folds with k folds), what ties on the metric are broken by. */
  validationLoss?: number;
  /** Completed k-fold trials: each fold's final metric, in fold order. */
  foldValues?: number[];
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
/** Trains epoch `e` (0-based) as a trial does, on `rows` of train only when given (a k-fold's training folds). */
export function fitTrialEpoch(model: MLP, train: Dataset, hyper: MlpHyperparameters, seed: number, e: number, rows?: Int32Array): History {
  return model.fit(train.x, train.y, { epochs: e + 1, initialEpoch: e, batchSize: hyper.batchSize, seed, monitorGradients: false, augment: { noise: hyper.noise ?? 0, mixup: hyper.mixup ?? 0 }, ...(rows === undefined ? {} : { rows }) });
}

/** A trial's model, owning the target scaler when the targets were standardised. */
export function buildTrialModel(task: TrainTrialTask, train: Dataset): MLP {
  const model = buildMlp(task.hyper, train, task.seed);
  if (task.targetScaler !== undefined) model.targetScaler = StandardScaler.fromJSON(task.targetScaler);
  return model;
}

export async function trainTrial(task: TrainTrialTask, train: Dataset, validation: Dataset, onEpoch: EpochHook): Promise<TrainTrialResult> {
  if (task.kfold !== undefined) return trainKfoldTrial(task, task.kfold, train, validation, onEpoch);
  const { hyper, seed, maxEpochs, metric } = task;
  const model = buildTrialModel(task, train);
  let value: number | null = null;
  let loss = Number.NaN;
  for (let e = 0; e < maxEpochs; e++) {
    const history = fitTrialEpoch(model, train, hyper, seed, e);
    if (history.status === 'diverged') return { status: 'diverged', value, epochs: e + 1 };
    const metrics = model.evaluate(validation.x, validation.y);
    const v = metricValue(metrics, metric);
    if (v === undefined || !Number.isFinite(v)) return { status: 'diverged', value, epochs: e + 1 };
    value = v;
    loss = metrics.loss;
    if (!(await onEpoch(e + 1, v))) return { status: 'pruned', value, epochs: e + 1 };
  }
  return { status: 'completed', value, epochs: maxEpochs, ...(Number.isFinite(loss) ? { validationLoss: loss } : {}) };
}
