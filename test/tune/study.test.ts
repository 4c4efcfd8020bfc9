// ask/tell, enqueueTrial, failure states, best*, determinism across parallelism, optimize limits.
import { describe, expect, it } from 'vitest';
import { RandomSampler } from '../../src/tune/samplers/random.ts';
import { createStudy, loadStudy } from '../../src/tune/study.ts';
import { TrialDivergedError, TrialPrunedError } from '../../src/tune/trial-errors.ts';
import type { Trial } from '../../src/tune/trial.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import type { Sampler } from '../../src/tune/types.ts';

const quadratic = async (trial: Trial): Promise<number> => {
  const x = await trial.suggestFloat('x', -10, 10);
  const y = await trial.suggestInt('y', -5, 5);
  return (x - 2) ** 2 + (y + 1) ** 2;
};

/** Lets other promises run, so parallel objectives interleave (no timers). */
async function yieldTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('Study', () => {
  it('random search on a quadratic improves on its first trials', async () => {
    const study = await createStudy({ seed: 11 });
    await study.optimize(quadratic, { nTrials: 200 });
    const values = (await study.trials(['complete'])).map((t) => t.value!);
    expect(values).toHaveLength(200);
    expect(await study.bestValue()).toBeLessThan(Math.min(...values.slice(0, 5)));
    expect(await study.bestValue()).toBeLessThan(0.5);
    expect((await study.bestParams())['y']).toBe(-1);
  });

  it('runs enqueued params first, then samples', async () => {
    const study = await createStudy();
    await study.enqueueTrial({ x: 2, y: -1 });
    await study.enqueueTrial({ x: 0 });
    await study.optimize(quadratic, { nTrials: 3 });
    const trials = await study.trials();
    expect(trials[0]!.params).toEqual({ x: 2, y: -1 });
    expect(trials[0]!.value).toBe(0);
    expect(trials[1]!.params['x']).toBe(0);
    expect(typeof trials[1]!.params['y']).toBe('number');
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    await study.enqueueTrial({ x: 99 });
    await study.optimize(quadratic, { nTrials: 1 });
    const bad = (await study.trials()).at(-1)!;
    expect(bad.state).toBe('failed');
    expect(bad.systemAttrs['failReason']).toContain('fixed value of "x" in trial 3 must lie in float(low=-10, high=10), got 99');
  });

  it('records failing, NaN, diverged and pruned objectives and goes on', async () => {
    const study = await createStudy();
    const outcomes = [
      () => 1,
      () => Number.NaN,
      () => {
        throw new Error('boom');
      },
      () => Number.POSITIVE_INFINITY,
      () => {
        throw new TrialDivergedError('loss exploded at epoch 3');
      },
      () => {
        throw new TrialPrunedError();
      },
      () => 'oops' as unknown as number,
      () => 0.5,
    ];
    await study.optimize(async (trial) => outcomes[trial.number]!(), { nTrials: outcomes.length });
    const trials = await study.trials();
    expect(trials.map((t) => t.state)).toEqual(['complete', 'failed', 'failed', 'diverged', 'diverged', 'pruned', 'failed', 'complete']);
    expect(trials.map((t) => t.systemAttrs['failReason'])).toEqual([
      undefined,
      'objective returned NaN',
      'Error: boom',
      'objective returned Infinity',
      'loss exploded at epoch 3',
      undefined,
      'TypeError: objective must return a number, got "oops"',
      undefined,
    ]);
    expect(await study.bestValue()).toBe(0.5);
  });

  it('with catch: false rethrows the objective error after recording it', async () => {
    const study = await createStudy();
    await expect(
      study.optimize(
        () => {
          throw new Error('stop here');
        },
        { nTrials: 5, catch: false },
      ),
    ).rejects.toThrow('stop here');
    expect((await study.trials()).map((t) => t.state)).toEqual(['failed']);
  });

  it('best* follow the direction, and throw before any trial completes', async () => {
    for (const direction of ['minimize', 'maximize'] as const) {
      const study = await createStudy({ direction });
      await expect(study.bestTrial()).rejects.toThrow('must have a complete trial, got none');
      for (const v of [3, -2, 7, -2]) {
        const t = await study.ask();
        await t.suggestFloat('v', -10, 10);
        await study.tell(t, v);
      }
      const best = await study.bestTrial();
      expect(best.value).toBe(direction === 'minimize' ? -2 : 7);
      expect(best.number).toBe(direction === 'minimize' ? 1 : 2);
      expect(await study.bestValue()).toBe(best.value);
      expect(await study.bestParams()).toEqual(best.params);
    }
  });

  it('tell accepts a trial number, refuses a finished trial and bad results', async () => {
    const study = await createStudy();
    const t = await study.ask();
    await study.tell(t.number, 4);
    await expect(study.tell(t, 5)).rejects.toThrow('must be running, got state "complete"');
    const u = await study.ask();
    await expect(study.tell(u, undefined as unknown as number)).rejects.toThrow('tell: result must be a number, an Error');
  });

  it('gives the same trials for the same seed with parallelism 1 and 2', async () => {
    const run = async (parallelism: number) => {
      const study = await createStudy({ seed: 42, sampler: new RandomSampler({ seed: 9 }) });
      await study.optimize(
        async (trial) => {
          const kind = await trial.suggestCategorical('kind', ['a', 'b']);
          await yieldTurns(trial.number % 3);
          const x = await trial.suggestFloat(kind === 'a' ? 'xa' : 'xb', 0, 1, { log: false });
          await yieldTurns((trial.number * 7) % 4);
          return x + (await trial.suggestInt('n', 1, 64, { log: true }));
        },
        { nTrials: 12, parallelism },
      );
      return (await study.trials()).map((t) => ({ number: t.number, seed: t.seed, params: t.params, value: t.value }));
    };
    const serial = await run(1);
    expect(await run(2)).toEqual(serial);
    expect(await run(1)).toEqual(serial);
    const other = await createStudy({ seed: 43 });
    await other.optimize(quadratic, { nTrials: 1 });
    expect((await other.trials())[0]!.seed).not.toBe(serial[0]!.seed);
  });

  it('runs objectives concurrently with parallelism 2', async () => {
    const study = await createStudy();
    let inFlight = 0;
    let most = 0;
    await study.optimize(
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await yieldTurns(3);
        inFlight--;
        return 1;
      },
      { nTrials: 6, parallelism: 2 },
    );
    expect(most).toBe(2);
    expect((await study.trials()).map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stops on study.stop() from a callback, on timeout, and validates options', async () => {
    const study = await createStudy();
    const seen: number[] = [];
    await study.optimize(() => 1, {
      nTrials: 100,
      callbacks: [
        (s, t) => {
          seen.push(t.number);
          if (t.number === 2) s.stop();
        },
      ],
    });
    expect(seen).toEqual([0, 1, 2]);
    await study.optimize(() => 1, { timeout: 0 });
    expect(await study.trials()).toHaveLength(3);
    await expect(study.optimize(() => 1, { parallelism: 0 })).rejects.toThrow('optimize: parallelism must be a positive integer, got 0');
    await expect(study.optimize(() => 1, { nTrials: -1 })).rejects.toThrow('optimize: nTrials must be a non-negative integer, got -1');
  });

  it('loadStudy finds a study by name; createStudy validates', async () => {
    const storage = new MemoryStorage();
    const created = await createStudy({ name: 'n', storage, direction: 'maximize', seed: 4 });
    const loaded = await loadStudy({ name: 'n', storage });
    expect([loaded.id, loaded.direction, loaded.seed]).toEqual([created.id, 'maximize', 4]);
    await expect(loadStudy({ name: 'missing', storage })).rejects.toThrow('loadStudy: name must name a study in the storage, got "missing"');
    await expect(createStudy({ direction: 'up' as never })).rejects.toThrow('direction must be "minimize" or "maximize", got "up"');
  });

  it('createStudy with loadIfExists: callers racing on a new name all join one study; without it a taken name errors', async () => {
    const storage = new MemoryStorage();
    const studies = await Promise.all(Array.from({ length: 4 }, (_, i) => createStudy({ name: 'race', storage, seed: i, loadIfExists: true })));
    expect(new Set(studies.map((s) => s.id)).size).toBe(1);
    expect(new Set(studies.map((s) => s.seed)).size).toBe(1);
    expect(await storage.listStudies()).toHaveLength(1);
    await expect(createStudy({ name: 'race', storage })).rejects.toThrow('createStudy: name must be unique in the storage, got "race" (pass loadIfExists: true to resume it)');
  });
});

describe('pending proposals', () => {
  it("an ask's relative sample is recorded at once, so the next ask's sampler sees it as the running trial's params", async () => {
    const seen: Record<string, unknown>[][] = [];
    const sampler: Sampler = {
      name: 'probe',
      inferRelativeSearchSpace: async () => ({ x: { type: 'float', low: 0, high: 1, log: false } }),
      sampleRelative: async (study, trial) => {
        seen.push((await study.getTrials(['running'])).filter((t) => t.number !== trial.number).map((t) => t.params));
        return { x: (trial.number + 1) / 10 };
      },
      sampleIndependent: async () => 0.5,
    };
    const storage = new MemoryStorage();
    const first = await createStudy({ name: 'p', storage, sampler });
    const second = await loadStudy({ name: 'p', storage, sampler });
    const a = await first.ask();
    const b = await second.ask();
    // Neither objective has suggested anything yet.
    expect((await a.frozen()).params).toEqual({});
    expect(seen).toEqual([[], [{ x: 0.1 }]]);
    expect((await b.frozen()).systemAttrs['relativeParams']).toEqual({ x: 0.2 });
    expect(await b.suggestFloat('x', 0, 1)).toBe(0.2);
  });
});
