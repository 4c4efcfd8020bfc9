import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tune/study.ts';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import type { Pruner } from '../../../src/tune/types.ts';
import { mlpObjective, prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { defaultMlpSpace, validateMlpHyperparameters, type MlpHyperparameters } from '../../../src/tune/objectives/default-space.ts';
import { InlineExecutor } from '../../../src/tune/executors/inline-executor.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const data = smallDigits();
const fixed = (h: Partial<MlpHyperparameters> = {}) => async () => ({ lr: 0.01, units: [32], l2: 1e-5, batchSize: 32, activation: 'relu' as const, ...h });

describe('mlpObjective', () => {
  it('reports the validation accuracy every epoch and records epochs', async () => {
    const study = await createStudy({ direction: 'maximize', seed: 3 });
    await study.optimize(mlpObjective(data, { maxEpochs: 3 }), { nTrials: 2 });
    const trials = await study.getTrials();
    for (const t of trials) {
      expect(t.state).toBe('complete');
      expect(Object.keys(t.intermediate).map(Number)).toEqual([1, 2, 3]);
      expect(t.value).toBe(t.intermediate[3]);
      expect(t.userAttrs.epochs).toBe(3);
      expect(Object.keys(t.params).sort()).toEqual(['activation', 'batch', 'l2', 'lr', 'units']);
    }
  });

  it('continues epoch by epoch: same values as one uninterrupted schedule, deterministic per seed', async () => {
    const ex = new InlineExecutor();
    const shared = prepareMlpData(data);
    const hyper = await fixed()();
    const a = await ex.run({ data: shared, hyper, seed: 5, maxEpochs: 3, metric: 'accuracy' });
    const b = await ex.run({ data: shared, hyper, seed: 5, maxEpochs: 3, metric: 'accuracy' });
    expect(a).toEqual(b);
    expect(a.value!).toBeGreaterThan(0.5);
  });

  it('is pruned by a pruner, after the epoch it says so', async () => {
    const pruneAtTwo: Pruner = { name: 'AtTwo', shouldPrune: async (_s, t) => Object.keys(t.intermediate).length >= 2 };
    const study = await createStudy({ direction: 'maximize', pruner: pruneAtTwo });
    await study.optimize(mlpObjective(data, { maxEpochs: 5, space: fixed() }), { nTrials: 1 });
    const [t] = await study.getTrials();
    expect(t!.state).toBe('pruned');
    expect(t!.userAttrs.epochs).toBe(2);
    expect(Object.keys(t!.intermediate)).toEqual(['1', '2']);
  });

  it('works with the median pruner: a bad trial is stopped early', async () => {
    const study = await createStudy({ direction: 'maximize', pruner: new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 0 }) });
    await study.enqueueTrial({ lr: 0.01 });
    await study.enqueueTrial({ lr: 1e-6 });
    const space = async (trial: Parameters<ReturnType<typeof defaultMlpSpace>>[0]) => ({ ...(await fixed()()), lr: await trial.suggestFloat('lr', 1e-6, 1e-1, { log: true }) });
    await study.optimize(mlpObjective(data, { maxEpochs: 4, space }), { nTrials: 2 });
    const [good, bad] = await study.getTrials();
    expect(good!.state).toBe('complete');
    expect(bad!.state).toBe('pruned');
    expect(bad!.userAttrs.epochs).toBeLessThan(4);
  });

  it('a diverged fit records the trial as diverged', async () => {
    const study = await createStudy({ direction: 'maximize' });
    await study.optimize(mlpObjective(data, { maxEpochs: 2, space: fixed({ lr: 1e30, optimizer: 'sgd' }) }), { nTrials: 1 });
    expect((await study.getTrials())[0]!.state).toBe('diverged');
  });

  it('accepts one Dataset with validationSplit', async () => {
    const shared = prepareMlpData(data.train, 0.25);
    expect(shared.train.x.length / 64).toBe(225);
    expect(shared.validation.y.length).toBe(75);
    expect(shared.train.x.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('default space', () => {
  it('validates its options', () => {
    expect(() => defaultMlpSpace({ layers: [0, 2] })).toThrow(/layers/);
    expect(() => defaultMlpSpace({ layers: [1, 4] })).toThrow(/layers/);
    expect(() => defaultMlpSpace({ maxDropout: 1 })).toThrow(/maxDropout/);
    expect(() => defaultMlpSpace({ optimizers: ['bogus' as never] })).toThrow(/optimizers/);
    expect(() => defaultMlpSpace({ maxNoise: 0 })).toThrow('defaultMlpSpace: maxNoise must be a finite number > 0, got 0');
    expect(() => defaultMlpSpace({ maxMixup: -1 })).toThrow(/maxMixup/);
    expect(() => mlpObjective(data, { maxEpochs: 0 })).toThrow(/maxEpochs/);
  });

  it('checks what a space returns', () => {
    expect(() => validateMlpHyperparameters({ lr: 0.1, units: [], l2: 0, batchSize: 8, activation: 'relu' })).toThrow(/units/);
    expect(() => validateMlpHyperparameters({ lr: 0.1, units: [8], l2: 0, batchSize: 8, activation: 'gelu' })).toThrow(/activation/);
    expect(validateMlpHyperparameters({ lr: 0.1, units: [8], l2: 0, batchSize: 8, activation: 'tanh' }).units).toEqual([8]);
    expect(() => validateMlpHyperparameters({ lr: 0.1, units: [8], l2: 0, batchSize: 8, activation: 'tanh', mixup: -0.2 })).toThrow('mlpObjective: space must return mixup >= 0, got -0.2');
  });

  it('tunes input noise and mixup when asked, and trains with them', async () => {
    const study = await createStudy({ seed: 2 });
    const space = defaultMlpSpace({ maxNoise: 0.5, maxMixup: 0.4 });
    const trial = await study.ask();
    const h = await space(trial);
    expect(h.noise).toBeGreaterThanOrEqual(0);
    expect(h.noise).toBeLessThanOrEqual(0.5);
    expect(h.mixup).toBeGreaterThanOrEqual(0);
    expect(h.mixup).toBeLessThanOrEqual(0.4);
    expect(Object.keys(trial.params)).toEqual(expect.arrayContaining(['noise', 'mixup']));
    await study.tell(trial, 0);
    await study.optimize(mlpObjective(data, { maxEpochs: 2, space }), { nTrials: 2 });
    expect((await study.getTrials()).filter((t) => t.state === 'complete')).toHaveLength(3);
  });

  it('samples the reference ranges, with conditional per-layer units', async () => {
    const study = await createStudy({ seed: 1 });
    const space = defaultMlpSpace({ layers: [1, 3], maxDropout: 0.5, optimizers: ['adam', 'sgd'] });
    for (let i = 0; i < 8; i++) {
      const trial = await study.ask();
      const h = validateMlpHyperparameters(await space(trial));
      expect(h.lr).toBeGreaterThanOrEqual(1e-4);
      expect(h.lr).toBeLessThanOrEqual(1e-1);
      expect([16, 32, 64, 128, 256]).toEqual(expect.arrayContaining(h.units));
      expect(Object.keys(trial.params).filter((k) => k.startsWith('units_l'))).toHaveLength(h.units.length);
      await study.tell(trial, 0);
    }
  });
});
