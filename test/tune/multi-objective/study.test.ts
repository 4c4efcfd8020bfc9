// A study with several objectives: directions, tell with one value per direction, the checks on
// what an objective returns, bestTrials, and bestTrial refusing to pick one.
import { describe, expect, it } from 'vitest';
import { MultiObjectiveError } from '../../../src/errors.ts';
import { paretoFront } from '../../../src/tune/multi-objective/pareto.ts';
import { RandomSampler } from '../../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';

describe('a study with several objectives', () => {
  it('runs an objective that returns one value per direction; bestTrials is the Pareto front; bestTrial throws', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'mo', storage, directions: ['minimize', 'maximize'], seed: 3, sampler: new RandomSampler({ seed: 3 }) });
    expect(study.directions).toEqual(['minimize', 'maximize']);
    expect(study.direction).toBe('minimize');
    await study.optimize(async (trial) => {
      const x = await trial.suggestFloat('x', 0, 1);
      const y = await trial.suggestFloat('y', 0, 1);
      return [x + y, x * (1 - y)];
    }, { nTrials: 30 });
    const trials = await study.trials();
    expect(trials.every((t) => t.state === 'complete' && t.values!.length === 2 && t.value === t.values![0])).toBe(true);
    const front = await study.bestTrials();
    expect(front.length).toBeGreaterThan(1);
    expect(front.map((t) => t.number)).toEqual(paretoFront(trials, ['minimize', 'maximize']).map((t) => t.number));
    // Each trial off the front is dominated by one on it.
    const onFront = new Set(front.map((t) => t.number));
    for (const t of trials.filter((t) => !onFront.has(t.number))) {
      expect(front.some((f) => f.values![0]! <= t.values![0]! && f.values![1]! >= t.values![1]!)).toBe(true);
    }
    await expect(study.bestTrial()).rejects.toThrow(MultiObjectiveError);
    await expect(study.bestValue()).rejects.toThrow('bestTrial: study "mo" must have one objective, got 2 (minimize, maximize); read bestTrials() (the Pareto front)');
    // Reloaded from its storage, the study keeps its directions.
    expect((await loadStudy({ name: 'mo', storage })).directions).toEqual(['minimize', 'maximize']);
  });

  it('tell takes values as an array; NaN fails and Infinity diverges the trial, as with one objective', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'] });
    const done = await study.tell(await study.ask(), [1, 2]);
    expect([done.state, done.value, done.values]).toEqual(['complete', 1, [1, 2]]);
    const nan = await study.tell(await study.ask(), [1, Number.NaN]);
    expect([nan.state, nan.values, nan.systemAttrs['failReason']]).toEqual(['failed', null, 'objective returned NaN at values[1]']);
    const inf = await study.tell(await study.ask(), [Number.NEGATIVE_INFINITY, 0]);
    expect([inf.state, inf.values, inf.systemAttrs['failReason']]).toEqual(['diverged', null, 'objective returned -Infinity at values[0]']);
  });

  it('values of the wrong shape fail the trial and throw a typed error naming the rule', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'] });
    const short = await study.ask();
    await expect(study.tell(short, [1])).rejects.toThrow(new RangeError('tell: values must hold one value per direction (2: minimize, maximize), got 1 values'));
    expect((await study.storage.getTrial(study.id, short.number)).state).toBe('failed');
    await expect(study.tell(await study.ask(), 0.5)).rejects.toThrow(new RangeError('tell: values must be an array of 2 numbers (one per direction: minimize, maximize), got a single number 0.5'));
    await expect(study.tell(await study.ask(), [1, '2' as never])).rejects.toThrow(new TypeError('tell: values[1] must be a number, got "2"'));
    // From optimize, a result of the wrong shape fails its trial and the study goes on.
    await study.optimize(async () => [1, 2, 3], { nTrials: 1 });
    await study.optimize(async () => 'x' as never, { nTrials: 1 });
    const [wrongLength, notNumbers] = (await study.trials()).slice(-2);
    expect(wrongLength!.systemAttrs['failReason']).toBe('RangeError: objective: return value must hold one value per direction (2: minimize, maximize), got 3 values');
    expect(notNumbers!.systemAttrs['failReason']).toBe('TypeError: objective must return an array of 2 numbers (one per direction), got "x"');
    // With one objective, an array of one value is that value.
    const single = await createStudy({ direction: 'maximize' });
    expect((await single.tell(await single.ask(), [0.25])).values).toEqual([0.25]);
    await expect(single.tell(await single.ask(), [0.25, 1])).rejects.toThrow('tell: values must hold one value per direction (1: maximize), got 2 values');
  });

  it('refuses bad directions with typed errors naming the field, the rule and the value', async () => {
    await expect(createStudy({ directions: [] })).rejects.toThrow(new RangeError('createStudy: directions must be a non-empty array (one direction per objective), got []'));
    await expect(createStudy({ directions: ['minimize', 'best' as never] })).rejects.toThrow(new TypeError('createStudy: directions[1] must be "minimize" or "maximize", got "best"'));
    await expect(createStudy({ direction: 'up' as never })).rejects.toThrow(new TypeError('createStudy: direction must be "minimize" or "maximize", got "up"'));
    await expect(createStudy({ direction: 'minimize', directions: ['minimize'] })).rejects.toThrow('createStudy: direction and directions must not both be given, got direction "minimize" and directions [minimize]');
  });

  it('a single-objective study reads back values [value] and bestTrials is every trial sharing the best value', async () => {
    const study = await createStudy({ direction: 'maximize' });
    for (const v of [0.5, 0.75, 0.75, 0.25]) await study.tell(await study.ask(), v);
    expect((await study.trials()).map((t) => t.values)).toEqual([[0.5], [0.75], [0.75], [0.25]]);
    expect((await study.bestTrials()).map((t) => t.number)).toEqual([1, 2]);
    expect((await study.bestTrial()).number).toBe(1);
  });
});
