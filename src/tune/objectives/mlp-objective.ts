// The built-in MLP objective: sample hyperparameters with the trial (define-by-run), train an
// MLP seeded with the trial's seed one epoch at a time on an executor (inline by default, or a
// PiscinaExecutor for worker threads), report the validation metric after every epoch and stop
// when the study's pruner says so. Records `hyperparameters`, `epochs` and the final validation loss
// (`validation_loss`, what ties on the metric are broken by) as user attrs; returns the final metric.
// With options.kfold, every trial cross-validates (kfold-trial.ts) and returns the fold mean.
// Create the study with direction 'maximize' for accuracy (the default metric), 'minimize' for loss.
import { Dataset } from '../../data/dataset.ts';
import { StandardScaler } from '../../data/standard-scaler.ts';
import { describeValue, rangeError, typeError } from '../../errors.ts';
import type { Objective } from '../optimize.ts';
import { HYPERPARAMETERS_ATTR } from '../refit-best.ts';
import type { Trial } from '../trial.ts';
import { TrialDivergedError, TrialPrunedError } from '../trial-errors.ts';
import type { Executor } from '../executors/executor.ts';
import { InlineExecutor } from '../executors/inline-executor.ts';
import { defaultMlpSpace, validateMlpHyperparameters, type MlpSpace } from './default-space.ts';
import { shareDataset, type SharedData } from './shared-data.ts';
import { KFOLD_ATTR, VALIDATION_LOSS_ATTR } from '../best-trial.ts';
import type { KfoldTask } from './kfold-trial.ts';
import { shareArray } from '../../workers/shared-arrays.ts';
import { MLP_METRICS, type MlpMetric } from './metric-value.ts';

export type MlpObjectiveData = { train: Dataset; validation: Dataset } | Dataset;

export interface KfoldOptions {
  /** Folds, an integer in [2, rows]. */
  folds: number;
  /** Seeds the fold assignment (every trial then shares the folds). Default: each trial's seed. */
  seed?: number;
  /** Default: true for classification. */
  stratify?: boolean;
}

/** Checks options.kfold against the data (a single Dataset of `rows` rows). */
export function checkKfold(kfold: unknown, data: MlpObjectiveData, validationSplit: number | undefined): KfoldTask {
  if (!(data instanceof Dataset)) {
    throw new RangeError('mlpObjective: options.kfold must be left out when data gives a validation set ({ train, validation }); the folds are cut from one Dataset, got both');
  }
  if (validationSplit !== undefined) throw rangeError('mlpObjective: options.validationSplit', 'left out with options.kfold (the folds replace the validation split)', validationSplit);
  const spec = typeof kfold === 'number' ? { folds: kfold } : kfold;
  if (spec === null || typeof spec !== 'object') throw typeError('mlpObjective: options.kfold', 'a number of folds or { folds, seed?, stratify? }', kfold);
  const { folds, seed, stratify } = spec as Partial<KfoldOptions>;
  const field = typeof kfold === 'number' ? 'mlpObjective: options.kfold' : 'mlpObjective: options.kfold.folds';
  if (!(Number.isSafeInteger(folds) && folds! >= 2 && folds! <= data.rows)) throw rangeError(field, `an integer in [2, ${data.rows}] (the rows)`, folds);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw rangeError('mlpObjective: options.kfold.seed', 'a non-negative integer', seed);
  const classification = data.task === 'classification';
  if (stratify !== undefined && typeof stratify !== 'boolean') throw typeError('mlpObjective: options.kfold.stratify', 'a boolean', stratify);
  if (stratify === true && !classification) throw rangeError('mlpObjective: options.kfold.stratify', 'false or left out for a regression dataset', stratify);
  return { folds: folds!, stratify: stratify ?? classification, ...(seed === undefined ? {} : { seed }) };
}

/**
 * k-fold data: every row shared once, as train and as validation over the same features (the
 * folds are index views into it). With a target scaler only validation's targets differ: in the
 * target's units, as prepareMlpData gives them.
 */
