// What a regression trial reports: R², RMSE, MAE or MSE of its validation rows, each read from
// the same evaluation (RMSE is √MSE), and a metric of the other task refused up front.
import { describe, expect, it } from 'vitest';
import { loadFriedman1, StandardScaler, trainTestSplit } from '../../../src/data/index.ts';
import { metricValue } from '../../../src/tune/objectives/metric-value.ts';
import { mlpObjective, prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { InlineExecutor } from '../../../src/tune/executors/inline-executor.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const { train, test: validation } = trainTestSplit(loadFriedman1().subset(Int32Array.from({ length: 300 }, (_, i) => i)), { testSize: 0.25, seed: 0 });
const scaler = new StandardScaler().fit(train.y as Float32Array, 1);
const scaled = (d: typeof train) => d.withTargets(scaler.transform(d.y as Float32Array));
const hyper = { lr: 0.01, units: [16], l2: 0, batchSize: 16, activation: 'tanh' as const };

describe('regression trial metrics', () => {
  it('reads r2, mae and mse from evaluate; rmse is the root of mse', () => {
    const metrics = { loss: 0.5, mse: 4, mae: 1.5, r2: 0.8 };
    expect([metricValue(metrics, 'r2'), metricValue(metrics, 'rmse'), metricValue(metrics, 'mae'), metricValue(metrics, 'mse'), metricValue(metrics, 'loss')]).toEqual([0.8, 2, 1.5, 4, 0.5]);
    expect(metricValue({ loss: 1, accuracy: 0.9 }, 'rmse')).toBeUndefined();
  });

  it('a trial reports the metric asked for, from the same weights', async () => {
    const ex = new InlineExecutor();
    const shared = prepareMlpData({ train: scaled(train), validation: scaled(validation) });
    const run = (metric: 'r2' | 'rmse' | 'mse') => ex.run({ data: shared, hyper, seed: 3, maxEpochs: 5, metric });
    const [r2, rmse, mse] = await Promise.all([run('r2'), run('rmse'), run('mse')]);
    expect(r2.value!).toBeGreaterThan(0.3);
    expect(r2.value!).toBeLessThanOrEqual(1);
    expect(rmse.value!).toBeCloseTo(Math.sqrt(mse.value!), 5);
  });

  it('refuses a regression metric on a classifier and accuracy on a regressor', () => {
    expect(() => mlpObjective(smallDigits(), { metric: 'r2' })).toThrow("mlpObjective: metric 'r2' needs a regression dataset");
    expect(() => mlpObjective({ train, validation }, { metric: 'accuracy' })).toThrow("mlpObjective: metric 'accuracy' needs a classification dataset");
    expect(() => mlpObjective({ train, validation }, { metric: 'f1' as never })).toThrow('mlpObjective: metric must be one of accuracy, loss, r2, rmse, mae, mse, got "f1"');
  });
});
