// Where a suggested value comes from (fixed params, then the relative sample if it fits, then the
// sampler) and what a trial refuses, each message naming the field, the rule and the value.
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../src/tune/study.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { SYSTEM_ATTRS } from '../../src/tune/system-attrs.ts';
import type { Trial } from '../../src/tune/trial.ts';
import type { Sampler } from '../../src/tune/types.ts';

/** A sampler whose relative sample is `relative` and whose independent samples are `independent`. */
function fixedSampler(relative: Record<string, number>, independent: number): Sampler & { independentCalls: string[] } {
  const sampler = {
    name: 'Fixed',
    independentCalls: [] as string[],
    inferRelativeSearchSpace: async () => ({ x: { type: 'float', low: 0, high: 1, log: false } as const }),
    sampleRelative: async () => ({ ...relative }),
    sampleIndependent: async (_s: unknown, _t: unknown, name: string) => {
      sampler.independentCalls.push(name);
      return independent;
    },
  };
  return sampler;
}

describe('Trial suggestions', () => {
  it('takes the relative sample when it lies in the distribution, else asks the sampler', async () => {
    const sampler = fixedSampler({ x: 0.25, y: 7 }, 0.5);
    const study = await createStudy({ sampler });
    const trial = await study.ask();
    expect(await trial.suggestFloat('x', 0, 1)).toBe(0.25);
    // y's relative value 7 lies outside [0, 1]: the independent sample is used.
    expect(await trial.suggestFloat('y', 0, 1)).toBe(0.5);
    expect(sampler.independentCalls).toEqual(['y']);
    const stored = await trial.frozen();
    expect(stored.params).toEqual({ x: 0.25, y: 0.5 });
    expect(stored.systemAttrs[SYSTEM_ATTRS.relativeParams]).toEqual({ x: 0.25, y: 7 });
  });

  it('a fixed param wins over the relative sample, and one outside the distribution is refused', async () => {
    const study = await createStudy({ sampler: fixedSampler({ x: 0.25 }, 0.5) });
    await study.enqueueTrial({ x: 0.75, n: 40 });
    const trial = await study.ask();
    expect(await trial.suggestFloat('x', 0, 1)).toBe(0.75);
    await expect(trial.suggestInt('n', 1, 10)).rejects.toThrow('suggest: fixed value of "n" in trial 0 must lie in int(low=1, high=10), got 40');
    expect(trial.params).toEqual({ x: 0.75 });
  });

  it('refuses a sampled value outside the distribution, naming the sampler', async () => {
    const study = await createStudy({ sampler: { name: 'Broken', sampleIndependent: async () => 3 } });
    const trial = await study.ask();
    await expect(trial.suggestFloat('lr', 0, 1)).rejects.toThrow(new RangeError('Broken: sampled value of "lr" must lie in float(low=0, high=1), got 3'));
    expect((await trial.frozen()).params).toEqual({});
  });

  it('a second suggestion of a name still being drawn must keep its distribution', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const [first, second] = await Promise.allSettled([trial.suggestInt('k', 0, 5), trial.suggestInt('k', 0, 6)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: new RangeError('suggest: parameter "k" in trial 0 must keep one distribution, got int(low=0, high=5) then int(low=0, high=6)') });
    // Once drawn, the name is no longer pending: the same distribution returns the value.
    expect(await trial.suggestInt('k', 0, 5)).toBe((first as PromiseFulfilledResult<number>).value);
  });

  it('an enqueued trial carries its user attrs and returns its fixed categorical', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, seed: 2 });
    await study.enqueueTrial({ a: 'x' }, { note: 'queued' });
    const trial = await study.ask();
    await trial.suggestCategorical('a', ['x', 'y']);
    expect(trial.params).toEqual({ a: 'x' });
    expect((await trial.frozen()).userAttrs).toEqual({ note: 'queued' });
  });
});

describe('Trial refusals', () => {
  // Called with values of the wrong type on purpose: the trial's API as plain JavaScript sees it.
  const loose = (t: Trial) => t as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  it.each([
    [(t: Trial) => t.suggestFloat('', 0, 1), TypeError, 'suggest: name must be a non-empty string, got ""'],
    [(t: Trial) => loose(t)['suggest']!(5, { type: 'float', low: 0, high: 1, log: false }), TypeError, 'suggest: name must be a non-empty string, got 5'],
    [(t: Trial) => loose(t)['report']!('1', 0), TypeError, 'report: value must be a number (not NaN), got "1"'],
    [(t: Trial) => t.report(1, -1), RangeError, 'report: step must be a non-negative integer, got -1'],
    [(t: Trial) => t.report(1, 1.5), RangeError, 'report: step must be a non-negative integer, got 1.5'],
    [(t: Trial) => t.setUserAttr('', 1), TypeError, 'setUserAttr: key must be a non-empty string, got ""'],
    [(t: Trial) => loose(t)['setUserAttr']!(1, 1), TypeError, 'setUserAttr: key must be a non-empty string, got 1'],
  ])('%#', async (call, type, message) => {
    const trial = await (await createStudy()).ask();
    const error = await call(trial).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
    expect(trial.intermediate).toEqual({});
  });

  it('reports at step 0 and keeps a copy of user attrs as stored', async () => {
    const trial = await (await createStudy()).ask();
    await trial.report(Number.POSITIVE_INFINITY, 0);
    const attr = { epochs: [1] };
    await trial.setUserAttr('a', attr);
    attr.epochs.push(2);
    expect(trial.intermediate).toEqual({ 0: Number.POSITIVE_INFINITY });
    expect((await trial.frozen()).userAttrs).toEqual({ a: { epochs: [1] } });
  });
});
