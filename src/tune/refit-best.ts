// The best trial refit for use (scikit-learn's GridSearchCV refit=True): its model rebuilt from
// the hyperparameters it recorded, trained with its seed for the epochs it reached, on the
// training and validation rows together, since the search no longer needs rows held out. The
// scaler is refit on those same rows and owned by the model, so it takes raw rows.
import { Dataset } from '../data/dataset.ts';
import { MinMaxScaler } from '../data/min-max-scaler.ts';
import { StandardScaler } from '../data/standard-scaler.ts';
import { rangeError, typeError } from '../errors.ts';
import type { MLP } from '../nn/mlp.ts';
import type { Scaler } from '../nn/input-scaler.ts';
import { validateMlpHyperparameters } from './objectives/default-space.ts';
import { buildMlp, fitTrialEpoch } from './objectives/train-trial.ts';
import { Study } from './study.ts';
import { KFOLD_ATTR, type KfoldAttr } from './best-trial.ts';
import type { FrozenTrial } from './types.ts';

/** The trial user attr holding the MlpHyperparameters a trial trained with (mlpObjective sets it). */
export const HYPERPARAMETERS_ATTR = 'hyperparameters';

export type RefitScaling = 'none' | 'standard' | 'minmax';

export interface RefitBestOptions {
  /** Fit a scaler of this kind on the refit rows (default 'none': rows train as given). */
  scaling?: RefitScaling;
  /** 'standard': a regressor trains on standardised targets and owns the scaler (default 'none'). */
  targetScaling?: 'none' | 'standard';
}

export interface RefitResult {
  /** Trained; with a scaler, model.inputScaler is set, so predict and evaluate take raw rows. */
  model: MLP;
  scaler?: Scaler;
  /** The trial refit. */
  trial: number;
  epochs: number;
  /** Rows trained on: training + validation (every row of a k-fold study). */
  rows: number;
  /** Where the refit diverged (`in epoch 3, step 41`), when a loss or weight became NaN or infinite. */
  diverged?: string;
}

/** Raw rows: one Dataset, or the training and validation parts the study trained and scored on. */
export type RefitData = Dataset | { train: Dataset; validation: Dataset };

/**
 * The epochs a trial reached: a k-fold trial's epochs per fold (its steps count every fold's
 * epochs), else its last reported step, else its `epochs` user attr.
 */
export function reachedEpochs(trial: FrozenTrial): number {
  const kfold = trial.userAttrs[KFOLD_ATTR] as Partial<KfoldAttr> | undefined;
  if (kfold !== undefined && Number.isSafeInteger(kfold.epochs) && kfold.epochs! >= 1) return kfold.epochs!;
  const steps = Object.keys(trial.intermediate).map(Number);
  if (steps.length > 0) return Math.max(...steps);
  const epochs = trial.userAttrs.epochs;
  if (Number.isSafeInteger(epochs) && (epochs as number) >= 1) return epochs as number;
  throw rangeError(`trial ${trial.number} epochs`, 'a reported step or a positive integer userAttrs.epochs', epochs);
}

function concatRows(a: Dataset, b: Dataset): Dataset {
  if (a.features !== b.features || a.task !== b.task || a.outputs !== b.outputs) {
    throw rangeError('data.validation', `the training part's shape (${a.features} features, ${a.task}, ${a.outputs} outputs)`, `${b.features} features, ${b.task}, ${b.outputs} outputs`);
  }
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = a.y instanceof Int32Array ? new Int32Array(a.y.length + b.y.length) : new Float32Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, the shape check above makes both lists equally long (outputs) and names never reach the model
  const classNames = a.classNames.length >= b.classNames.length ? a.classNames : b.classNames;
  return new Dataset({ x, y, features: a.features, featureNames: a.featureNames, ...(a.task === 'classification' ? { classNames } : { outputs: a.outputs }) });
}

function refitRows(data: RefitData): Dataset {
  if (data instanceof Dataset) return data;
  if (data !== null && typeof data === 'object' && data.train instanceof Dataset && data.validation instanceof Dataset) return concatRows(data.train, data.validation);
  throw typeError('data', 'a Dataset or { train: Dataset, validation: Dataset }', data);
}

/** refitBest for one trial, synchronously. */
export function refitTrial(trial: FrozenTrial, data: RefitData, options: RefitBestOptions = {}): RefitResult {
  const recorded = trial.userAttrs[HYPERPARAMETERS_ATTR];
  if (recorded === undefined) {
    throw rangeError(`trial ${trial.number} userAttrs.${HYPERPARAMETERS_ATTR}`, 'the hyperparameters it trained with (mlpObjective records them)', recorded);
  }
  const hyper = validateMlpHyperparameters(recorded);
  const scaling = options.scaling ?? 'none';
  if (scaling !== 'none' && scaling !== 'standard' && scaling !== 'minmax') throw rangeError('options.scaling', "'none', 'standard' or 'minmax'", scaling);
  const epochs = reachedEpochs(trial);
  const raw = refitRows(data);
  if (raw.rows === 0) throw rangeError('data rows', 'at least 1', 0);
  const scaler = scaling === 'standard' ? new StandardScaler().fit(raw) : scaling === 'minmax' ? new MinMaxScaler().fit(raw) : undefined;
  const targetScaling = options.targetScaling ?? 'none';
  if (targetScaling !== 'none' && targetScaling !== 'standard') throw rangeError('options.targetScaling', "'none' or 'standard'", targetScaling);
  const targetScaler = targetScaling === 'standard' && raw.task === 'regression' ? new StandardScaler().fit(raw.y as Float32Array, raw.outputs) : undefined;
  const scaledRows = scaler ? scaler.transform(raw) : raw;
  const rows = targetScaler ? scaledRows.withTargets(targetScaler.transform(raw.y as Float32Array)) : scaledRows;
  const model = buildMlp(hyper, rows, trial.seed);
  let diverged: string | undefined;
  for (let e = 0; e < epochs && diverged === undefined; e++) {
    const history = fitTrialEpoch(model, rows, hyper, trial.seed, e);
    if (history.diverged) diverged = `in epoch ${e + 1}, step ${history.diverged.step}`;
  }
  if (diverged === undefined && !model.parametersFinite()) diverged = 'after the last epoch';
  if (scaler) model.inputScaler = scaler;
  if (targetScaler) model.targetScaler = targetScaler;
  return { model, ...(scaler ? { scaler } : {}), trial: trial.number, epochs, rows: raw.rows, ...(diverged === undefined ? {} : { diverged }) };
}

/**
 * Refits a study's best trial (or the trial given) on training + validation rows for the
 * epochs it reached, with its seed: the same data gives the same weights.
 */
export async function refitBest(source: Study | FrozenTrial, data: RefitData, options: RefitBestOptions = {}): Promise<RefitResult> {
  if (source instanceof Study) return refitTrial(await source.bestTrial(), data, options);
  if (source === null || typeof source !== 'object' || typeof (source as FrozenTrial).userAttrs !== 'object') {
    throw typeError('source', 'a Study or a FrozenTrial', source);
  }
  return refitTrial(source, data, options);
}
