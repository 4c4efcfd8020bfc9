// Define-by-run: conditional spaces, repeated suggestions, conflicts, fixed params, reports, attrs.
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../src/tune/study.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import type { FrozenTrial, Pruner, Sampler } from '../../src/tune/types.ts';

describe('Trial', () => {
  it('records only the branch a conditional space took', async () => {
    const study = await createStudy({ seed: 1 });
    await study.optimize(
      async (trial) => {
        const optimizer = await trial.suggestCategorical('optimizer', ['sgd', 'adam']);
        if (optimizer === 'sgd') return trial.suggestFloat('momentum', 0, 0.99);
        const beta = await trial.suggestFloat('beta1', 0.8, 0.999);
        const layers = await trial.suggestInt('layers', 1, 3);
        return beta + layers;
      },
      { nTrials: 30 },
    );
    const trials = await study.trials();
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    for (const t of trials) {
      const expected = t.params['optimizer'] === 'sgd' ? ['momentum', 'optimizer'] : ['beta1', 'layers', 'optimizer'];
      expect(Object.keys(t.params).sort()).toEqual(expected);
      expect(Object.keys(t.distributions).sort()).toEqual(expected);
    }
    expect(new Set(trials.map((t) => t.params['optimizer']))).toEqual(new Set(['sgd', 'adam']));
  });

  it('returns the same value for a repeated name and refuses a second distribution', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const [a, b] = await Promise.all([trial.suggestFloat('x', 0, 1), trial.suggestFloat('x', 0, 1)]);
    expect(a).toBe(b);
    expect(await trial.suggestFloat('x', 0, 1)).toBe(a);
    await expect(trial.suggestFloat('x', 0, 2)).rejects.toThrow('suggest: parameter "x" in trial 0 must keep one distribution, got float(low=0, high=1) then float(low=0, high=2)');
    await expect(trial.suggestInt('n', 5, 1)).rejects.toThrow('low <= high must hold, got low=5, high=1');
    expect(trial.params).toEqual({ x: a });
  });

  it('asks with fixed distributions, reports, prunes and stores user attrs', async () => {
    const pruner: Pruner = { name: 'AboveOne', shouldPrune: async (_s, t) => Object.values(t.intermediate).some((v) => v > 1) };
    const study = await createStudy({ pruner });
    const trial = await study.ask({ units: { type: 'int', low: 8, high: 64, log: false, step: 8 } });
    expect(Object.keys(trial.params)).toEqual(['units']);
    await trial.report(0.5, 0);
    expect(await trial.shouldPrune()).toBe(false);
    await trial.report(2, 1);
    expect(await trial.shouldPrune()).toBe(true);
    await expect(trial.report(Number.NaN, 2)).rejects.toThrow('report: value must be a number (not NaN), got NaN');
    await trial.setUserAttr('epochs', 2);
    const told = await study.tell(trial, 'pruned');
    expect(told).toMatchObject({ state: 'pruned', value: 2, intermediate: { 0: 0.5, 1: 2 }, userAttrs: { epochs: 2 } });
    const noPruner = await (await createStudy()).ask();
    expect(await noPruner.shouldPrune()).toBe(false);
  });

  it('has a seed derived from the study seed and its number', async () => {
    const a = await (await createStudy({ seed: 5 })).ask();
    const b = await (await createStudy({ seed: 5 })).ask();
    const c = await (await createStudy({ seed: 6 })).ask();
    expect(a.seed).toBe(b.seed);
    expect(a.seed).not.toBe(c.seed);
    expect(a.number).toBe(0);
  });

  it('hands the sampler the trial as this trial wrote it, without reading it back', async () => {
    const storage = new MemoryStorage();
    const seen: FrozenTrial[] = [];
    const sampler: Sampler = {
      name: 'Recording',
      sampleIndependent: async (_s, trial) => {
        seen.push(structuredClone(trial));
        return 0.5;
      },
    };
    const study = await createStudy({ storage, sampler, seed: 3 });
    const trial = await study.ask();
    let reads = 0;
    const getTrial = storage.getTrial.bind(storage);
    storage.getTrial = async (...args) => {
      reads += 1;
      return getTrial(...args);
    };
    await trial.suggestFloat('x', 0, 1);
    await trial.report(0.25, 0);
    await trial.setUserAttr('note', { epochs: [1, 2] });
    await trial.suggestFloat('y', 0, 1);
    expect(reads).toBe(0);
    storage.getTrial = getTrial;
    expect(seen[1]).toEqual({ ...(await trial.frozen()), params: { x: 0.5 }, distributions: { x: { type: 'float', low: 0, high: 1, log: false } } });
    expect(seen[1]).toMatchObject({ number: 0, seed: trial.seed, state: 'running', intermediate: { 0: 0.25 }, userAttrs: { note: { epochs: [1, 2] } } });
  });

  it('a pruned tell takes the last report from the Trial, not from a read of the trial', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, seed: 4 });
    const trial = await study.ask();
    await trial.report(3, 0);
    await trial.report(2, 4);
    await trial.report(1, 2);
    let reads = 0;
    let readsBeforeFinish = -1;
    const { getTrial, finishTrial } = storage;
    storage.getTrial = async (...args) => {
      reads += 1;
      return getTrial.apply(storage, args);
    };
    storage.finishTrial = async (...args) => {
      readsBeforeFinish = reads;
      return finishTrial.apply(storage, args);
    };
    expect(await study.tell(trial, 'pruned')).toMatchObject({ state: 'pruned', value: 2 });
    expect(readsBeforeFinish).toBe(0);
    expect(trial.intermediate).toEqual({ 0: 3, 2: 1, 4: 2 });
  });
});
