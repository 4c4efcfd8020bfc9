// One trial cross-validated over k folds (stratified for classifiers, as scikit-learn's
// StratifiedKFold): a fresh model per fold, built with the trial's seed, trained on the other
// folds and scored on its own. The rows stay in the one shared dataset: a fold is a list of row
// indices that fit and evaluate read through, so nothing is copied per trial or per fold.
//
// Reports are a cumulative resource: fold f (0-based), epoch e reports at step f·maxEpochs + e,
// the mean of the finished folds' final metrics and this fold's metric at this epoch. So every
// trial at one step stands at the same fold and epoch (the median and percentile pruners compare
// like with like), successive halving and Hyperband divide k·maxEpochs epochs, a trial can be
// stopped after any epoch of any fold, and the last report is the objective: the fold mean.
import type { Dataset } from '../../data/dataset.ts';
import { foldAssignments } from '../../train/cross-validate.ts';
import { metricValue } from './metric-value.ts';
import { buildTrialModel, fitTrialEpoch, type EpochHook, type TrainTrialResult, type TrainTrialTask } from './train-trial.ts';

export interface KfoldTask {
  folds: number;
  /** Keep each class's share in every fold (classification only). */
  stratify: boolean;
  /** Seeds the fold assignment; absent: the trial's seed (each trial cuts its own folds). */
  seed?: number;
}

/** The training rows and held-out rows of every fold, from a fold number per row. */
export function foldRows(assignment: Int32Array, folds: number): { train: Int32Array; heldOut: Int32Array }[] {
  const sizes = new Int32Array(folds);
  for (let i = 0; i < assignment.length; i++) sizes[assignment[i]!]! += 1;
  return Array.from({ length: folds }, (_, f) => {
    const heldOut = new Int32Array(sizes[f]!);
    const train = new Int32Array(assignment.length - sizes[f]!);
    let h = 0;
    let t = 0;
    for (let i = 0; i < assignment.length; i++) {
      if (assignment[i] === f) heldOut[h++] = i;
      else train[t++] = i;
    }
    return { train, heldOut };
  });
}

/**
 * `train` and `validation` hold the same rows (the same shared features): validation's targets
 * are in the target's units when the trial's model owns a target scaler, train's are standardised.
 */
export async function trainKfoldTrial(task: TrainTrialTask, kfold: KfoldTask, train: Dataset, validation: Dataset, onEpoch: EpochHook): Promise<TrainTrialResult> {
  const { hyper, seed, maxEpochs, metric } = task;
  const parts = foldRows(foldAssignments(train, kfold.folds, kfold.stratify, kfold.seed ?? seed), kfold.folds);
  const finals: number[] = [];
  let finalsSum = 0;
  let lossSum = 0;
  let value: number | null = null;
  for (let f = 0; f < kfold.folds; f++) {
    const { train: rows, heldOut } = parts[f]!;
    const model = buildTrialModel(task, train);
    let foldValue = Number.NaN;
    let foldLoss = Number.NaN;
    for (let e = 0; e < maxEpochs; e++) {
      const epochs = f * maxEpochs + e + 1;
      const history = fitTrialEpoch(model, train, hyper, seed, e, rows);
      if (history.status === 'diverged') return { status: 'diverged', value, epochs };
      const metrics = model.evaluate(validation.x, validation.y, { rows: heldOut });
      const v = metricValue(metrics, metric);
      if (v === undefined || !Number.isFinite(v)) return { status: 'diverged', value, epochs };
      foldValue = v;
      foldLoss = metrics.loss;
      value = (finalsSum + v) / (f + 1);
      if (!(await onEpoch(epochs, value))) return { status: 'pruned', value, epochs };
    }
    finals.push(foldValue);
    finalsSum += foldValue;
    lossSum += foldLoss;
  }
  const validationLoss = lossSum / kfold.folds;
  return { status: 'completed', value, epochs: kfold.folds * maxEpochs, foldValues: finals, ...(Number.isFinite(validationLoss) ? { validationLoss } : {}) };
}
