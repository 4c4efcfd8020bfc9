// compareTuners' refusals word for word, its storages and study names, and the small helpers
// (trialEpochs, bestAt) at their boundaries, on objectives that need no training.
import { describe, expect, it } from 'vitest';
import { bestAt, compareTuners, trialEpochs, type TunerResult } from '../../src/tune/compare.ts';
import { GridSampler } from '../../src/tune/samplers/grid.ts';
import { RandomSampler } from '../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import type { Trial } from '../../src/tune/trial.ts';

const random = () => ({ sampler: new RandomSampler({ seed: 1 }) });
const base = { objective: () => 0, strategies: { r: random } };

describe('compareTuners options', () => {
  it('names the field, the rule and the value of each bad argument', async () => {
    await expect(compareTuners({ ...base, objective: 3 as never, budget: { trials: 1 } })).rejects.toThrow(new TypeError('compareTuners: objective must be a function, got 3'));
    await expect(compareTuners({ ...base, strategies: null as never, budget: { trials: 1 } })).rejects.toThrow(new TypeError('compareTuners: strategies must be a non-empty object of factories, got null'));
    await expect(compareTuners({ ...base, strategies: 'x' as never, budget: { trials: 1 } })).rejects.toThrow(new TypeError('compareTuners: strategies must be a non-empty object of factories, got "x"'));
    await expect(compareTuners({ ...base, strategies: {}, budget: { trials: 1 } })).rejects.toThrow(new TypeError('compareTuners: strategies must be a non-empty object of factories, got Object'));
    await expect(compareTuners({ ...base, strategies: { r: random, g: 1 as never }, budget: { trials: 1 } })).rejects.toThrow(new TypeError('compareTuners: strategy "g" must be a function returning { sampler, pruner? }, got 1'));
    await expect(compareTuners({ ...base, budget: { trials: 1.5 } })).rejects.toThrow(new RangeError('compareTuners: budget.trials must be a positive integer, got 1.5'));
    await expect(compareTuners({ ...base, budget: { trials: 0 } })).rejects.toThrow(new RangeError('compareTuners: budget.trials must be a positive integer, got 0'));
    await expect(compareTuners({ ...base, budget: { epochs: 0 } })).rejects.toThrow(new RangeError('compareTuners: budget.epochs must be a positive number, got 0'));
    await expect(compareTuners({ ...base, budget: { epochs: Number.POSITIVE_INFINITY } })).rejects.toThrow(new RangeError('compareTuners: budget.epochs must be a positive number, got Infinity'));
    await expect(compareTuners({ ...base, budget: { epochs: '2' as never } })).rejects.toThrow(new RangeError('compareTuners: budget.epochs must be a positive number, got "2"'));
    await expect(compareTuners({ ...base, budget: { trials: 1, epochs: 1 } as never })).rejects.toThrow(new TypeError('compareTuners: budget must be { trials } or { epochs }, got Object'));
    await expect(compareTuners({ ...base, budget: null as never })).rejects.toThrow(new TypeError('compareTuners: budget must be { trials } or { epochs }, got null'));
  });

  it('spends exactly a trial budget of 1, and stops an epoch budget at the trial that reaches it', async () => {
    const one = await compareTuners({ ...base, budget: { trials: 1 } });
    expect(one.r!.evaluations).toBe(1);
    expect(one.r!.states).toEqual({ complete: 1 });
    const epochs = await compareTuners({
      objective: async (trial: Trial) => {
        await trial.setUserAttr('epochs', 2);
        return trial.number;
      },
      strategies: { r: random },
      budget: { epochs: 4 },
    });
    // 2 + 2 reaches 4 exactly: the second trial is the last.
    expect(epochs.r!.curve.map((p) => [p.evaluations, p.epochs, p.trialNumber, p.state, p.value, p.best])).toEqual([
      [1, 2, 0, 'complete', 0, 0],
      [2, 4, 1, 'complete', 1, 0],
    ]);
    expect(epochs.r!).toMatchObject({ evaluations: 2, epochs: 4, best: 0, bestTrialNumber: 0, bestParams: {} });
  });

  it('gives each strategy a study named by the prefix in its own storage from a factory, and a default seed of 0', async () => {
    const made: MemoryStorage[] = [];
    const results = await compareTuners({
      objective: async (trial: Trial) => (await trial.suggestCategorical('x', [3, 1, 2])) as number,
      strategies: { a: () => ({ sampler: new GridSampler({ x: [3, 1, 2] }) }), b: random },
      budget: { trials: 3 },
      storage: () => {
        made.push(new MemoryStorage());
        return made.at(-1)!;
      },
      studyPrefix: 'p/',
    });
    expect(made).toHaveLength(2);
    expect((await made[0]!.listStudies()).map((s) => [s.name, s.seed, s.direction])).toEqual([['p/a', 0, 'minimize']]);
    expect((await made[1]!.listStudies()).map((s) => s.name)).toEqual(['p/b']);
    expect(results.a).toMatchObject({ name: 'a', studyName: 'p/a', best: 1, bestParams: { x: 1 }, states: { complete: 3 } });
    // Without a prefix the study name is compare-<uuid>-<strategy>.
    const plain = await compareTuners({ ...base, budget: { trials: 1 } });
    expect(plain.r!.studyName).toMatch(/^compare-[0-9a-f-]{36}-r$/);
  });

  it('a strategy whose trials all fail has no best and counts its states', async () => {
    const results = await compareTuners({
      objective: () => {
        throw new Error('no');
      },
      strategies: { r: random },
      budget: { trials: 2 },
    });
    expect(results.r).toMatchObject({ evaluations: 2, best: null, bestTrialNumber: null, bestParams: null, states: { failed: 2 } });
    expect(results.r!.curve.map((p) => p.best)).toEqual([null, null]);
  });
});

describe('trialEpochs and bestAt', () => {
  it('counts a finite non-negative epochs attr, else 1', () => {
    const epochs = (value: unknown) => trialEpochs({ userAttrs: { epochs: value } } as never);
    expect([epochs(0), epochs(2.5), epochs(-1), epochs(Number.POSITIVE_INFINITY), epochs(Number.NaN), epochs('3')]).toEqual([0, 2.5, 1, 1, 1, 1]);
  });

  it('reads the best of the last point at or before x on each axis', () => {
    const point = (evaluations: number, epochs: number, elapsedMs: number, best: number | null) => ({ evaluations, epochs, elapsedMs, best, trialNumber: 0, state: 'complete' as const, value: 0 });
    const result = { curve: [point(1, 3, 10, null), point(2, 6, 20, 5), point(3, 9, 30, 4)] } as TunerResult;
    expect([bestAt(result, 'evaluations', 0.5), bestAt(result, 'evaluations', 1), bestAt(result, 'evaluations', 2), bestAt(result, 'evaluations', 2.5), bestAt(result, 'evaluations', 99)]).toEqual([null, null, 5, 5, 4]);
    expect([bestAt(result, 'epochs', 5.9), bestAt(result, 'epochs', 6), bestAt(result, 'elapsedMs', 29), bestAt(result, 'elapsedMs', 30)]).toEqual([null, 5, 5, 4]);
  });
});
