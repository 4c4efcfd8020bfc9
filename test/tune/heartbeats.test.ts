// Heartbeats through the Study (ask/tell and optimize alike): dead workers' trials are failed
// after the grace period and retried with their parameters, live ones are left alone, a worker
// whose trial was taken from it gets TrialLostError, a stopping worker releases its trials, and
// maxTrials caps a study shared by several study objects.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { createStudy, loadStudy } from '../../src/tune/study.ts';
import { TrialLostError } from '../../src/tune/trial-errors.ts';

const BEAT = { intervalMs: 40, graceMs: 1_000, maxRetries: 2 };

/**
 * Runs `body` on a fake clock: Date (MemoryStorage's stamps) and setInterval (the heartbeat
 * timer) are vitest's, so `vi.advanceTimersByTimeAsync(ms)` lets ms pass with every beat and reap
 * of the real schedule in it, and `vi.setSystemTime` moves time on with no timer firing (an event
 * loop blocked that long). The grace periods pass without seconds of sleep on the wall clock.
 */
const onFakeClock = (body: () => Promise<void>) => async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  try {
    await body();
  } finally {
    vi.useRealTimers();
  }
};

describe('heartbeats', () => {
  it('a trial that never beat (its worker died at once) is failed after the grace period and retried with its params', onFakeClock(async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'h', storage, heartbeat: BEAT });
    // A worker that died right after asking: running, one param set, no beat ever.
    const dead = await storage.createTrial(study.id, { state: 'running' });
    await storage.setParam(study.id, dead.number, 'x', { type: 'float', low: 0, high: 1, log: false }, 0.25);
    expect((await study.ask()).number).toBe(1);
    expect((await storage.getTrial(study.id, dead.number)).state).toBe('running');
    await vi.advanceTimersByTimeAsync(BEAT.graceMs + 100);
    const retry = await study.ask();
    expect(retry.number).toBe(2);
    expect(await retry.suggestFloat('x', 0, 1)).toBe(0.25);
    expect(retry.seed).toBe(dead.seed);
    expect((await retry.frozen()).systemAttrs).toMatchObject({ retryOf: dead.number, retryCount: 1 });
    expect((await storage.getTrial(study.id, dead.number)).state).toBe('failed');
    // Trial 1 was asked here and beats on: never failed.
    expect((await storage.getTrial(study.id, 1)).state).toBe('running');
    await study.tell(1, 1);
    await study.tell(retry, 2);
  }));

  it('a live trial outlasts the grace period; a trial failed meanwhile makes tell throw TrialLostError', onFakeClock(async () => {
    const storage = new MemoryStorage();
    const worker = await createStudy({ name: 'h', storage, heartbeat: BEAT });
    const other = await loadStudy({ name: 'h', storage, heartbeat: BEAT });
    const trial = await worker.ask();
    await vi.advanceTimersByTimeAsync(BEAT.graceMs + 300);
    await other.tryAsk();
    expect((await worker.tell(trial, 0.5)).state).toBe('complete');

    const taken = await worker.ask();
    await storage.releaseTrial(worker.id, taken.number, 'released: by hand');
    await expect(worker.tell(taken, 1)).rejects.toThrow(TrialLostError);
    await expect(worker.tell(taken, 1)).rejects.toThrow(`tell: trial ${taken.number} of study "h" must still be running, got failed by the study (released: by hand)`);
  }));

  it('optimize carries on past a lost trial, and releaseRunning hands running trials back', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'h', storage, heartbeat: BEAT });
    let first = true;
    await study.optimize(
      async (t) => {
        const x = await t.suggestFloat('x', 0, 1);
        if (first) {
          first = false;
          await storage.releaseTrial(study.id, t.number, 'released: test');
        }
        return x;
      },
      { nTrials: 3 },
    );
    const trials = await study.trials();
    // Trial 0 was taken from the worker mid-run; its retry (1) ran next.
    expect(trials.map((t) => t.state)).toEqual(['failed', 'complete', 'complete']);
    expect(trials[1]!.systemAttrs['retryOf']).toBe(0);
    expect(trials[1]!.params['x']).toBe(trials[0]!.params['x']);

    const a = await study.ask();
    const b = await study.ask();
    expect([a.number, b.number]).toEqual([3, 4]);
    expect(study.runningHere()).toEqual([3, 4]);
    const retries = await study.releaseRunning('SIGTERM');
    expect(retries).toEqual([5, 6]);
    expect(study.runningHere()).toEqual([]);
    expect((await storage.getTrial(study.id, 4)).systemAttrs['failReason']).toBe('released: SIGTERM');
    await expect(study.tell(a, 1)).rejects.toThrow(TrialLostError);
  });

  it('maxTrials caps a study shared by several study objects, counting all of them', async () => {
    const storage = new MemoryStorage();
    const first = await createStudy({ name: 'cap', storage });
    const second = await loadStudy({ name: 'cap', storage });
    const objective = async (t: { suggestFloat: (n: string, l: number, h: number) => Promise<number> }) => {
      await delay(1);
      return t.suggestFloat('x', 0, 1);
    };
    await Promise.all([first.optimize(objective, { maxTrials: 7, parallelism: 3 }), second.optimize(objective, { maxTrials: 7, parallelism: 3 })]);
    expect(await storage.countTrials(first.id, { states: ['complete'] })).toBe(7);
    await expect(first.optimize(objective, { maxTrials: -1 })).rejects.toThrow('optimize: maxTrials must be a non-negative integer, got -1');
  });

  it('an event loop blocked past the grace (a long epoch on the main thread) gets no trial of this process failed by its own next ask', onFakeClock(async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'h', storage, heartbeat: { intervalMs: 10, graceMs: 100 } });
    const first = await study.ask();
    // Synchronous work: the clock moves on past the grace and no timer runs, so no beat.
    vi.setSystemTime(Date.now() + 250);
    const second = await study.ask();
    expect((await storage.getTrial(study.id, first.number)).state).toBe('running');
    expect(second.number).toBe(1);
    await study.tell(first, 1);
    await study.tell(second, 2);
  }));

  it('names bad heartbeat options', async () => {
    await expect(createStudy({ heartbeat: { intervalMs: 0 } })).rejects.toThrow('heartbeat.intervalMs must be a positive number of ms, got 0');
    await expect(createStudy({ heartbeat: { intervalMs: 100, graceMs: 50 } })).rejects.toThrow('heartbeat.graceMs must be a number greater than intervalMs (100), got 50');
    await expect(createStudy({ heartbeat: { maxRetries: 1.5 } })).rejects.toThrow('heartbeat.maxRetries must be a non-negative integer, got 1.5');
  });
});
