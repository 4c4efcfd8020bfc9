// mlpObjective's checks of its data and options (each names the field, the rule and the value),
// and how a single Dataset is split and shared.
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/data/dataset.ts';
import { StandardScaler } from '../../../src/data/standard-scaler.ts';
import { checkKfold, mlpObjective, parallelMlpObjective, prepareKfoldData, prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { isShared } from '../../../src/tune/objectives/shared-data.ts';

/** `rows` rows of 2 features (row i is [i, −i]) and alternating classes a, b. */
function classes(rows: number): Dataset {
  const x = new Float32Array(rows * 2).map((_, k) => (k % 2 === 0 ? k / 2 : -(k - 1) / 2));
  return new Dataset({ x, y: Int32Array.from({ length: rows }, (_, i) => i % 2), features: 2, classNames: ['a', 'b'] });
}

function targets(rows: number, features = 1): Dataset {
  return new Dataset({ x: Float32Array.from({ length: rows * features }, (_, i) => i), y: Float32Array.from({ length: rows }, (_, i) => 10 + i), features });
}

describe('prepareMlpData', () => {
  it('holds out the last validationSplit of a single Dataset (rounded), on shared memory', () => {
    const shared = prepareMlpData(classes(10), 0.25);
    // 10 · 0.25 = 2.5 rounds to 3 held-out rows: rows 7, 8, 9.
    expect(Array.from(shared.train.y)).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(shared.validation.x)).toEqual([7, -7, 8, -8, 9, -9]);
    expect(isShared(shared)).toBe(true);
    expect(shared.train.classNames).toEqual(['a', 'b']);
    expect(Array.from(prepareMlpData(classes(10)).validation.y)).toEqual([0, 1]);
  });

  it('gives validation targets back in their units with a target scaler', () => {
    const data = targets(4);
    const scaler = new StandardScaler().fit(data.y as Float32Array, 1);
    const scaled = data.withTargets(scaler.transform(data.y as Float32Array));
    const shared = prepareMlpData({ train: scaled, validation: scaled }, undefined, scaler);
    expect(Array.from(shared.validation.y).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([10, 11, 12, 13]);
    expect(shared.train.y[0]).toBeCloseTo((10 - 11.5) / Math.sqrt(1.25), 5);
  });

  it.each([
    [() => prepareMlpData(classes(10), 0), RangeError, 'mlpObjective: validationSplit must be in (0, 1), got 0'],
    [() => prepareMlpData(classes(10), 1), RangeError, 'mlpObjective: validationSplit must be in (0, 1), got 1'],
    [() => prepareMlpData(classes(10), '0.2' as never), RangeError, 'mlpObjective: validationSplit must be in (0, 1), got "0.2"'],
    [() => prepareMlpData(classes(10), 0.01), RangeError, 'mlpObjective: validationSplit 0.01 must leave rows on both sides of 10'],
    [() => prepareMlpData(classes(10), 0.99), RangeError, 'mlpObjective: validationSplit 0.99 must leave rows on both sides of 10'],
    [() => prepareMlpData(null as never), TypeError, 'mlpObjective: data must be a Dataset or { train: Dataset, validation: Dataset }, got null'],
    [() => prepareMlpData({ train: classes(4) } as never), TypeError, 'got Object'],
    [() => prepareMlpData({ train: classes(4), validation: targets(4) }), RangeError, 'mlpObjective: train and validation must have the same features, task and outputs'],
    [() => prepareMlpData({ train: targets(4, 2), validation: targets(4, 1) }), RangeError, 'must have the same features, task and outputs'],
    [() => prepareMlpData({ train: classes(0), validation: classes(2) }), RangeError, 'mlpObjective: train and validation must not be empty'],
    [() => prepareMlpData({ train: classes(2), validation: classes(0) }), RangeError, 'mlpObjective: train and validation must not be empty'],
    [() => prepareKfoldData(classes(0)), RangeError, 'mlpObjective: data must not be empty'],
  ])('%#: refuses bad data', (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});

describe('mlpObjective options', () => {
  const data = classes(20);
  it.each([
    [{ maxEpochs: 0 }, RangeError, 'mlpObjective: maxEpochs must be a positive integer, got 0'],
    [{ maxEpochs: 1.5 }, RangeError, 'mlpObjective: maxEpochs must be a positive integer, got 1.5'],
    [{ space: 'default' }, TypeError, 'mlpObjective: space must be a function, got "default"'],
    [{ targetScaler: new StandardScaler() }, TypeError, 'mlpObjective: options.targetScaler must be a fitted StandardScaler, or undefined, got Object'],
    [{ kfold: 'three' }, TypeError, 'mlpObjective: options.kfold must be a number of folds or { folds, seed?, stratify? }, got "three"'],
    [{ kfold: null }, TypeError, 'mlpObjective: options.kfold must be a number of folds or { folds, seed?, stratify? }, got null'],
    [{ kfold: { folds: 2, seed: -1 } }, RangeError, 'mlpObjective: options.kfold.seed must be a non-negative integer, got -1'],
    [{ kfold: { folds: 2, seed: 0.5 } }, RangeError, 'mlpObjective: options.kfold.seed must be a non-negative integer, got 0.5'],
    [{ kfold: { folds: 2, stratify: 'yes' } }, TypeError, 'mlpObjective: options.kfold.stratify must be a boolean, got "yes"'],
    [{ kfold: 21 }, RangeError, 'mlpObjective: options.kfold must be an integer in [2, 20] (the rows), got 21'],
  ])('%#: refuses bad options', (options, type, message) => {
    expect(() => mlpObjective(data, options as never)).toThrow(type);
    expect(() => mlpObjective(data, options as never)).toThrow(message);
  });

  it('k-fold options: the folds, a shared seed and stratification, defaulting to the task', () => {
    expect(checkKfold(20, data, undefined)).toEqual({ folds: 20, stratify: true });
    expect(checkKfold({ folds: 2, seed: 0, stratify: false }, data, undefined)).toEqual({ folds: 2, stratify: false, seed: 0 });
    expect(checkKfold({ folds: 3 }, targets(3), undefined)).toEqual({ folds: 3, stratify: false });
    expect(checkKfold({ folds: 3, stratify: false }, targets(3), undefined)).toEqual({ folds: 3, stratify: false });
  });

  it('k-fold data shares every row once as train and validation; a target scaler changes validation targets only', () => {
    const plain = prepareKfoldData(data);
    expect(plain.validation).toBe(plain.train);
    expect(isShared(plain)).toBe(true);
    const raw = targets(4);
    const scaler = new StandardScaler().fit(raw.y as Float32Array, 1);
    const scaled = raw.withTargets(scaler.transform(raw.y as Float32Array));
    const shared = prepareKfoldData(scaled, scaler);
    expect(shared.validation.x).toBe(shared.train.x);
    expect(Array.from(shared.validation.y).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([10, 11, 12, 13]);
    expect(isShared(shared)).toBe(true);
    expect(() => prepareKfoldData(data, scaler)).toThrow('mlpObjective: options.targetScaler must be left out for a classification dataset, got a StandardScaler of 1 targets');
  });

  it('parallelMlpObjective needs an executor', () => {
    expect(() => parallelMlpObjective(data, {} as never)).toThrow('parallelMlpObjective: options.executor is required');
    expect(() => parallelMlpObjective(data, undefined as never)).toThrow(TypeError);
  });
});
