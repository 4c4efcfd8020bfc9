// hyperprop tune with data.kfold: every trial cross-validated, the refit on every training row,
// the tie line of the summary, and the config's k-fold rules exiting 2 with the field path.
import { describe, expect, it } from 'vitest';
import { describeChoice } from '../../src/cli/tune-run.ts';
import { hyperpropInProcess } from './run-in-process.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

const { dir, write: config } = tempFolder('hyperprop-tune-kfold-');


describe('hyperprop tune with data.kfold', () => {
  it('cross-validates every trial, prunes over k × epochs, and refits the best on every training row', async () => {
    const path = config('iris-kfold.yaml', `
data: { builtin: iris, kfold: 3, split: { test: 0.2, seed: 1 } }
tune:
  epochs: 2
  trials: 4
  seed: 3
  pruner: { type: successiveHalving, minResource: 2 }
  space:
    lr: { type: float, low: 0.01, high: 0.3, log: true }
    units: 8
`);
    const { code, stdout, stderr } = await hyperpropInProcess(['tune', path, '--json']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("3-fold cross-validation of 120 training rows (stratified, folds seeded by each trial's seed)");
    expect(stderr).toMatch(/refit on 120 training rows for 2 epochs, on the test split: loss [0-9.]+, accuracy [0-9.]+/);
    const [study] = JSON.parse(stdout).studies;
    expect(study.trials).toBe(4);
    expect(study.bestShared).toBeGreaterThanOrEqual(1);
    expect(study.bestValidationLoss).toBeGreaterThan(0);
    expect(Object.keys(study.test)).toContain('accuracy');
    // 4 trials of at most 3 folds × 2 epochs; successive halving stops some before the last fold.
    expect(study.epochs).toBeLessThanOrEqual(24);
    expect(study.epochs).toBeGreaterThanOrEqual(6);
  });

  it('says when the best value is shared and which trial the validation loss chose', () => {
    expect(describeChoice({ bestTrial: 7, bestShared: 14, bestValidationLoss: 0.0123 })).toBe('shared by 14 trials; chose trial 7 by validation loss 0.0123');
    expect(describeChoice({ bestTrial: 2, bestShared: 3, bestValidationLoss: null })).toBe('shared by 3 trials; chose trial 2 by the lowest number (no validation loss recorded)');
    expect(describeChoice({ bestTrial: 5, bestShared: 1, bestValidationLoss: 0.2 })).toBe('trial 5');
  });

  it('exits 2 naming data.kfold when k is not an integer in [2, rows] or a validation split is given too', async () => {
    const one = await hyperpropInProcess(['tune', config('k1.yaml', 'data: { builtin: iris, kfold: 1 }\ntune: { trials: 1 }\n')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('data.kfold must be an integer >= 2, got 1');
    const many = await hyperpropInProcess(['tune', config('k200.yaml', 'data: { builtin: iris, kfold: { folds: 200 } }\ntune: { trials: 1 }\n')]);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('data.kfold must be an integer in [2, 150] (the training rows), got 200');
    const both = await hyperpropInProcess(['tune', config('kval.yaml', 'data: { builtin: iris, kfold: 5, split: { validation: 0.2 } }\ntune: { trials: 1 }\n')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('data.kfold must be left out when data.split.validation is given (the k folds replace the validation split: choose one; split.validation is 0.2), got 5');
  });

  it('train refuses k folds with test rows, which it would not score', async () => {
    const { code, stderr } = await hyperpropInProcess(['train', config('train-kfold.yaml', 'data: { builtin: iris, kfold: 3, split: { test: 0.2 } }\n')]);
    expect(code).toBe(2);
    expect(stderr).toContain('data.kfold must be left out for `hyperprop train` when test rows are given (train scores the k fold models only; tune refits on every training row and scores the test rows), got 3 folds and 30 test rows');
  });
});
