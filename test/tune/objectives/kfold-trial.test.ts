import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/data/dataset.ts';
import { loadFriedman1 } from '../../../src/data/builtin.ts';
import { StandardScaler } from '../../../src/data/standard-scaler.ts';
import { foldAssignments } from '../../../src/train/cross-validate.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { InlineExecutor } from '../../../src/tune/executors/inline-executor.ts';
import { PiscinaExecutor } from '../../../src/tune/executors/piscina-executor.ts';
import { foldRows, trainKfoldTrial } from '../../../src/tune/objectives/kfold-trial.ts';
import { checkKfold, mlpObjective, parallelMlpObjective, prepareKfoldData } from '../../../src/tune/objectives/mlp-objective.ts';
import { buildMlp, fitTrialEpoch } from '../../../src/tune/objectives/train-trial.ts';
import { datasetFromRef } from '../../../src/tune/objectives/shared-data.ts';
import { KFOLD_ATTR, VALIDATION_LOSS_ATTR } from '../../../src/tune/best-trial.ts';
import { reachedEpochs } from '../../../src/tune/refit-best.ts';
import type { Pruner } from '../../../src/tune/types.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const rows = smallDigits(150, 1).train;
const hyper = { lr: 0.01, units: [16], l2: 1e-5, batchSize: 32, activation: 'relu' as const };
const fixed = async () => hyper;
const task = { hyper, seed: 7, maxEpochs: 2, metric: 'accuracy' as const };

describe('k-fold trial', () => {
  it('gives each fold the score of a model trained on copies of its rows: the index views change nothing', async () => {
    const shared = prepareKfoldData(rows);
    const data = datasetFromRef(shared.train);
    const steps: [number, number][] = [];
    const result = await trainKfoldTrial(task, { folds: 3, stratify: true }, data, datasetFromRef(shared.validation), (step, value) => {
      steps.push([step, value]);
      return true;
    });
    expect(result.status).toBe('completed');
    expect(steps.map(([s]) => s)).toEqual([1, 2, 3, 4, 5, 6]);
    const parts = foldRows(foldAssignments(rows, 3, true, task.seed), 3);
    const expected = parts.map(({ train, heldOut }) => {
      const trainSet = rows.subset(train);
      const model = buildMlp(hyper, trainSet, task.seed);
      for (let e = 0; e < task.maxEpochs; e++) fitTrialEpoch(model, trainSet, hyper, task.seed, e);
      const held = rows.subset(heldOut);
      return model.evaluate(held.x, held.y);
    });
    expect(result.foldValues).toEqual(expected.map((m) => m.accuracy));
    const mean = expected.reduce((a, m) => a + m.accuracy!, 0) / 3;
    expect(result.value).toBeCloseTo(mean, 12);
    expect(steps.at(-1)![1]).toBe(result.value);
    // After fold 1 the report is fold 1's score, after fold 2 the mean of folds 1 and 2.
    expect(steps[1]![1]).toBe(expected[0]!.accuracy);
    expect(steps[3]![1]).toBeCloseTo((expected[0]!.accuracy! + expected[1]!.accuracy!) / 2, 12);
    expect(result.validationLoss).toBeCloseTo(expected.reduce((a, m) => a + m.loss, 0) / 3, 6);
    expect(result.epochs).toBe(6);
  });

  it('folds partition the rows, stratified by class, and follow the seed', () => {
    const assignment = foldAssignments(rows, 5, true, 1);
    const parts = foldRows(assignment, 5);
    const seen = new Int32Array(rows.rows);
    for (const { train, heldOut } of parts) {
      expect(train.length + heldOut.length).toBe(rows.rows);
      for (const i of heldOut) seen[i]! += 1;
      const labels = rows.y as Int32Array;
      for (let c = 0; c < rows.classCount; c++) {
        const inClass = labels.filter((l) => l === c).length;
        const held = Array.from(heldOut).filter((i) => labels[i] === c).length;
        expect(Math.abs(held - inClass / 5)).toBeLessThan(1);
      }
    }
    expect(Array.from(seen).every((n) => n === 1)).toBe(true);
    expect(foldAssignments(rows, 5, true, 2)).not.toEqual(assignment);
  });

  it('shares the features once: train and validation are one SharedArrayBuffer, also with a target scaler', () => {
    const shared = prepareKfoldData(rows);
    expect(shared.train.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.validation.x).toBe(shared.train.x);
    expect(shared.validation.y).toBe(shared.train.y);
  });
});

