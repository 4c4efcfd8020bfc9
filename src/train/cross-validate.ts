// k-fold cross-validation (stratified for classifiers, as scikit-learn's StratifiedKFold):
// a fresh model per fold from `build`, trained on k − 1 folds and scored on the held-out one;
// per-fold scores and their mean ± standard deviation. Usable as a tuning objective.
import { rangeError, typeError } from '../errors.ts';
import type { Dataset } from '../data/dataset.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import type { MLP } from '../nn/mlp.ts';
import type { FitOptions } from './fit.ts';
import './fit.ts'; // installs the loop behind MLP.fit (src/nn/trainer.ts)
import type { Metrics } from '../nn/metrics.ts';

export interface CrossValidationOptions {
  /** Number of folds, ≥ 2. Default 5. */
  folds?: number;
  /** Keep each class's share in every fold (classification only). Default true for classification. */
  stratify?: boolean;
  /** Seeds the fold assignment. Default 0. */
  seed?: number;
  fit?: FitOptions;
}

export interface CrossValidationResult {
  folds: Metrics[];
  /** Mean and (population) standard deviation over folds for each metric. */
  mean: Metrics;
  std: Metrics;
}

/** The fold of every row: shuffled, then dealt round-robin (within each class when stratified). */
export function foldAssignments(dataset: Dataset, folds: number, stratify: boolean, seed: number): Int32Array {
  const random = new SeededRandom(seed);
  const fold = new Int32Array(dataset.rows);
  const groups = new Map<number, number[]>();
  const labels = dataset.y instanceof Int32Array ? dataset.y : undefined;
  for (let i = 0; i < dataset.rows; i++) {
    const key = stratify && labels ? labels[i]! : 0;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
  }
  let offset = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = groups.get(key)!;
    random.shuffle(rows);
    rows.forEach((row, i) => (fold[row] = (i + offset) % folds));
    offset += rows.length;
  }
  return fold;
}

export function crossValidate(build: () => MLP, dataset: Dataset, options: CrossValidationOptions = {}): CrossValidationResult {
  if (typeof build !== 'function') throw typeError('build', 'a function returning a fresh model', build);
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > dataset.rows) throw rangeError('folds', `an integer in [2, ${dataset.rows}]`, folds);
  const classification = dataset.y instanceof Int32Array;
  const stratify = options.stratify ?? classification;
  if (stratify && !classification) throw rangeError('stratify', 'false for regression targets', stratify);
  const assignment = foldAssignments(dataset, folds, stratify, options.seed ?? 0);
  const scores: Metrics[] = [];
  for (let k = 0; k < folds; k++) {
    const train: number[] = [];
    const test: number[] = [];
    assignment.forEach((f, row) => (f === k ? test : train).push(row));
    const trainSet = dataset.subset(train);
    const testSet = dataset.subset(test);
    const model = build();
    model.fit(trainSet.x, trainSet.y, options.fit);
    scores.push(model.evaluate(testSet.x, testSet.y));
  }
  const keys = Object.keys(scores[0]!) as (keyof Metrics)[];
  const mean = {} as Metrics;
  const std = {} as Metrics;
  for (const key of keys) {
    const values = scores.map((s) => s[key]!);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[key] = m;
    std[key] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
  }
  return { folds: scores, mean, std };
}
