// What `tune` and `worker` train trials on: the validation split (given, or a seeded, stratified
// 20% of the training rows), or with data.kfold every training row, cross-validated in each
// trial. One place, so a worker joining a study scores trials exactly as `tune` does.
import { trainTestSplit } from '../data/split.ts';
import type { KfoldOptions, MlpObjectiveData } from '../tune/objectives/mlp-objective.ts';
import type { PreparedData } from './load-data.ts';

export interface ObjectiveData {
  data: MlpObjectiveData;
  /** mlpObjective's kfold option, with data.kfold. */
  kfold?: KfoldOptions;
  /** Epochs one trial may train in all (tune.epochs, times the folds): the pruners' resource. */
  trialEpochs: number;
  /** How trials are scored, for the run's first line. */
  scoring: string;
}

export function buildObjectiveData(data: PreparedData, epochs: number, seed: number): ObjectiveData {
  if (data.kfold !== undefined) {
    const { folds, seed: foldSeed, stratify } = data.kfold;
    const stratified = stratify ?? data.train.task === 'classification';
    return {
      data: data.train,
      kfold: { folds, ...(foldSeed === undefined ? {} : { seed: foldSeed }), ...(stratify === undefined ? {} : { stratify }) },
      trialEpochs: folds * epochs,
      scoring: `${folds}-fold cross-validation of ${data.train.rows} training rows (${stratified ? 'stratified, ' : ''}${foldSeed === undefined ? "folds seeded by each trial's seed" : `folds seeded by ${foldSeed}`})`,
    };
  }
  if (data.validation !== undefined) {
    return { data: { train: data.train, validation: data.validation }, trialEpochs: epochs, scoring: `${data.validation.rows} validation rows` };
  }
  // The objective's own default takes the last rows, which for a file sorted by class is one class.
  const split = trainTestSplit(data.train, { testSize: 0.2, seed, stratify: data.train.task === 'classification' });
  return { data: { train: split.train, validation: split.test }, trialEpochs: epochs, scoring: `${split.test.rows} validation rows (20% of the training rows, stratified)` };
}