describe('k-fold regression with a target scaler', () => {
  it('trains on standardised targets and scores each fold in the target\'s units', async () => {
    const raw = loadFriedman1().subset(Array.from({ length: 80 }, (_, i) => i));
    const targetScaler = new StandardScaler().fit(raw.y as Float32Array, 1);
    const scaled = raw.withTargets(targetScaler.transform(raw.y as Float32Array));
    const shared = prepareKfoldData(scaled, targetScaler);
    expect(shared.validation.x).toBe(shared.train.x);
    const units = datasetFromRef(shared.validation);
    expect(Array.from(units.y)).toEqual(Array.from(targetScaler.inverseTransform(scaled.y as Float32Array)));
    const regressionTask = { ...task, metric: 'rmse' as const, targetScaler: targetScaler.toJSON() };
    const result = await trainKfoldTrial(regressionTask, { folds: 2, stratify: false, seed: 0 }, datasetFromRef(shared.train), units, () => true);
    const [first] = foldRows(foldAssignments(scaled, 2, false, 0), 2);
    const model = buildMlp(hyper, scaled, task.seed);
    model.targetScaler = targetScaler;
    const trainSet = scaled.subset(first!.train);
    for (let e = 0; e < task.maxEpochs; e++) fitTrialEpoch(model, trainSet, hyper, task.seed, e);
    const held = raw.subset(first!.heldOut);
    expect(result.foldValues![0]).toBeCloseTo(Math.sqrt(model.evaluate(held.x, held.y).mse!), 4);
  });
});

describe('mlpObjective with kfold', () => {
  it('returns the fold mean, reports every fold and records the loss, the folds and the epochs', async () => {
    const study = await createStudy({ direction: 'maximize', seed: 2 });
    await study.optimize(mlpObjective(rows, { maxEpochs: 2, space: fixed, kfold: 3 }), { nTrials: 2 });
    const trials = await study.getTrials();
    for (const t of trials) {
      expect(t.state).toBe('complete');
      expect(Object.keys(t.intermediate).map(Number)).toEqual([1, 2, 3, 4, 5, 6]);
      const kfold = t.userAttrs[KFOLD_ATTR] as { folds: number; epochs: number; values: number[] };
      expect(kfold.folds).toBe(3);
      expect(kfold.epochs).toBe(2);
      expect(t.value).toBeCloseTo(kfold.values.reduce((a, b) => a + b, 0) / 3, 12);
      expect(t.userAttrs.epochs).toBe(6);
      expect(t.userAttrs[VALIDATION_LOSS_ATTR]).toBeGreaterThan(0);
      // The refit trains the epochs of one fold, on every row.
      expect(reachedEpochs(t)).toBe(2);
    }
    // Each trial cuts its folds with its own seed.
    expect(trials[0]!.seed).not.toBe(trials[1]!.seed);
  });

  it('lets a pruner stop a trial after its first fold', async () => {
    const afterFold1: Pruner = { name: 'AfterFold1', shouldPrune: async (_s, t) => Object.keys(t.intermediate).length >= 2 };
    const study = await createStudy({ direction: 'maximize', pruner: afterFold1 });
    await study.optimize(mlpObjective(rows, { maxEpochs: 2, space: fixed, kfold: { folds: 4, seed: 0 } }), { nTrials: 1 });
    const [t] = await study.getTrials();
    expect(t!.state).toBe('pruned');
    expect(t!.userAttrs.epochs).toBe(2);
    expect(t!.userAttrs[KFOLD_ATTR]).toBeUndefined();
  });

  it('gives the same trials on worker threads as inline', async () => {
    const run = async (executor: InlineExecutor | PiscinaExecutor) => {
      const study = await createStudy({ direction: 'maximize', seed: 4 });
      await study.optimize(parallelMlpObjective(rows, { maxEpochs: 1, space: fixed, kfold: 2, executor }), { nTrials: 2, parallelism: 2 });
      return (await study.getTrials()).map((t) => [t.number, t.value, t.intermediate]);
    };
    const pool = new PiscinaExecutor({ threads: 2 });
    try {
      expect(await run(pool)).toEqual(await run(new InlineExecutor()));
    } finally {
      await pool.close();
    }
  });

  it('names the field, the rule and the value when kfold does not fit the data', () => {
    expect(() => checkKfold(1, rows, undefined)).toThrow('mlpObjective: options.kfold must be an integer in [2, 150] (the rows), got 1');
    expect(() => checkKfold({ folds: 151 }, rows, undefined)).toThrow('mlpObjective: options.kfold.folds must be an integer in [2, 150] (the rows), got 151');
    expect(() => checkKfold(2.5, rows, undefined)).toThrow(RangeError);
    expect(() => checkKfold(3, { train: rows, validation: rows }, undefined)).toThrow(/options.kfold must be left out when data gives a validation set/);
    expect(() => checkKfold(3, rows, 0.2)).toThrow('mlpObjective: options.validationSplit must be left out with options.kfold (the folds replace the validation split), got 0.2');
    const regression = new Dataset({ x: new Float32Array(10), y: new Float32Array(10), features: 1 });
    expect(() => checkKfold({ folds: 2, stratify: true }, regression, undefined)).toThrow(/stratify must be false or left out for a regression dataset, got true/);
    expect(checkKfold(2, regression, undefined)).toEqual({ folds: 2, stratify: false });
  });
});
