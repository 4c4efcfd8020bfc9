// ask()/tryAsk()'s sampler paths on a memory storage, in process: fixed distributions checked
// before a trial exists, beforeTrial's attrs recorded and seen by the sampler, the relative
// sample recorded only when there is one, the one-step claim-or-create of storages that offer it
// (and when it must not be used), and the heartbeats of a trial whose start fails.
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { createStudy } from '../../src/tune/study.ts';
import { SearchSpaceExhaustedError } from '../../src/tune/trial-errors.ts';
import type { FrozenTrial, Sampler } from '../../src/tune/types.ts';

const unit = { type: 'float', low: 0, high: 1, log: false } as const;

/** A memory storage that also offers the one-step claim-or-create (as journal and postgres do), counting its calls. */
class ClaimingStorage extends MemoryStorage {
  claims = 0;
  async claimOrCreateTrial(studyId: number): Promise<FrozenTrial> {
    this.claims++;
    return (await this.claimWaitingTrial(studyId)) ?? this.createTrial(studyId, { state: 'running' });
  }
}

describe('Study.ask', () => {
  it('checks fixed distributions before creating a trial, and suggests them at once', async () => {
    const study = await createStudy();
    await expect(study.ask({ x: { type: 'float', low: 1, high: 0, log: false } })).rejects.toThrow(RangeError);
    // Refused before the storage saw anything.
    expect(await study.trials()).toEqual([]);
    const trial = await study.ask({ x: unit, k: { type: 'categorical', choices: ['a'] } });
    expect(trial.params).toMatchObject({ k: 'a' });
    expect(Object.keys((await trial.frozen()).params).sort()).toEqual(['k', 'x']);
  });

  it('names the study and the exhausted sampler, yet still claims a waiting trial', async () => {
    const exhausted: Sampler = { name: 'Drained', isExhausted: async () => true, sampleIndependent: async () => 0 };
    const study = await createStudy({ name: 'dry', sampler: exhausted });
    const error = await study.ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchSpaceExhaustedError);
    expect((error as Error).message).toBe('ask: study "dry" must have points left to sample, got none (Drained is exhausted)');
    expect(await study.trials()).toEqual([]);
    await study.enqueueTrial({ x: 0.25 });
    const waiting = await study.ask();
    expect(waiting.number).toBe(0);
    expect(await waiting.suggestFloat('x', 0, 1)).toBe(0.25);
  });

  it('records beforeTrial attrs before sampling, and the sampler sees the trial as re-read with them', async () => {
    const seen: Record<string, unknown>[] = [];
    const sampler: Sampler = {
      name: 'Probe',
      beforeTrial: async (_view, trial) => ({ gridIndex: trial.number + 3, note: 'x' }),
      inferRelativeSearchSpace: async (_view, trial) => {
        seen.push({ ...trial.systemAttrs });
        return {};
      },
      sampleIndependent: async (_view, trial) => {
        seen.push({ ...trial.systemAttrs });
        return 0.5;
      },
    };
    const study = await createStudy({ sampler });
    const trial = await study.ask();
    expect((await trial.frozen()).systemAttrs).toEqual({ gridIndex: 3, note: 'x' });
    await trial.suggestFloat('x', 0, 1);
    // Both the relative step and the independent draw saw the attrs on the trial they were given.
    expect(seen).toEqual([
      { gridIndex: 3, note: 'x' },
      { gridIndex: 3, note: 'x' },
    ]);
  });

  it('samples relatively only over a non-empty space, and records the sample only when it holds something', async () => {
    const calls: string[] = [];
    const make = (space: Record<string, typeof unit>, relative: Record<string, number>): Sampler => ({
      name: 'Rel',
      inferRelativeSearchSpace: async () => space,
      sampleRelative: async () => {
        calls.push('relative');
        return relative;
      },
      sampleIndependent: async () => {
        calls.push('independent');
        return 0.9;
      },
    });
    // An empty space: sampleRelative is never asked, nothing is recorded.
    const none = await (await createStudy({ sampler: make({}, { x: 0.1 }) })).ask();
    expect(calls).toEqual([]);
    expect((await none.frozen()).systemAttrs).toEqual({});
    expect(await none.suggestFloat('x', 0, 1)).toBe(0.9);
    // A space but an empty sample: asked, nothing recorded.
    calls.length = 0;
    const empty = await (await createStudy({ sampler: make({ x: unit }, {}) })).ask();
    expect(calls).toEqual(['relative']);
    expect((await empty.frozen()).systemAttrs).toEqual({});
    // A sample: recorded, and suggest returns it without an independent draw.
    calls.length = 0;
    const full = await (await createStudy({ sampler: make({ x: unit }, { x: 0.1 }) })).ask();
    expect((await full.frozen()).systemAttrs).toEqual({ relativeParams: { x: 0.1 } });
    expect(await full.suggestFloat('x', 0, 1)).toBe(0.1);
    expect(calls).toEqual(['relative']);
    // A space but no sampleRelative: nothing recorded.
    const noRelative: Sampler = { name: 'NoRel', inferRelativeSearchSpace: async () => ({ x: unit }), sampleIndependent: async () => 0.4 };
    const plain = await (await createStudy({ sampler: noRelative })).ask();
    expect((await plain.frozen()).systemAttrs).toEqual({});
    expect(await plain.suggestFloat('x', 0, 1)).toBe(0.4);
  });

  it('uses the storage claim-or-create in one step only without a budget and with points left', async () => {
    const storage = new ClaimingStorage();
    const study = await createStudy({ storage });
    await study.ask();
    expect(storage.claims).toBe(1);
    // With a budget the count is checked after the claim, so the two steps are separate.
    expect(await study.tryAsk({ maxTrials: 1 })).toBeUndefined();
    expect(storage.claims).toBe(1);
    expect((await study.tryAsk({ maxTrials: 2 }))!.number).toBe(1);
    expect(storage.claims).toBe(1);

    // An exhausted sampler must not create through it: it claims what waits, then stops.
    const dry = new ClaimingStorage();
    const exhausted: Sampler = { name: 'Drained', isExhausted: async () => true, sampleIndependent: async () => 0 };
    const done = await createStudy({ storage: dry, sampler: exhausted });
    await done.enqueueTrial({});
    expect((await done.tryAsk())!.number).toBe(0);
    expect(await done.tryAsk()).toBeUndefined();
    expect(dry.claims).toBe(0);
    expect(await done.trials()).toHaveLength(1);
  });

  it('claims in one step for a sampler that never runs out (no isExhausted), and reads no trial back when beforeTrial adds nothing', async () => {
    const storage = new ClaimingStorage();
    const endless: Sampler = { name: 'Endless', beforeTrial: async () => ({}), sampleIndependent: async () => 0.5 };
    const study = await createStudy({ storage, sampler: endless });
    const getTrial = vi.spyOn(storage, 'getTrial');
    const trial = await study.ask();
    expect([trial.number, storage.claims]).toEqual([0, 1]);
    expect(getTrial).not.toHaveBeenCalled();
  });

  it("lets the storage take the ask section's lock with its first call (one round trip on postgres)", async () => {
    const storage = new MemoryStorage();
    const lock = vi.spyOn(storage, 'withStudyLock');
    await (await createStudy({ storage })).ask();
    expect(lock).toHaveBeenCalledTimes(1);
    // MemoryStorage declares no options parameter (it has no use for them), so read the call as given.
    expect((lock.mock.calls[0] as unknown[])[2]).toEqual({ takenByFirstCall: true });
  });

  it('throws the error of a failed start as it is, with or without heartbeats', async () => {
    const failing: Sampler = {
      name: 'Broken',
      beforeTrial: async () => {
        throw new RangeError('no grid');
      },
      sampleIndependent: async () => 0,
    };
    await expect((await createStudy({ sampler: failing })).ask()).rejects.toThrow(new RangeError('no grid'));
  });

  it('sweeps for orphans again once a whole interval (5 s) has passed since the last sweep', async () => {
    const storage = new MemoryStorage();
    const sweep = vi.spyOn(storage, 'failStaleTrials');
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const study = await createStudy({ storage });
      await study.ask();
      now.mockReturnValue(1_004_999);
      await study.ask();
      expect(sweep).toHaveBeenCalledTimes(1);
      now.mockReturnValue(1_005_000);
      await study.ask();
      expect(sweep).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });

  it('stops beating for a trial whose start failed, and beats for one that started', async () => {
    const failing: Sampler = {
      name: 'Broken',
      beforeTrial: async () => {
        throw new Error('no grid');
      },
      sampleIndependent: async () => 0,
    };
    const broken = await createStudy({ sampler: failing, heartbeat: { intervalMs: 60_000 } });
    await expect(broken.ask()).rejects.toThrow('no grid');
    expect(broken.runningHere()).toEqual([]);
    const ok = await createStudy({ heartbeat: { intervalMs: 60_000 } });
    const trial = await ok.ask();
    expect(ok.runningHere()).toEqual([trial.number]);
    await ok.tell(trial, 1);
    expect(ok.runningHere()).toEqual([]);
  });
});
