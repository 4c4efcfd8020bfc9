// train-trial.ts and kfold-trial.ts below mlpObjective: the model a trial builds (dropout, l2),
// the fit options of one epoch (augmentation, no gradient monitor), the result of a completed,
// diverged or unscorable trial, and foldRows' row lists. Tiny data, one or two epochs each.
import { describe, expect, it } from 'vitest';
import type { MlpHyperparameters } from '../../../src/tune/objectives/default-space.ts';
import { foldRows, trainKfoldTrial } from '../../../src/tune/objectives/kfold-trial.ts';
import { prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { datasetFromRef } from '../../../src/tune/objectives/shared-data.ts';
import { buildMlp, fitTrialEpoch, trainTrial, type TrainTrialTask } from '../../../src/tune/objectives/train-trial.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const shared = prepareMlpData(smallDigits(60, 20));
const train = datasetFromRef(shared.train);
const validation = datasetFromRef(shared.validation);
const hyper: MlpHyperparameters = { lr: 0.01, units: [8], l2: 0, batchSize: 16, activation: 'relu' };
const go = () => true;
/** A learning rate no fit survives (the mlp-objective test's diverging trial). */
const diverging: MlpHyperparameters = { ...hyper, lr: 1e30, optimizer: 'sgd' };

describe('buildMlp and fitTrialEpoch', () => {
  it('gives hidden layers the dropout and the model the l2 of the hyperparameters', () => {
    const layers = buildMlp({ ...hyper, dropout: 0.25, l2: 0.5 }, train, 1).config.layers;
    expect(layers.map((l) => [l.dropout, l.l2])).toEqual([[0.25, 0.5], [0, 0.5]]);
    expect(buildMlp(hyper, train, 1).config.layers.map((l) => [l.dropout, l.l2])).toEqual([[0, 0], [0, 0]]);
  });

  it('trains with the noise and mixup asked for, and without the gradient monitor', () => {
    const epoch = (h: MlpHyperparameters) => fitTrialEpoch(buildMlp(h, train, 1), train, h, 1, 0);
    const plain = epoch(hyper);
    expect(plain.gradientNorms).toBeUndefined();
    expect(epoch(hyper).history['loss']).toEqual(plain.history['loss']); // deterministic
    expect(epoch({ ...hyper, noise: 0.5 }).history['loss']).not.toEqual(plain.history['loss']);
    expect(epoch({ ...hyper, mixup: 0.5 }).history['loss']).not.toEqual(plain.history['loss']);
  });
});

describe('trainTrial results', () => {
  const task: TrainTrialTask = { hyper, seed: 2, maxEpochs: 2, metric: 'accuracy' };

  it('a completed trial carries its final validation loss', async () => {
    const result = await trainTrial(task, train, validation, go);
    expect(result.status).toBe('completed');
    expect(result.validationLoss).toBeGreaterThan(0);
  });

  it('a fit that diverges in the first epoch ends there, with no value', async () => {
    expect(await trainTrial({ ...task, hyper: diverging }, train, validation, go)).toEqual({ status: 'diverged', value: null, epochs: 1 });
  });

  it('a metric the model cannot give (rmse of a classifier) ends the trial as diverged', async () => {
    const seen: number[] = [];
    const result = await trainTrial({ ...task, metric: 'rmse' }, train, validation, (e) => (seen.push(e), true));
    expect(result).toEqual({ status: 'diverged', value: null, epochs: 1 });
    expect(seen).toEqual([]);
  });
});

describe('k-fold trials', () => {
  it('foldRows lists every fold\'s held-out rows and the rest, in row order', () => {
    expect(foldRows(Int32Array.from([0, 1, 0, 2, 1]), 3).map(({ train, heldOut }) => [Array.from(train), Array.from(heldOut)])).toEqual([
      [[1, 3, 4], [0, 2]],
      [[0, 2, 3], [1, 4]],
      [[0, 1, 2, 4], [3]],
    ]);
  });

  const kfold = { folds: 2, stratify: true };
  const task: TrainTrialTask = { hyper, seed: 2, maxEpochs: 1, metric: 'accuracy', kfold };

  it('a fold whose fit diverges ends the trial there, with no value yet', async () => {
    expect(await trainKfoldTrial({ ...task, hyper: diverging }, kfold, train, train, go)).toEqual({ status: 'diverged', value: null, epochs: 1 });
  });

  it('a metric the model cannot give ends the trial as diverged', async () => {
    expect(await trainKfoldTrial({ ...task, metric: 'rmse' }, kfold, train, train, go)).toEqual({ status: 'diverged', value: null, epochs: 1 });
  });
});
