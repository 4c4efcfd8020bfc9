// A regression trial trains on standardised targets but reports rmse, mae and mse in the target's
// own units (R² is the same in any), so tune's best value reads like what evaluate prints for a
// model scored on the same rows.
import { describe, expect, it } from 'vitest';
import { loadFriedman1, StandardScaler, trainTestSplit } from '../../../src/data/index.ts';
import { mlpObjective } from '../../../src/tune/objectives/mlp-objective.ts';
import { refitTrial } from '../../../src/tune/refit-best.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { PiscinaExecutor } from '../../../src/tune/executors/piscina-executor.ts';
import type { MlpMetric } from '../../../src/tune/objectives/metric-value.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const { train, test: validation } = trainTestSplit(loadFriedman1().subset(Int32Array.from({ length: 300 }, (_, i) => i)), { testSize: 0.25, seed: 0 });
const targetScaler = new StandardScaler().fit(train.y as Float32Array, 1);
const scaled = (d: typeof train) => d.withTargets(targetScaler.transform(d.y as Float32Array));
const space = async () => ({ lr: 0.01, units: [16], l2: 0, batchSize: 16, activation: 'tanh' as const });

async function bestTrial(metric: MlpMetric, executor?: PiscinaExecutor) {
  const study = await createStudy({ direction: metric === 'r2' ? 'maximize' : 'minimize', seed: 5 });
  await study.optimize(mlpObjective({ train: scaled(train), validation: scaled(validation) }, { metric, targetScaler, maxEpochs: 5, space, ...(executor ? { executor } : {}) }), { nTrials: 1 });
  return study.bestTrial();
}

describe('regression trial metrics in the target\'s units', () => {
  it('rmse, mae, mse and r2 equal evaluate() of the same model (rebuilt on the same rows, owning the scaler) on the raw validation rows', async () => {
    for (const metric of ['rmse', 'mae', 'mse', 'r2'] as const) {
      const best = await bestTrial(metric);
      // Trained on the trial's own raw training rows, its target scaler fitted on them: the trial's model.
      const same = refitTrial(best, train, { targetScaling: 'standard' });
      const metrics = same.model.evaluate(validation.x, validation.y);
      const expected = metric === 'rmse' ? Math.sqrt(metrics.mse!) : metrics[metric]!;
      expect(best.value!).toBeCloseTo(expected, 4);
    }
  });

  it('a trial on a worker thread gets the scaler too: the same value as inline', async () => {
    const executor = new PiscinaExecutor({ threads: 1 });
    try {
      expect((await bestTrial('mae', executor)).value).toBe((await bestTrial('mae')).value);
    } finally {
      await executor.close();
    }
  });

  it('the standardised value would be off by the target\'s standard deviation (about 4.9 on friedman1)', async () => {
    const best = await bestTrial('rmse');
    const std = targetScaler.scale![0]!;
    expect(std).toBeGreaterThan(4);
    const standardised = (await (async () => {
      const study = await createStudy({ direction: 'minimize', seed: 5 });
      await study.optimize(mlpObjective({ train: scaled(train), validation: scaled(validation) }, { metric: 'rmse', maxEpochs: 5, space }), { nTrials: 1 });
      return study.bestTrial();
    })()).value!;
    expect(best.value! / standardised).toBeCloseTo(std, 3);
  });

  it('refuses a target scaler on a classifier or one fitted for other outputs, naming the field', () => {
    const other = new StandardScaler().fit(new Float32Array([1, 2, 3, 4]), 2);
    expect(() => mlpObjective({ train: scaled(train), validation: scaled(validation) }, { metric: 'r2', targetScaler: other })).toThrow('mlpObjective: options.targetScaler.features must be');
    expect(() => mlpObjective({ train: scaled(train), validation: scaled(validation) }, { metric: 'r2', targetScaler: {} as never })).toThrow('mlpObjective: options.targetScaler must be a fitted StandardScaler, or undefined, got Object');
    expect(() => mlpObjective(smallDigits(), { targetScaler })).toThrow('mlpObjective: options.targetScaler must be left out for a classification dataset');
  });
});
