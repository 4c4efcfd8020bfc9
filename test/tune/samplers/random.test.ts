// RandomSampler: values inside the distribution, seeded per trial, without replacement on a finite space.
import { describe, expect, it } from 'vitest';
import { RandomSampler } from '../../../src/tune/samplers/random.ts';
import { categoricalDistribution, contains, floatDistribution, intDistribution } from '../../../src/tune/space.ts';
import { createStudy } from '../../../src/tune/study.ts';

describe('RandomSampler', () => {
  it('samples inside each distribution, spread across it', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const lr = floatDistribution(1e-5, 1, { log: true });
    const n = intDistribution(0, 9);
    await study.optimize(async (t) => (await t.suggest('lr', lr)) as number + ((await t.suggest('n', n)) as number), { nTrials: 300 });
    const trials = await study.trials();
    for (const t of trials) {
      expect(contains(lr, t.params['lr'])).toBe(true);
      expect(contains(n, t.params['n'])).toBe(true);
    }
    expect(new Set(trials.map((t) => t.params['n'])).size).toBe(10);
    const belowMilli = trials.filter((t) => (t.params['lr'] as number) < 1e-3).length;
    expect(belowMilli / 300).toBeGreaterThan(0.25); // log-uniform: 2/5 of the mass lies below 1e-3
  });

  it('depends on the sampler seed and the trial seed only', async () => {
    const values = async (samplerSeed: number, studySeed: number) => {
      const study = await createStudy({ seed: studySeed, sampler: new RandomSampler({ seed: samplerSeed }) });
      await study.optimize(async (t) => t.suggestFloat('x', 0, 1), { nTrials: 5 });
      return (await study.trials()).map((t) => t.params['x']);
    };
    expect(await values(1, 1)).toEqual(await values(1, 1));
    expect(await values(1, 1)).not.toEqual(await values(2, 1));
    expect(await values(1, 1)).not.toEqual(await values(1, 2));
  });

  it('samples a finite space without replacement and ends when it is used up', async () => {
    const space = { units: intDistribution(16, 64, { step: 16 }), act: categoricalDistribution(['relu', 'tanh', 'gelu']) };
    const sampler = new RandomSampler({ seed: 3, space });
    expect(sampler.size).toBe(12);
    const study = await createStudy({ sampler });
    await study.optimize(
      async (t) => {
        const units = await t.suggestInt('units', 16, 64, { step: 16 });
        const act = await t.suggestCategorical('act', ['relu', 'tanh', 'gelu']);
        const dropout = await t.suggestFloat('dropout', 0, 0.5);
        return units + act.length + dropout;
      },
      { parallelism: 2 },
    );
    const trials = await study.trials();
    expect(trials).toHaveLength(12);
    expect(new Set(trials.map((t) => `${t.params['units']}/${t.params['act']}`)).size).toBe(12);
    const order = trials.map((t) => t.systemAttrs['gridIndex']);
    expect(order).not.toEqual([...Array(12).keys()]); // a shuffled order, not the grid's
    expect(() => new RandomSampler({ space: { x: floatDistribution(0, 1) } })).toThrow(
      'RandomSampler: space.x must be a finite distribution (int, stepped float or categorical), got float(low=0, high=1)',
    );
  });

  it('visits a finite space in one order per study seed, whichever study used the sampler before', async () => {
    const sampler = new RandomSampler({ seed: 4, space: { k: intDistribution(0, 7) } });
    const order = async (studySeed: number) => {
      const study = await createStudy({ seed: studySeed, sampler });
      await study.optimize(async (t) => t.suggestInt('k', 0, 7));
      return (await study.trials()).map((t) => t.params['k']);
    };
    const first = await order(1);
    expect([...first].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const other = await order(2);
    expect(other).not.toEqual(first);
    expect(await order(1)).toEqual(first);
    expect(await order(2)).toEqual(other);
  });

  it('without a space is never exhausted and has no size; refuses a bad seed or a space too large to order', async () => {
    const sampler = new RandomSampler();
    const study = await createStudy({ sampler });
    await study.optimize(async (t) => t.suggestInt('k', 0, 1), { nTrials: 3 });
    expect([sampler.size, await sampler.isExhausted(study)]).toEqual([undefined, false]);
    expect((await study.trials()).every((t) => t.systemAttrs['gridIndex'] === undefined)).toBe(true);
    expect(() => new RandomSampler({ seed: 1.5 })).toThrow(new TypeError('RandomSampler: seed must be a safe integer, got 1.5'));
    const wide = intDistribution(0, 4096);
    expect(() => new RandomSampler({ space: { a: wide, b: wide } })).toThrow(new RangeError('RandomSampler: space must have at most 16777216 points, got 16785409'));
  });

  it('offers its finite space to a trial holding a point, nothing to one without, and keeps a point once taken', async () => {
    const space = { k: intDistribution(0, 2), c: categoricalDistribution(['a', 'b']) };
    const sampler = new RandomSampler({ seed: 6, space });
    expect(sampler.name).toBe('RandomSampler');
    const study = await createStudy({ sampler });
    const held = await study.ask();
    const frozen = await study.storage.getTrial(study.id, held.number);
    const index = frozen.systemAttrs['gridIndex'] as number;
    expect(Number.isInteger(index) && index >= 0 && index < 6).toBe(true);
    expect(await sampler.inferRelativeSearchSpace(study, frozen)).toEqual(space);
    const point = await sampler.sampleRelative(study, frozen);
    expect(Object.keys(point).sort()).toEqual(['c', 'k']);
    expect(await sampler.beforeTrial(study, frozen)).toStrictEqual({});
    const bare = { ...frozen, systemAttrs: {} };
    expect([await sampler.inferRelativeSearchSpace(study, bare), await sampler.sampleRelative(study, bare)]).toEqual([{}, {}]);
    // Without a space there is nothing to offer, whatever the trial holds.
    const plain = new RandomSampler({ seed: 6 });
    expect(await plain.beforeTrial(study, bare)).toStrictEqual({});
    expect([await plain.inferRelativeSearchSpace(study, frozen), await plain.sampleRelative(study, frozen)]).toEqual([{}, {}]);
  });

  it('orders a space of exactly 2^24 points and names itself in the grid errors', () => {
    const edge = intDistribution(0, 4095);
    expect(new RandomSampler({ space: { a: edge, b: edge } }).size).toBe(2 ** 24);
    expect(() => new RandomSampler({ space: {} })).toThrow(new RangeError('RandomSampler: space must name at least one parameter, got {}'));
  });
});
