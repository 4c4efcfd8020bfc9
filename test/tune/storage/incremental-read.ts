// Storage conformance: reading only what changed. getTrialsFrom returns the trials a reader must
// read again, importTrials fills a study in one step, and a TrialHistory over one storage
// instance follows what another instance on the same data writes (another process, another
// machine) while never reading a finished trial twice.
import { expect, it } from 'vitest';
import { stepValuesFromTrials } from '../../../src/tune/storage/step-values.ts';
import { TrialHistory } from '../../../src/tune/storage/trial-history.ts';
import type { FrozenTrial, Storage, TrialState } from '../../../src/tune/types.ts';

/** The storage, with the trial numbers each getTrialsFrom returned. */
function recording(storage: Storage): { storage: Storage; reads: number[][] } {
  const reads: number[][] = [];
  const recorded = Object.create(storage) as Storage;
  recorded.getTrialsFrom = async (studyId, from, numbers) => {
    const trials = await storage.getTrialsFrom(studyId, from, numbers);
    reads.push(trials.map((t) => t.number));
    return trials;
  };
  return { storage: recorded, reads };
}

function done(number: number, state: TrialState, intermediate: Record<number, number>, value: number | null = null): FrozenTrial {
  return { number, state, params: {}, distributions: {}, value, values: value === null ? null : [value], intermediate, seed: number, startedAt: 1, completedAt: 2, userAttrs: {}, systemAttrs: {} };
}

