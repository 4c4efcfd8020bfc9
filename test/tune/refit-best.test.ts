// refitBest rebuilds the best trial's model (recorded hyperparameters, seed, epochs reached) and
// trains it on training + validation rows, the scaler refit on those rows and owned by the model.
import { describe, expect, it } from 'vitest';
import { loadIris } from '../../src/data/builtin.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { trainTestSplit } from '../../src/data/split.ts';
import { StandardScaler } from '../../src/data/standard-scaler.ts';
import { mlpObjective } from '../../src/tune/objectives/mlp-objective.ts';
import { HYPERPARAMETERS_ATTR, reachedEpochs, refitBest, refitTrial } from '../../src/tune/refit-best.ts';
import { createStudy } from '../../src/tune/study.ts';
import type { Pruner } from '../../src/tune/types.ts';

const { train, test: validation } = trainTestSplit(loadIris(), { testSize: 0.3, seed: 1, stratify: true });
const space = async (trial: { suggestFloat(name: string, low: number, high: number, o?: { log?: boolean }): Promise<number> }) => ({ lr: await trial.suggestFloat('lr', 0.005, 0.05, { log: true }), units: [8], l2: 0, batchSize: 16, activation: 'tanh' as const });

async function tunedStudy(pruner?: Pruner) {
  const study = await createStudy({ direction: 'maximize', seed: 7, ...(pruner ? { pruner } : {}) });
  await study.optimize(mlpObjective({ train, validation }, { maxEpochs: 4, space: space as never }), { nTrials: 3 });
  return study;
}

describe('refitBest', () => {
  it('rebuilds the trial exactly: refit on its own training rows, it scores the trial value on validation', async () => {
    const study = await tunedStudy();
    const best = await study.bestTrial();
    expect(best.userAttrs[HYPERPARAMETERS_ATTR]).toMatchObject({ units: [8], batchSize: 16, activation: 'tanh' });
    const same = refitTrial(best, train);
    expect(same.rows).toBe(train.rows);
    expect(same.model.evaluate(validation.x, validation.y).accuracy).toBe(best.value);
  });

  it('trains on training + validation rows for the epochs reached, scaler refit on them, deterministic with the seed', async () => {
    const study = await tunedStudy();
    const best = await study.bestTrial();
    const a = await refitBest(study, { train, validation }, { scaling: 'standard' });
    const b = await refitBest(best, { train, validation }, { scaling: 'standard' });
    expect(a.trial).toBe(best.number);
    expect(a.rows).toBe(train.rows + validation.rows);
    expect(a.epochs).toBe(4);
    expect(a.diverged).toBeUndefined();
    expect(Array.from(a.model.parameters)).toEqual(Array.from(b.model.parameters));
    // The scaler saw both parts: its mean is the mean over every refit row.
    const both = new Dataset({ x: Float32Array.from([...train.x, ...validation.x]), y: Int32Array.from([...train.y, ...validation.y]), features: train.features });
    expect(Array.from((a.model.inputScaler as StandardScaler).mean!)).toEqual(Array.from(new StandardScaler().fit(both).mean!));
    // It owns the scaler: raw rows in, and it learned them.
    expect(a.model.evaluate(validation.x, validation.y).accuracy!).toBeGreaterThan(0.6);
    // Not the model trained on the training part alone.
    expect(Array.from(a.model.parameters)).not.toEqual(Array.from(refitTrial(best, train, { scaling: 'standard' }).model.parameters));
  });

  it('takes a pruned trial to its last reported step', async () => {
    const pruneAtTwo: Pruner = { name: 'AtTwo', shouldPrune: async (_s, t) => Object.keys(t.intermediate).length >= 2 };
    const study = await tunedStudy(pruneAtTwo);
    const [pruned] = await study.getTrials(['pruned']);
    expect(reachedEpochs(pruned!)).toBe(2);
    expect(refitTrial(pruned!, { train, validation }).epochs).toBe(2);
  });

  it('names the field, the rule and the value when a trial cannot be refit', async () => {
    const best = await (await tunedStudy()).bestTrial();
    expect(() => refitTrial({ ...best, userAttrs: {} }, train)).toThrow(new RangeError(`trial ${best.number} userAttrs.hyperparameters must be the hyperparameters it trained with (mlpObjective records them), got undefined`));
    expect(() => refitTrial(best, train, { scaling: 'robust' as never })).toThrow(/options\.scaling must be 'none', 'standard' or 'minmax', got "robust"/);
    await expect(refitBest({} as never, train)).rejects.toThrow(TypeError);
  });
});