export function prepareKfoldData(data: Dataset, targetScaler?: StandardScaler): SharedData {
  if (data.rows === 0) throw new RangeError('mlpObjective: data must not be empty');
  checkTargetScaler(data, targetScaler);
  const train = shareDataset(data);
  if (targetScaler === undefined) return { train, validation: train };
  return { train, validation: { ...train, y: shareArray(targetScaler.inverseTransform(data.y as Float32Array)) } };
}

function checkTargetScaler(train: Dataset, targetScaler: StandardScaler | undefined): void {
  if (targetScaler === undefined) return;
  if (train.task !== 'regression') throw new RangeError(`mlpObjective: options.targetScaler must be left out for a classification dataset, got a StandardScaler of ${targetScaler.features} targets`);
  if (targetScaler.features !== train.outputs) throw rangeError('mlpObjective: options.targetScaler.features', `the regression targets per row (${train.outputs})`, targetScaler.features);
}

export interface MlpObjectiveOptions {
  /** Default: defaultMlpSpace(). */
  space?: MlpSpace;
  /** Epochs a trial may train (default 10); the resource Hyperband divides. */
  maxEpochs?: number;
  /** 'accuracy' (default, maximise) or 'loss' (minimise); for regressors 'r2' (maximise), 'rmse', 'mae', 'mse'. */
  metric?: MlpMetric;
  /**
   * Regression: the fitted scaler the data's targets (training and validation) were
   * standardised with. Trials still train on the standardised targets, but each trial's model
   * owns the scaler, so rmse, mae and mse are in the target's own units, as evaluate() reports
   * them for a saved model (R² is the same either way; 'loss' stays the network's).
   */
  targetScaler?: StandardScaler;
  /** With a single Dataset: the fraction held out for validation, taken from the end (as Keras). Default 0.2. */
  validationSplit?: number;
  /**
   * Cross-validate every trial over k folds of a single Dataset instead of one validation split:
   * `k`, or { folds, seed, stratify }. Folds are stratified for classifiers; without a seed each
   * trial cuts its folds with its own seed. The objective is the fold mean, reported fold by fold
   * at steps 1 … k·maxEpochs (see kfold-trial.ts), so pruners get k·maxEpochs as their resource.
   */
  kfold?: number | KfoldOptions;
  /** Default: an InlineExecutor. The caller owns (and closes) the executor. */
  executor?: Executor;
  /** Called after each epoch's report (progress displays); not awaited, must not throw. */
  onEpoch?: (trial: Trial, epoch: number, value: number) => void;
}

/**
 * Splits, checks and shares the data once (SharedArrayBuffers), for every trial and thread. With
 * a target scaler the validation targets are shared back in the target's units (the trial's
 * model standardises them itself to compute its loss).
 */
export function prepareMlpData(data: MlpObjectiveData, validationSplit = 0.2, targetScaler?: StandardScaler): SharedData {
  let train: Dataset;
  let validation: Dataset;
  if (data instanceof Dataset) {
    if (!(typeof validationSplit === 'number' && validationSplit > 0 && validationSplit < 1)) {
      throw new RangeError(`mlpObjective: validationSplit must be in (0, 1), got ${describeValue(validationSplit)}`);
    }
    const cut = data.rows - Math.round(data.rows * validationSplit);
    if (cut < 1 || cut >= data.rows) throw new RangeError(`mlpObjective: validationSplit ${validationSplit} must leave rows on both sides of ${data.rows}`);
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    train = data.subset(range(0, cut));
    validation = data.subset(range(cut, data.rows));
  } else if (data !== null && typeof data === 'object' && data.train instanceof Dataset && data.validation instanceof Dataset) {
    ({ train, validation } = data);
  } else {
    throw new TypeError(`mlpObjective: data must be a Dataset or { train: Dataset, validation: Dataset }, got ${describeValue(data)}`);
  }
  if (train.features !== validation.features || train.task !== validation.task || train.outputs !== validation.outputs) {
    throw new RangeError(`mlpObjective: train and validation must have the same features, task and outputs`);
  }
  if (train.rows === 0 || validation.rows === 0) throw new RangeError('mlpObjective: train and validation must not be empty');
  if (targetScaler !== undefined) {
    checkTargetScaler(train, targetScaler);
    validation = validation.withTargets(targetScaler.inverseTransform(validation.y as Float32Array));
  }
  return { train: shareDataset(train), validation: shareDataset(validation) };
}

