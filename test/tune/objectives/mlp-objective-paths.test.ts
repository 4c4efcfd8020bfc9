// mlpObjective's remaining checks and what it does with an executor's result: the payload it
// sends (target scaler, folds), the user attrs it records, and the errors it throws for diverged
// and pruned trials. A recording executor stands in for training, so these cost no epochs.
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/data/dataset.ts';
import { StandardScaler } from '../../../src/data/standard-scaler.ts';
import type { Executor, TrialPayload, TrialRunResult } from '../../../src/tune/executors/executor.ts';
import { checkKfold, mlpObjective, parallelMlpObjective, prepareMlpData, type MlpObjectiveOptions } from '../../../src/tune/objectives/mlp-objective.ts';
import { createStudy } from '../../../src/tune/study.ts';

/** `rows` rows of 2 features and `k` classes in turn. */
function classes(rows: number, k = 2): Dataset {
  const x = Float32Array.from({ length: rows * 2 }, (_, i) => i);
  return new Dataset({ x, y: Int32Array.from({ length: rows }, (_, i) => i % k), features: 2, classNames: Array.from({ length: k }, (_, c) => `c${c}`) });
}

/** `rows` rows of 2 features and `outputs` regression targets. */
function targets(rows: number, outputs = 1): Dataset {
  return new Dataset({ x: Float32Array.from({ length: rows * 2 }, (_, i) => i), y: Float32Array.from({ length: rows * outputs }, (_, i) => 10 + i), features: 2, outputs });
}

const space = async () => ({ lr: 0.01, units: [4], l2: 0, batchSize: 8, activation: 'relu' as const });

/** An executor that trains nothing: it records each payload and answers `result`. */
function recording(result: TrialRunResult) {
  const payloads: TrialPayload[] = [];
  const executor: Executor = {
    run: async (payload) => (payloads.push(payload), result),
    close: async () => undefined,
  };
  return { executor, payloads };
}

/** Runs the objective once on a fresh trial; gives the outcome and the trial's user attrs. */
async function once(data: Dataset, result: TrialRunResult, options: MlpObjectiveOptions = {}) {
  const { executor, payloads } = recording(result);
  const study = await createStudy({ direction: 'maximize' });
  const trial = await study.ask();
  const outcome: { value?: unknown; error?: Error } = await Promise.resolve(mlpObjective(data, { space, executor, ...options })(trial)).then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error: error as Error }),
  );
  const { userAttrs } = (await study.getTrials())[0]!;
  return { outcome, userAttrs, payload: payloads[0]! };
}

describe('mlpObjective with an executor result', () => {
  it('records epochs and validation loss of a completed trial, and returns its value', async () => {
    const { outcome, userAttrs, payload } = await once(classes(20), { status: 'completed', value: 0.75, epochs: 3, validationLoss: 0.5 }, { maxEpochs: 3 });
    expect(outcome).toEqual({ value: 0.75 });
    expect(userAttrs['epochs']).toBe(3);
    expect(userAttrs['validation_loss']).toBe(0.5);
    // Neither a target scaler nor folds are sent when not asked for.
    expect('targetScaler' in payload).toBe(false);
    expect('kfold' in payload).toBe(false);
  });

  it('records no validation loss for a pruned trial, and throws saying after which epoch', async () => {
    const { outcome, userAttrs } = await once(classes(20), { status: 'pruned', value: 0.5, epochs: 2, validationLoss: 0.5 });
    expect(outcome.error?.message).toBe('pruned after epoch 2');
    expect(userAttrs['epochs']).toBe(2);
    expect('validation_loss' in userAttrs).toBe(false);
  });

  it('a diverged trial throws saying in which epoch', async () => {
    const { outcome } = await once(classes(20), { status: 'diverged', value: null, epochs: 4 });
    expect(outcome.error?.message).toBe('training diverged in epoch 4');
  });

  it('sends the target scaler and the folds, and records the fold values (none given: none)', async () => {
    const data = targets(12);
    const scaler = new StandardScaler().fit(data.y as Float32Array, 1);
    const scaled = data.withTargets(scaler.transform(data.y as Float32Array));
    const { payload, userAttrs } = await once(scaled, { status: 'completed', value: 1, epochs: 4 }, { metric: 'rmse', targetScaler: scaler, kfold: 2, maxEpochs: 2 });
    expect(payload.targetScaler).toEqual(scaler.toJSON());
    expect(payload.kfold).toEqual({ folds: 2, stratify: false });
    expect(userAttrs['kfold']).toEqual({ folds: 2, epochs: 2, values: [] });
  });
});