/** `reopen(storage)`: another instance on the same data (the same instance for an in-memory storage). */
export function incrementalReadConformance(make: () => Storage, reopen: (storage: Storage) => Storage): void {
  it('getTrialsFrom returns the trials from a number on and the listed ones below it, in number order', async () => {
    const storage = make();
    const { id } = await storage.createStudy('s', 'minimize', 0);
    for (let i = 0; i < 6; i += 1) await storage.createTrial(id, { state: i % 2 === 0 ? 'running' : 'waiting' });
    await storage.reportIntermediate(id, 1, 2, 0.5);
    expect((await storage.getTrialsFrom(id, 4, [3, 1, 1, 5, 99])).map((t) => t.number)).toEqual([1, 3, 4, 5]);
    expect((await storage.getTrialsFrom(id, 4, [1]))[0]!.intermediate).toEqual({ 2: 0.5 });
    expect(await storage.getTrialsFrom(id, 6)).toEqual([]);
    expect((await storage.getTrialsFrom(id, 0)).map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    await expect(storage.getTrialsFrom(id, -1)).rejects.toThrow('getTrialsFrom: from must be a non-negative integer, got -1');
    await expect(storage.getTrialsFrom(id, 0, [0, 1.5])).rejects.toThrow('getTrialsFrom: numbers[1] must be a non-negative integer, got 1.5');
    await expect(storage.getTrialsFrom(99, 0)).rejects.toThrow('studyId must name an existing study, got 99');
    await storage.close();
  });

  it('importTrials stores every trial or, when one is refused, none', async () => {
    const storage = make();
    const { id } = await storage.createStudy('s', 'minimize', 0);
    await storage.importTrials(id, [done(0, 'complete', { 0: 1 }, 1), done(1, 'pruned', { 0: 2 }, 2)]);
    await expect(storage.importTrials(id, [done(2, 'complete', {}, 3), done(9, 'complete', {}, 4)])).rejects.toThrow("importTrial: trial number must be the study's next (3), got 9");
    expect((await storage.getTrials(id)).map((t) => [t.number, t.state, t.value])).toEqual([
      [0, 'complete', 1],
      [1, 'pruned', 2],
    ]);
    await storage.close();
  });

  it('a history sees what another instance writes, re-reads its running trials, and reads a finished trial once', async () => {
    const first = make();
    const { id } = await first.createStudy('s', 'minimize', 0);
    const other = reopen(first);
    const { storage, reads } = recording(first);
    const history = new TrialHistory(storage, id);
    await other.importTrials(id, [done(0, 'complete', { 0: 3 }, 3), done(1, 'complete', { 0: 1 }, 1)]);
    const running = await other.createTrial(id, { state: 'running' });
    expect((await history.trials()).map((t) => t.state)).toEqual(['complete', 'complete', 'running']);
    expect(reads.at(-1)).toEqual([0, 1, 2]);

    // Changed by the other instance while the history holds it as running: re-read.
    await other.reportIntermediate(id, running.number, 0, 2);
    await other.setTrialAttr(id, running.number, 'user', 'note', 'x');
    expect((await history.stepValues(0)).entries).toEqual([
      { number: 0, state: 'complete', value: 3 },
      { number: 1, state: 'complete', value: 1 },
      { number: 2, state: 'running', value: 2 },
    ]);
    expect((await history.trials(['running']))[0]!.userAttrs).toEqual({ note: 'x' });
    expect(reads.at(-1)).toEqual([2]);

    // Finished by the other instance: seen, then never read again.
    await other.finishTrial(id, running.number, 'complete', 2);
    const next = await other.createTrial(id, { state: 'waiting' });
    expect(await history.count(['complete'])).toBe(3);
    expect(reads.at(-1)).toEqual([2, next.number]);
    expect((await history.stepValues(0, { states: ['complete'] })).ascending()).toEqual([1, 2, 3]);
    expect(reads.at(-1)).toEqual([next.number]);
    expect((await history.trials()).map((t) => `${t.number}:${t.state}`)).toEqual(['0:complete', '1:complete', '2:complete', '3:waiting']);
    expect(reads.flat().filter((n) => n < 2)).toEqual([0, 1]);

    // Copies: what a caller changes is not what the history keeps.
    (await history.trials())[0]!.intermediate[0] = 99;
    expect((await history.trials())[0]!.intermediate).toEqual({ 0: 3 });
    if (other !== first) await other.close();
    await first.close();
  });

  it("a history's budget count equals the storage's count without orphans, as another instance releases and retries trials", async () => {
    const first = make();
    const { id } = await first.createStudy('s', 'minimize', 0);
    const other = reopen(first);
    const history = new TrialHistory(first, id);
    const budget = () => first.countTrials(id, { excludeOrphans: true });
    await other.importTrials(id, [done(0, 'complete', {}, 1)]);
    const running = await other.createTrial(id, { state: 'running' });
    expect(await history.budgetCount()).toBe(2);
    await other.releaseTrial(id, running.number, 'released: test');
    expect(await history.budgetCount()).toBe(await budget());
    expect(await history.budgetCount()).toBe(2);
    const retry = (await other.claimWaitingTrial(id))!;
    await other.releaseTrial(id, retry.number, 'released: again');
    await other.createTrial(id, { state: 'waiting' });
    expect(await history.budgetCount()).toBe(await budget());
    expect(await history.budgetCount()).toBe(3);
    if (other !== first) await other.close();
    await first.close();
  });

  it('keeps per-step values equal to those computed from every trial, for each query, as trials come and finish', async () => {
    const storage = make();
    const { id } = await storage.createStudy('s', 'maximize', 0);
    const history = new TrialHistory(storage, id);
    const queries = [
      { step: 1 },
      { step: 1, states: ['complete'] as TrialState[] },
      { step: 2, match: 'rung' as const },
      { step: 2, match: 'rung' as const, states: ['complete', 'pruned'] as TrialState[], below: 5 },
      { step: 0, states: ['running'] as TrialState[] },
    ];
    for (let round = 0; round < 4; round += 1) {
      for (let k = 0; k < 3; k += 1) {
        const t = await storage.createTrial(id, { state: 'running' });
        for (let step = 0; step <= (t.number % 4); step += 1) await storage.reportIntermediate(id, t.number, step, (t.number * 37) % 11 === 3 ? Number.POSITIVE_INFINITY : ((t.number * 37) % 11) + step);
      }
      // Trials finish out of number order; one stays running.
      const open = (await storage.getTrials(id, ['running'])).map((t) => t.number).reverse();
      for (const n of open.slice(0, -1)) await storage.finishTrial(id, n, n % 3 === 0 ? 'pruned' : 'complete', n);
      const all = await storage.getTrials(id);
      for (const { step, ...query } of queries) {
        const got = await history.stepValues(step, query);
        const want = stepValuesFromTrials(all, step, query);
        expect(got.entries).toEqual(want.entries);
        expect(got.ascending()).toEqual(want.ascending());
      }
      expect(await history.count(['complete'], 7)).toBe(all.filter((t) => t.state === 'complete' && t.number < 7).length);
    }
    await expect(history.stepValues(-1)).rejects.toThrow('stepValues: step must be a non-negative integer, got -1');
    await storage.close();
  });
}
