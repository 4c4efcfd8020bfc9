// A reproducible study wakes the trials waiting on its logical clock when it changes the study
// itself (a recorded proposal, a report), instead of leaving them to the poll timer. The poll is
// set to a minute here, so a missing wake-up shows as a wait that does not end: each wait is
// raced against a short deadline that only fires when the wake-up is missing. A wait also sweeps
// for dead workers' trials, so one that waits on such a trial ends (the clock is mocked, no sleep).
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { createStudy } from '../../src/tune/study.ts';
import type { Pruner, Sampler } from '../../src/tune/types.ts';

const slowPoll = { logicalWorkers: 2, pollMs: 60_000 };

/** `promise`, or a rejection naming `what` if it has not settled within 2 s (it settles at once when woken). */
function woken<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was not woken`)), 2_000);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Lets other promises run (no timers). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('reproducible study wake-ups', () => {
  it("wakes a proposal waiting on a lower trial's proposal once that is recorded", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sampler: Sampler = {
      name: 'Gated',
      inferRelativeSearchSpace: async (_v, trial) => {
        if (trial.number === 0) await gate;
        return {};
      },
      sampleIndependent: async () => 0.5,
    };
    const study = await createStudy({ sampler, reproducible: slowPoll });
    const first = study.ask();
    const second = study.ask();
    // Trial 1's proposal is now waiting for trial 0's, which waits on the gate.
    await turns(20);
    release();
    // (The second ask took trial 0: the first one's orphan sweep let it take the lock first.)
    const trials = await woken(Promise.all([first, second]), "trial 1's proposal");
    expect(trials.map((t) => t.number).sort()).toEqual([0, 1]);
  });

  it("sweeps a dead worker's lower trial while a proposal waits on it, so the wait ends", async () => {
    const storage = new MemoryStorage();
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const study = await createStudy({ storage, name: 'w', reproducible: { logicalWorkers: 1, pollMs: 5 }, heartbeat: { intervalMs: 60_000, graceMs: 120_000 } });
      // Trial 0 was started by a worker that then died: it never beats.
      await storage.createTrial(study.id, { state: 'running' });
      const asked = study.ask();
      await turns(20);
      // Past the grace (the clock, not a sleep): the next sweep, made while waiting, fails trial 0.
      now.mockReturnValue(1_200_000);
      const trial = await woken(asked, "trial 1's proposal");
      expect(trial.number).toBe(1);
      expect((await storage.getTrial(study.id, 0)).state).toBe('failed');
      await study.tell(trial, 1);
    } finally {
      now.mockRestore();
    }
  });

  it("wakes a prune check waiting on a lower trial's report once it is reported", async () => {
    // Trial 1's check needs trial 0 to have reached step 1 (as a successive-halving rung does).
    const pruner: Pruner = { name: 'Rung', shouldPrune: async (view, trial) => (await view.trialsBefore!(trial.number, { reached: 1 })).length === 0 };
    const study = await createStudy({ pruner, reproducible: slowPoll });
    const a = await study.ask();
    const b = await study.ask();
    await b.report(0.5, 1);
    const check = b.shouldPrune();
    await turns(20);
    await a.report(0.7, 1);
    expect(await woken(check, "trial 1's prune check")).toBe(false);
  });
});