describe('mlpObjective checks', () => {
  it.each([
    [classes(20), { metric: 'f1' }, RangeError, 'mlpObjective: metric must be one of accuracy, loss, r2, rmse, mae, mse, got "f1"'],
    [targets(20), {}, RangeError, "mlpObjective: metric 'accuracy' needs a classification dataset"],
    [classes(20), { metric: 'rmse' }, RangeError, "mlpObjective: metric 'rmse' needs a regression dataset"],
    [classes(20), { targetScaler: {} }, TypeError, 'mlpObjective: options.targetScaler must be a fitted StandardScaler, or undefined'],
    [targets(20), { metric: 'mse', targetScaler: new StandardScaler().fit(new Float32Array([1, 2, 3, 4]), 2) }, RangeError, 'mlpObjective: options.targetScaler.features must be the regression targets per row (1), got 2'],
  ])('%#: refuses', (data, options, type, message) => {
    expect(() => mlpObjective(data, options as never)).toThrow(type);
    expect(() => mlpObjective(data, options as never)).toThrow(message);
  });

  it('accepts one epoch, a loss metric on a regression dataset, and a fitted scaler', () => {
    expect(mlpObjective(classes(20), { maxEpochs: 1 })).toBeTypeOf('function');
    expect(mlpObjective(targets(20), { metric: 'loss' })).toBeTypeOf('function');
    expect(mlpObjective(classes(20), { metric: 'loss' })).toBeTypeOf('function');
    const data = targets(20);
    expect(mlpObjective(data, { metric: 'mae', targetScaler: new StandardScaler().fit(data.y as Float32Array, 1) })).toBeTypeOf('function');
  });

  it('parallelMlpObjective takes the executor it is given', async () => {
    const { executor, payloads } = recording({ status: 'completed', value: 1, epochs: 1 });
    const study = await createStudy({ direction: 'maximize' });
    expect(await parallelMlpObjective(classes(20), { executor, space, maxEpochs: 1 })(await study.ask())).toBe(1);
    expect(payloads.length).toBe(1);
    expect(() => parallelMlpObjective(classes(20), undefined as never)).toThrow('parallelMlpObjective: options.executor is required');
  });

  it('k-fold options without a seed carry none (not an undefined one)', () => {
    expect(checkKfold(2, classes(20), undefined)).toStrictEqual({ folds: 2, stratify: true });
  });
});

describe('prepareMlpData checks', () => {
  it('keeps a single training row when the split leaves exactly one', () => {
    expect(prepareMlpData(classes(10), 0.9).train.y.length).toBe(1);
  });

  it.each([
    [() => prepareMlpData(5 as never), TypeError, 'mlpObjective: data must be a Dataset or { train: Dataset, validation: Dataset }, got 5'],
    [() => prepareMlpData({ train: classes(4), validation: 'v' } as never), TypeError, 'mlpObjective: data must be a Dataset'],
    [() => prepareMlpData({ train: 't', validation: classes(4) } as never), TypeError, 'mlpObjective: data must be a Dataset'],
    // A function is no { train, validation } object, whatever properties it carries.
    [() => prepareMlpData(Object.assign(() => 0, { train: classes(4), validation: classes(4) }) as never), TypeError, 'mlpObjective: data must be a Dataset'],
    // Same features: the task differs (2 classes against 2 targets), then only the outputs.
    [() => prepareMlpData({ train: classes(4), validation: targets(4, 2) }), RangeError, 'must have the same features, task and outputs'],
    [() => prepareMlpData({ train: classes(6, 2), validation: classes(6, 3) }), RangeError, 'must have the same features, task and outputs'],
    [() => prepareMlpData({ train: classes(4), validation: classes(4) }, undefined, new StandardScaler().fit(new Float32Array([1, 2]), 1)), RangeError, 'must be left out for a classification dataset'],
  ])('%#: refuses', (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});
