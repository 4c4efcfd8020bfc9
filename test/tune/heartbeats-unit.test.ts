// TrialHeartbeats on its own, against a memory storage: the option defaults and refusals, the
// running set, a reap at most once per interval unless forced, beats that find a trial lost,
// and releaseAll's retries.
import { describe, expect, it } from 'vitest';
import { checkHeartbeatOptions, TrialHeartbeats } from '../../src/tune/heartbeats.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';

describe('checkHeartbeatOptions', () => {
  it('defaults to a 5 s beat, six beats of grace and two retries, and keeps what is given', () => {
    expect(checkHeartbeatOptions({})).toEqual({ intervalMs: 5_000, graceMs: 30_000, maxRetries: 2 });
    expect(checkHeartbeatOptions({ intervalMs: 10 })).toEqual({ intervalMs: 10, graceMs: 60, maxRetries: 2 });
    expect(checkHeartbeatOptions({ intervalMs: 10, graceMs: 10.5, maxRetries: 0 })).toEqual({ intervalMs: 10, graceMs: 10.5, maxRetries: 0 });
  });

  it('names the field, the rule and the value it refuses', () => {
    expect(() => checkHeartbeatOptions(null as never)).toThrow(new TypeError('heartbeat must be an object, got null'));
    expect(() => checkHeartbeatOptions(5 as never, 'opts')).toThrow(new TypeError('opts must be an object, got 5'));
    expect(() => checkHeartbeatOptions({ intervalMs: -1 })).toThrow(new RangeError('heartbeat.intervalMs must be a positive number of ms, got -1'));
    expect(() => checkHeartbeatOptions({ intervalMs: Number.POSITIVE_INFINITY })).toThrow(new RangeError('heartbeat.intervalMs must be a positive number of ms, got Infinity'));
    expect(() => checkHeartbeatOptions({ intervalMs: '5' as never })).toThrow(new RangeError('heartbeat.intervalMs must be a positive number of ms, got "5"'));
    expect(() => checkHeartbeatOptions({ intervalMs: 10, graceMs: 10 })).toThrow(new RangeError('heartbeat.graceMs must be a number greater than intervalMs (10), got 10'));
    expect(() => checkHeartbeatOptions({ intervalMs: 10, graceMs: '60' as never })).toThrow(new RangeError('heartbeat.graceMs must be a number greater than intervalMs (10), got "60"'));
    expect(() => checkHeartbeatOptions({ maxRetries: -1 })).toThrow(new RangeError('heartbeat.maxRetries must be a non-negative integer, got -1'));
  });
});

describe('TrialHeartbeats', () => {
  it('keeps the policy, tracks running trials, reaps once per interval unless forced, and releases all', async () => {
    const storage = new MemoryStorage();
    const study = await storage.createStudy('h', 'minimize', 0);
    const beats = new TrialHeartbeats(storage, study.id, { intervalMs: 60_000, graceMs: 120_000, maxRetries: 1 });
    expect([beats.intervalMs, beats.policy]).toEqual([60_000, { graceMs: 120_000, maxRetries: 1 }]);
    const a = await storage.createTrial(study.id, { state: 'running' });
    const b = await storage.createTrial(study.id, { state: 'running' });
    beats.start(a.number);
    beats.start(b.number);
    beats.start(b.number);
    expect(beats.running).toEqual([a.number, b.number]);
    expect(await beats.reap()).toEqual({ failed: [], requeued: [] });
    // Within the interval of the last reap: nothing, unless forced.
    expect(await beats.reap()).toBeUndefined();
    expect(await beats.reap(true)).toEqual({ failed: [], requeued: [] });

    // A trial failed by someone else is found lost at the next beat.
    await storage.releaseTrial(study.id, a.number, 'released: elsewhere');
    expect(beats.isLost(a.number)).toBe(false);
    await beats.reap(true);
    expect([beats.isLost(a.number), beats.isLost(b.number)]).toEqual([true, false]);

    beats.stop(a.number);
    expect(beats.running).toEqual([b.number]);
    const retries = await beats.releaseAll('released: SIGTERM');
    expect(retries).toHaveLength(1);
    expect(beats.running).toEqual([]);
    expect(beats.isLost(b.number)).toBe(true);
    expect((await storage.getTrial(study.id, b.number)).systemAttrs['failReason']).toBe('released: SIGTERM');
    const retry = await storage.getTrial(study.id, retries[0]!);
    expect([retry.state, retry.systemAttrs['retryOf']]).toEqual(['waiting', b.number]);
    // Nothing running: releasing again hands nothing back.
    expect(await beats.releaseAll('again')).toEqual([]);
  });

  it('beats on a timer while a trial runs and tells onError about a failed tick', async () => {
    const storage = new MemoryStorage();
    const study = await storage.createStudy('h', 'minimize', 0);
    const errors: unknown[] = [];
    const beats = new TrialHeartbeats(storage, study.id, { intervalMs: 5, onError: (e) => errors.push(e) });
    const trial = await storage.createTrial(study.id, { state: 'running' });
    const failure = new Error('storage down');
    storage.failStaleTrials = async () => {
      throw failure;
    };
    beats.start(trial.number);
    const until = Date.now() + 2_000;
    while (errors.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    beats.stop(trial.number);
    expect(errors[0]).toBe(failure);
    // A tick in flight when it stopped may still report; after that, nothing.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seen = errors.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Stopped with no trial left: the timer is gone.
    expect(errors.length).toBe(seen);
  });
});
