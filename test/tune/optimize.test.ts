// optimize(): its option checks, how an objective's result becomes the trial's state, what
// catch: false rethrows and when, the trial budgets, and the order callbacks see trials in.
import { describe, expect, it } from 'vitest';
import { GridSampler } from '../../src/tune/samplers/grid.ts';
import { createStudy } from '../../src/tune/study.ts';
import { SYSTEM_ATTRS } from '../../src/tune/system-attrs.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';

describe('optimize options', () => {
  it.each([
    [{ nTrials: 1.5 }, RangeError, 'optimize: nTrials must be a non-negative integer, got 1.5'],
    [{ maxTrials: -1 }, RangeError, 'optimize: maxTrials must be a non-negative integer, got -1'],
    [{ maxTrials: 2.5 }, RangeError, 'optimize: maxTrials must be a non-negative integer, got 2.5'],
    [{ timeout: -1 }, RangeError, 'optimize: timeout must be a non-negative number of ms, got -1'],
    [{ timeout: '10' }, RangeError, 'optimize: timeout must be a non-negative number of ms, got "10"'],
    [{ parallelism: 1.5 }, RangeError, 'optimize: parallelism must be a positive integer, got 1.5'],
    [{ catch: 'no' }, TypeError, 'optimize: catch must be a boolean, got "no"'],
    [{ callbacks: () => undefined }, TypeError, 'optimize: callbacks must be an array of functions, got Function'],
    [{ callbacks: [() => undefined, 3] }, TypeError, 'optimize: callbacks must be an array of functions, got Array(2)'],
  ])('%#: %j', async (options, type, message) => {
    const study = await createStudy();
    const error = await study.optimize(() => 1, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
    expect(await study.trials()).toEqual([]);
  });

  it('refuses an objective that is not a function', async () => {
    const study = await createStudy();
    await expect(study.optimize(3 as never, { nTrials: 1 })).rejects.toThrow('optimize: objective must be a function, got 3');
  });

  it('accepts the edges: nTrials and maxTrials 0 start nothing, catch false, no callbacks', async () => {
    const study = await createStudy();
    await study.optimize(() => 1, { nTrials: 0 });
    await study.optimize(() => 1, { maxTrials: 0, catch: false, callbacks: [] });
    expect(await study.trials()).toEqual([]);
  });
});

describe('optimize results', () => {
  it('fails a trial whose objective returns the wrong shape, naming what it should return', async () => {
    const single = await createStudy();
    await single.optimize(() => 'good' as never, { nTrials: 1 });
    await single.optimize(() => [1, 2], { nTrials: 1 });
    const [a, b] = await single.trials();
    expect([a!.state, b!.state]).toEqual(['failed', 'failed']);
    expect(a!.systemAttrs[SYSTEM_ATTRS.failReason]).toBe('TypeError: objective must return a number, got "good"');
    expect(b!.systemAttrs[SYSTEM_ATTRS.failReason]).toBe('RangeError: objective: return value must hold one value per direction (1: minimize), got 2 values');

    const two = await createStudy({ directions: ['minimize', 'maximize'] });
    await two.optimize(() => null as never, { nTrials: 1 });
    await two.optimize(() => [1, 2], { nTrials: 1 });
    const [c, d] = await two.trials();
    expect(c!.systemAttrs[SYSTEM_ATTRS.failReason]).toBe('TypeError: objective must return an array of 2 numbers (one per direction), got null');
    expect([d!.state, d!.values]).toEqual(['complete', [1, 2]]);
  });

  it('records a thrown non-Error by its description', async () => {
    const study = await createStudy();
    await study.optimize(
      () => {
        throw 'plain string';
      },
      { nTrials: 1 },
    );
    const [t] = await study.trials();
    expect([t!.state, t!.systemAttrs[SYSTEM_ATTRS.failReason]]).toEqual(['failed', 'Error: "plain string"']);
  });

  it('catch: false rethrows the first failure once the trials in flight have finished, and starts no more', async () => {
    const study = await createStudy();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const run = study.optimize(
      async (trial) => {
        if (trial.number === 0) {
          await slow;
          return 5;
        }
        throw new Error(`bad ${trial.number}`);
      },
      { nTrials: 10, parallelism: 2, catch: false },
    );
    let settled = false;
    void run.catch(() => undefined).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow('bad 1');
    expect((await study.trials()).map((t) => t.state)).toEqual(['complete', 'failed']);
  });

  it('catch: false does not rethrow pruned or diverged trials', async () => {
    const study = await createStudy();
    await study.optimize((trial) => (trial.number === 0 ? Number.POSITIVE_INFINITY : 1), { nTrials: 2, catch: false });
    expect((await study.trials()).map((t) => t.state)).toEqual(['diverged', 'complete']);
  });

  it('an error thrown by a callback ends the loop and is thrown', async () => {
    const study = await createStudy();
    const error = await study
      .optimize(() => 1, {
        nTrials: 5,
        parallelism: 2,
        callbacks: [
          (_s, t) => {
            if (t.number === 1) throw new RangeError('callback broke');
          },
        ],
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('callback broke');
    expect((await study.trials()).length).toBeLessThanOrEqual(3);
  });
});

describe('optimize budgets', () => {
  it('nTrials counts this call only; maxTrials counts the study', async () => {
    const study = await createStudy();
    await study.optimize(() => 1, { nTrials: 3 });
    await study.optimize(() => 1, { nTrials: 2 });
    expect(await study.trials()).toHaveLength(5);
    await study.optimize(() => 1, { maxTrials: 7 });
    expect(await study.trials()).toHaveLength(7);
    await study.optimize(() => 1, { maxTrials: 7, nTrials: 3 });
    expect(await study.trials()).toHaveLength(7);
  });

  it('parallel workers together start exactly nTrials, and callbacks see every trial once', async () => {
    const study = await createStudy();
    const seen: FrozenTrial[] = [];
    await study.optimize(
      async (trial) => {
        await new Promise((resolve) => setImmediate(resolve));
        return trial.number;
      },
      { nTrials: 7, parallelism: 3, callbacks: [(_s, t) => void seen.push(t)] },
    );
    expect(seen.map((t) => t.number).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(seen.every((t) => t.state === 'complete' && t.value === t.number)).toBe(true);
  });

  it('ends when a grid is exhausted, without an error and with every point run once', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1, 2, 3] }) });
    await study.optimize(async (trial) => trial.suggestInt('x', 1, 3), { parallelism: 2 });
    expect((await study.trials()).map((t) => t.value).sort()).toEqual([1, 2, 3]);
  });

  it('a timeout starts the first trial at once and none after the deadline', async () => {
    const study = await createStudy();
    await study.optimize(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return 1;
      },
      { timeout: 50 },
    );
    expect((await study.trials()).length).toBe(1);
  });
});
