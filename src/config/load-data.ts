// data section → datasets: load (bundled or CSV), split (train / validation / test, seeded and
// stratified for classifiers), then scale with statistics of the training rows only, so nothing
// of the validation or test rows leaks into training.
import { loadCsv } from '../data/csv.ts';
import { integerClassCount, MAX_INFERRED_CLASSES } from '../data/csv-labels.ts';
import { Dataset } from '../data/dataset.ts';
import { loadDigits, loadFriedman1, loadIris, loadWine } from '../data/builtin.ts';
import { MinMaxScaler } from '../data/min-max-scaler.ts';
import { StandardScaler } from '../data/standard-scaler.ts';
import { trainTestSplit } from '../data/split.ts';
import { hasGivenSplit, loadGivenSplit } from './load-given-split.ts';
import { ConfigError, FileError } from '../errors.ts';
import type { DataConfig } from './data-schema.ts';

export interface PreparedData {
  /** What was loaded, for logs and reports: `digits (1797 rows, 64 features, 10 classes)`. */
  description: string;
  /** When a CSV's task was inferred, what and why, one line: `task: regression (inferred: …)`. */
  inferredTask?: string;
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
  /** Fitted on the training rows; saved with a model so it predicts on raw features. */
  scaler?: StandardScaler | MinMaxScaler;
  /**
   * Regression with targetScaling standard: fitted on the training targets, which train and
   * validation hold standardised; test targets stay in the data's units, for a model that owns
   * this scaler (model.targetScaler) to score and predict in them.
   */
  targetScaler?: StandardScaler;
  /** With kfold: every training row, scaled (folds are cut by the caller); no validation part. */
  kfold?: { folds: number; seed?: number; stratify?: boolean };
}

function loadRaw(config: DataConfig, resolvePath: (path: string) => string): { dataset: Dataset; name: string } {
  switch (config.builtin) {
    case 'digits':
      return { dataset: loadDigits(), name: 'digits' };
    case 'friedman1':
      return { dataset: loadFriedman1(), name: 'friedman1' };
    case 'iris':
      return { dataset: loadIris(), name: 'iris' };
    case 'wine':
      return { dataset: loadWine(), name: 'wine' };
    case 'xor':
      return { dataset: Dataset.fromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { classNames: ['0', '1'] }), name: 'xor' };
    default: {
      const path = resolvePath(config.csv!);
      try {
        return { dataset: loadCsv(path, { label: config.label!, what: 'data.csv', ...(config.task ? { task: config.task } : {}) }), name: config.csv! };
      } catch (error) {
        // A path that is not a readable regular file is a mistake in the config: exit 2.
        if (error instanceof FileError) throw new ConfigError([{ path: 'data.csv', message: error.message }]);
        throw error;
      }
    }
  }
}

/** The task loadCsv inferred from the labels, and why, for a line the user sees. */
function describeInference(d: Dataset): string {
  if (d.task === 'classification') {
    return `task: classification (inferred: ${d.classCount} classes from the labels; set data.task: regression if the label is a quantity)`;
  }
  if (d.outputs > 1) return `task: regression (inferred: ${d.outputs} label columns)`;
  const y = d.y;
  for (let i = 0; i < y.length; i++) if (!Number.isInteger(y[i]!)) return 'task: regression (inferred: fractional labels)';
  return `task: regression (inferred: integer labels making ${integerClassCount(y)} classes, more than ${MAX_INFERRED_CLASSES}; set data.task: classification to classify)`;
}

function describe(name: string, d: Dataset): string {
  const target = d.task === 'classification' ? `${d.classCount} classes` : `${d.outputs} target${d.outputs === 1 ? '' : 's'}`;
  return `${name} (${d.rows} rows, ${d.features} features, ${target})`;
}

export function loadData(config: DataConfig, resolvePath: (path: string) => string = (p) => p): PreparedData {
  const given = hasGivenSplit(config) ? loadGivenSplit(config, resolvePath) : undefined;
  const { dataset, name } = given ?? loadRaw(config, resolvePath);
  const description = describe(name, dataset);
  const inferredTask = config.builtin === undefined && config.task === undefined ? describeInference(dataset) : undefined;
  const stratify = (s: boolean | undefined) => s ?? dataset.task === 'classification';
  let parts: { train: Dataset; validation?: Dataset; test?: Dataset } = given ? { train: given.train, test: given.test, ...(given.validation ? { validation: given.validation } : {}) } : { train: dataset };
  if (config.split !== undefined) {
    const { test, validation, seed } = config.split;
    if (test !== undefined) {
      const split = trainTestSplit(dataset, { testSize: test, ...(validation === undefined ? {} : { validationSize: validation }), seed, stratify: stratify(config.split.stratify) });
      parts = { train: split.train, test: split.test, ...(split.validation ? { validation: split.validation } : {}) };
    } else if (validation !== undefined) {
      // Carved from the training rows only: given test rows stay as the user gave them.
      const split = trainTestSplit(parts.train, { testSize: validation, seed, stratify: stratify(config.split.stratify) });
      parts = { ...parts, train: split.train, validation: split.test };
    }
  }
  if (config.kfold !== undefined) checkKfold(config.kfold.folds, parts);
  const scaler = config.scaling === 'standard' ? new StandardScaler() : config.scaling === 'minmax' ? new MinMaxScaler() : undefined;
  if (scaler !== undefined) {
    // With k folds every row trains in some fold; the scaler sees them all (a mild, documented leak).
    scaler.fit(parts.train);
    parts = {
      train: scaler.transform(parts.train),
      ...(parts.validation ? { validation: scaler.transform(parts.validation) } : {}),
      ...(parts.test ? { test: scaler.transform(parts.test) } : {}),
    };
  }
  const targetScaler = fitTargetScaler(config, parts.train);
  if (targetScaler !== undefined) {
    const scaled = (d: Dataset) => d.withTargets(targetScaler.transform(d.y as Float32Array));
    parts = { ...parts, train: scaled(parts.train), ...(parts.validation ? { validation: scaled(parts.validation) } : {}) };
  }
  return {
    description,
    ...(inferredTask ? { inferredTask } : {}),
    ...parts,
    ...(scaler ? { scaler } : {}),
    ...(targetScaler ? { targetScaler } : {}),
    ...(config.kfold ? { kfold: config.kfold } : {}),
  };
}

/** k folds need no validation rows and at most one fold per training row. */
function checkKfold(folds: number, parts: { train: Dataset; validation?: Dataset }): void {
  if (parts.validation !== undefined) {
    throw new ConfigError([{ path: 'data.kfold', message: `data.kfold must be left out when validation rows are given (the k folds replace the validation split: choose one), got ${folds} folds and ${parts.validation.rows} validation rows` }]);
  }
  if (folds > parts.train.rows) {
    throw new ConfigError([{ path: 'data.kfold', message: `data.kfold must be an integer in [2, ${parts.train.rows}] (the training rows), got ${folds}` }]);
  }
}

/** Standardised regression targets keep one learning rate right whatever the target's units. */
function fitTargetScaler(config: DataConfig, train: Dataset): StandardScaler | undefined {
  if (train.task === 'classification') {
    if (config.targetScaling === 'standard') throw new ConfigError([{ path: 'data.targetScaling', message: 'data.targetScaling must be left out (or none) for a classification task, got "standard"' }]);
    return undefined;
  }
  return config.targetScaling === 'none' ? undefined : new StandardScaler().fit(train.y as Float32Array, train.outputs);
}