export function mlpObjective(data: MlpObjectiveData, options: MlpObjectiveOptions = {}): Objective {
  const maxEpochs = options.maxEpochs ?? 10;
  if (!(Number.isSafeInteger(maxEpochs) && maxEpochs >= 1)) throw new RangeError(`mlpObjective: maxEpochs must be a positive integer, got ${describeValue(maxEpochs)}`);
  const metric = options.metric ?? 'accuracy';
  if (!(MLP_METRICS as readonly unknown[]).includes(metric)) throw new RangeError(`mlpObjective: metric must be one of ${MLP_METRICS.join(', ')}, got ${describeValue(metric)}`);
  const space = options.space ?? defaultMlpSpace();
  if (typeof space !== 'function') throw new TypeError(`mlpObjective: space must be a function, got ${describeValue(space)}`);
  const targetScaler = options.targetScaler;
  if (targetScaler !== undefined && !(targetScaler instanceof StandardScaler && targetScaler.features !== undefined)) {
    throw typeError('mlpObjective: options.targetScaler', 'a fitted StandardScaler, or undefined', targetScaler);
  }
  const kfold = options.kfold === undefined ? undefined : checkKfold(options.kfold, data, options.validationSplit);
  const shared = kfold === undefined ? prepareMlpData(data, options.validationSplit, targetScaler) : prepareKfoldData(data as Dataset, targetScaler);
  if (metric === 'accuracy' && shared.train.y instanceof Float32Array) throw new RangeError("mlpObjective: metric 'accuracy' needs a classification dataset");
  if (metric !== 'accuracy' && metric !== 'loss' && !(shared.train.y instanceof Float32Array)) throw new RangeError(`mlpObjective: metric '${metric}' needs a regression dataset`);
  const scalerJson = targetScaler?.toJSON();
  const executor = options.executor ?? new InlineExecutor();

  return async (trial) => {
    const hyper = validateMlpHyperparameters(await space(trial));
    // What refitBest rebuilds the model from (a space may draw more than the params show).
    await trial.setUserAttr(HYPERPARAMETERS_ATTR, hyper);
    const result = await executor.run(
      { data: shared, hyper, seed: trial.seed, maxEpochs, metric, ...(scalerJson === undefined ? {} : { targetScaler: scalerJson }), ...(kfold === undefined ? {} : { kfold }) },
      {
        onEpoch: async (epoch, value) => {
          await trial.report(value, epoch);
          options.onEpoch?.(trial, epoch, value);
          return !(await trial.shouldPrune());
        },
      },
    );
    await trial.setUserAttr('epochs', result.epochs);
    if (result.status === 'completed' && result.validationLoss !== undefined) await trial.setUserAttr(VALIDATION_LOSS_ATTR, result.validationLoss);
    if (result.status === 'completed' && kfold !== undefined) await trial.setUserAttr(KFOLD_ATTR, { folds: kfold.folds, epochs: maxEpochs, values: result.foldValues ?? [] });
    if (result.status === 'diverged') throw new TrialDivergedError(`training diverged in epoch ${result.epochs}`);
    if (result.status === 'pruned') throw new TrialPrunedError(`pruned after epoch ${result.epochs}`);
    return result.value!;
  };
}

/** mlpObjective on a given executor (e.g. a PiscinaExecutor): optimize({ parallelism }) then trains that many trials at once. */
export function parallelMlpObjective(data: MlpObjectiveData, options: MlpObjectiveOptions & { executor: Executor }): Objective {
  if (options?.executor === undefined) throw new TypeError('parallelMlpObjective: options.executor is required');
  return mlpObjective(data, options);
}
