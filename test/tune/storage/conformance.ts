// The storage contract (src/tune/types.ts), run against every implementation
// (optuna/testing/storages.py): copies returned, finished trials immutable, atomic claims,
// consecutive numbering, intermediate values, attrs, studies, the study lock, heartbeats and
// stale trials failed and retried in one atomic step.
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { floatDistribution, intDistribution } from '../../../src/tune/space.ts';
import { trialSeed } from '../../../src/tune/seeds.ts';
import type { Storage } from '../../../src/tune/types.ts';
import { createIfAbsentConformance } from './create-if-absent.ts';
import { incrementalReadConformance } from './incremental-read.ts';
import { multiObjectiveConformance } from './multi-objective.ts';

// Wide enough that a heartbeat just before a reap on a loaded machine is never more than GRACE_MS old.
const GRACE_MS = 1_000;

/**
 * Whose clock a storage's heartbeats and staleness read. 'process': Date.now() of the process
 * that calls it, so the suite moves a fake Date on instead of sleeping. Another process's clock
 * (PostgreSQL's clock_timestamp()) cannot be moved from here, so for such a storage the suite is
 * given `age(storage, ms)`, which moves every time the storage has stamped so far ms into that
 * clock's past: to the storage's staleness check (now minus a stamp) that is ms passing, without
 * sleeping them on the wall clock. The storage still reads its server's clock for everything.
 */
export type StorageClock = 'process' | { age: (storage: Storage, ms: number) => Promise<void> };

/** `reopen(storage)`: another instance on the same data (default: the same one, for in-memory storages). */
export function storageConformance(label: string, make: () => Storage, reopen: (storage: Storage) => Storage = (storage) => storage, clock: StorageClock): void {
  /** Runs `body` on a clock that `pass(storage, ms)` moves on by ms: a frozen fake Date, or the server's stamps aged. */
  const timed = (body: (pass: (storage: Storage, ms: number) => Promise<void>) => Promise<void>) => async () => {
    if (clock !== 'process') return body((storage, ms) => clock.age(storage, ms));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await body(async (_storage, ms) => void vi.setSystemTime(Date.now() + ms));
    } finally {
      vi.useRealTimers();
    }
  };
  describe(`${label}: storage conformance`, () => {
    const fresh = async (): Promise<{ storage: Storage; studyId: number }> => {
      const storage = make();
      const study = await storage.createStudy('s', 'minimize', 7);
      return { storage, studyId: study.id };
    };

    it('creates, finds and lists studies; duplicate names error', async () => {
      const storage = make();
      const a = await storage.createStudy('a', 'minimize', 1);
      const b = await storage.createStudy('b', 'maximize', 2);
      expect(a.id).not.toBe(b.id);
      expect(await storage.getStudy('b')).toMatchObject({ id: b.id, name: 'b', direction: 'maximize', seed: 2, userAttrs: {} });
      expect(await storage.getStudy('missing')).toBeUndefined();
      expect((await storage.listStudies()).map((s) => s.name)).toEqual(['a', 'b']);
      await expect(storage.createStudy('a', 'minimize', 0)).rejects.toThrow('name must be unique, got "a"');
      await storage.setStudyAttr(a.id, 'note', { x: [1, 2] });
      expect((await storage.getStudy('a'))!.userAttrs).toEqual({ note: { x: [1, 2] } });
      await storage.close();
    });

    it('numbers trials consecutively and derives seeds from the study seed', async () => {
      const { storage, studyId } = await fresh();
      const trials = await Promise.all(Array.from({ length: 5 }, (_, i) => storage.createTrial(studyId, { state: i % 2 === 0 ? 'running' : 'waiting' })));
      expect(trials.map((t) => t.number).sort()).toEqual([0, 1, 2, 3, 4]);
      for (const t of trials) expect(t.seed).toBe(trialSeed(7, t.number));
      const explicit = await storage.createTrial(studyId, { state: 'running', seed: 42 });
      expect(explicit).toMatchObject({ number: 5, seed: 42, state: 'running', value: null, params: {}, intermediate: {} });
      expect(explicit.startedAt).not.toBeNull();
      expect((await storage.getTrials(studyId)).map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
      // Concurrent creations may be numbered in any order; each keeps the state it asked for.
      const waiting = trials.filter((t) => t.state === 'waiting').map((t) => t.number);
      expect(waiting).toHaveLength(2);
      expect((await storage.getTrials(studyId, ['waiting'])).map((t) => t.number)).toEqual(waiting.sort());
      await storage.close();
    });

    it('claims the oldest waiting trial atomically, each once', async () => {
      const { storage, studyId } = await fresh();
      await storage.createTrial(studyId, { state: 'running' });
      for (let i = 0; i < 4; i++) await storage.createTrial(studyId, { state: 'waiting', systemAttrs: { i } });
      const claims = await Promise.all(Array.from({ length: 6 }, () => storage.claimWaitingTrial(studyId)));
      const claimed = claims.filter((t) => t !== undefined).map((t) => t!.number);
      expect(claimed.sort()).toEqual([1, 2, 3, 4]);
      expect(claims.filter((t) => t === undefined)).toHaveLength(2);
      for (const t of claims) if (t !== undefined) expect(t.state).toBe('running');
      expect(await storage.claimWaitingTrial(studyId)).toBeUndefined();
      await storage.close();
    });

    it('records params with distributions, intermediate values and attrs', async () => {
      const { storage, studyId } = await fresh();
      const t = await storage.createTrial(studyId, { state: 'running', systemAttrs: { gridIndex: 3 } });
      const lr = floatDistribution(1e-4, 1, { log: true });
      await storage.setParam(studyId, t.number, 'lr', lr, 0.01);
      await storage.setParam(studyId, t.number, 'units', intDistribution(8, 64, { step: 8 }), 32);
      await expect(storage.setParam(studyId, t.number, 'lr', lr, 0.02)).rejects.toThrow('"lr"');
      await storage.reportIntermediate(studyId, t.number, 0, 1.5);
      await storage.reportIntermediate(studyId, t.number, 1, 0.75);
      await storage.reportIntermediate(studyId, t.number, 1, 0.5);
      await expect(storage.reportIntermediate(studyId, t.number, -1, 0)).rejects.toThrow('step must be a non-negative integer, got -1');
      await storage.setTrialAttr(studyId, t.number, 'user', 'acc', 0.9);
      await storage.setTrialAttr(studyId, t.number, 'system', 'note', ['a']);
      const got = await storage.getTrial(studyId, t.number);
      expect(got.params).toEqual({ lr: 0.01, units: 32 });
      expect(got.distributions).toEqual({ lr, units: intDistribution(8, 64, { step: 8 }) });
      expect(got.intermediate).toEqual({ 0: 1.5, 1: 0.5 });
      expect(got.userAttrs).toEqual({ acc: 0.9 });
      expect(got.systemAttrs).toEqual({ gridIndex: 3, note: ['a'] });
      await storage.close();
    });

    it('returns copies: mutating a returned trial or study changes nothing stored', async () => {
      const { storage, studyId } = await fresh();
      const t = await storage.createTrial(studyId, { state: 'running', systemAttrs: { a: { b: 1 } } });
      t.params['x'] = 1;
      (t.systemAttrs['a'] as { b: number }).b = 2;
      t.state = 'complete';
      const got = await storage.getTrial(studyId, t.number);
      expect(got.params).toEqual({});
      expect(got.systemAttrs).toEqual({ a: { b: 1 } });
      expect(got.state).toBe('running');
      (await storage.getTrials(studyId))[0]!.userAttrs['z'] = 1;
      expect((await storage.getTrial(studyId, 0)).userAttrs).toEqual({});
      const study = (await storage.getStudy('s'))!;
      study.userAttrs['k'] = 1;
      expect((await storage.getStudy('s'))!.userAttrs).toEqual({});
      await storage.close();
    });

    it('finishes running trials once; finished trials never change', async () => {
      const { storage, studyId } = await fresh();
      const t = await storage.createTrial(studyId, { state: 'running' });
      await storage.finishTrial(studyId, t.number, 'complete', 0.25);
      const done = await storage.getTrial(studyId, t.number);
      expect(done).toMatchObject({ state: 'complete', value: 0.25 });
      expect(done.completedAt).not.toBeNull();
      await expect(storage.finishTrial(studyId, t.number, 'failed', null)).rejects.toThrow('must be running, got state "complete"');
      await expect(storage.setParam(studyId, t.number, 'x', floatDistribution(0, 1), 0.5)).rejects.toThrow('must not be finished');
      await expect(storage.reportIntermediate(studyId, t.number, 0, 1)).rejects.toThrow('must not be finished');
      await expect(storage.setTrialAttr(studyId, t.number, 'user', 'k', 1)).rejects.toThrow('must not be finished');
      const waiting = await storage.createTrial(studyId, { state: 'waiting' });
      await expect(storage.finishTrial(studyId, waiting.number, 'complete', 1)).rejects.toThrow('got state "waiting"');
      expect(await storage.getTrial(studyId, t.number)).toEqual(done);
      await storage.close();
    });

    it('names unknown studies and trials in errors', async () => {
      const { storage, studyId } = await fresh();
      await expect(storage.getTrials(99)).rejects.toThrow('studyId must name an existing study, got 99');
      await expect(storage.getTrial(studyId, 5)).rejects.toThrow('trialNumber must name a trial of study');
      await storage.close();
    });

    it('counts trials by state, with or without retries', async () => {
      const { storage, studyId } = await fresh();
      await storage.createTrial(studyId, { state: 'running' });
      await storage.createTrial(studyId, { state: 'waiting' });
      await storage.createTrial(studyId, { state: 'waiting', systemAttrs: { retryOf: 0 } });
      expect(await storage.countTrials(studyId)).toBe(3);
      expect(await storage.countTrials(studyId, { states: ['waiting'] })).toBe(2);
      expect(await storage.countTrials(studyId, { excludeRetries: true })).toBe(2);
      expect(await storage.countTrials(studyId, { states: ['complete'] })).toBe(0);
      await expect(storage.countTrials(99)).rejects.toThrow('studyId must name an existing study, got 99');
      await storage.close();
    });

    it('leaves trials failed as orphans (released or stale) out of the budget count; their retries and objective failures count', timed(async (pass) => {
      const { storage, studyId } = await fresh();
      const first = await storage.createTrial(studyId, { state: 'running' });
      await storage.createTrial(studyId, { state: 'waiting' });
      await storage.releaseTrial(studyId, first.number, 'released: test');
      expect((await storage.getTrial(studyId, first.number)).systemAttrs).toMatchObject({ orphaned: true, failReason: 'released: test' });
      expect(await storage.countTrials(studyId, { excludeOrphans: true })).toBe(2);
      expect(await storage.countTrials(studyId, { excludeRetries: true })).toBe(2);
      // Both die with no retries left: the budget gets their places back.
      await storage.claimWaitingTrial(studyId);
      await storage.claimWaitingTrial(studyId);
      await pass(storage, 20);
      expect((await storage.failStaleTrials(studyId, { graceMs: 1, maxRetries: 0 })).failed).toEqual([1, 2]);
      expect(await storage.countTrials(studyId, { excludeOrphans: true })).toBe(0);
      const failing = await storage.createTrial(studyId, { state: 'running' });
      await storage.finishTrial(studyId, failing.number, 'failed', null);
      expect(await storage.countTrials(studyId, { excludeOrphans: true })).toBe(1);
      expect(await storage.countTrials(studyId, { states: ['failed'], excludeOrphans: true })).toBe(1);
      expect(await storage.countTrials(studyId, { states: ['failed'] })).toBe(4);
      expect(await storage.countTrials(studyId)).toBe(4);
      await storage.close();
    }));

    it('runs study-lock sections one at a time, and a throwing section releases the lock', async () => {
      const { storage, studyId } = await fresh();
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      const section = (k: number) => async () => {
        inside++;
        most = Math.max(most, inside);
        await storage.countTrials(studyId);
        await tick();
        order.push(k);
        inside--;
        if (k === 1) throw new Error('section 1 failed');
        return k;
      };
      const results = await Promise.allSettled([0, 1, 2, 3].map((k) => storage.withStudyLock(studyId, section(k))));
      expect(most).toBe(1);
      expect(order.sort()).toEqual([0, 1, 2, 3]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(await storage.withStudyLock(studyId, async () => 'free')).toBe('free');
      await storage.close();
    });

    it('heartbeats running trials only', async () => {
      const { storage, studyId } = await fresh();
      const running = await storage.createTrial(studyId, { state: 'running' });
      const waiting = await storage.createTrial(studyId, { state: 'waiting' });
      expect(await storage.heartbeat(studyId, running.number)).toBe(true);
      expect(await storage.heartbeat(studyId, waiting.number)).toBe(false);
      await storage.finishTrial(studyId, running.number, 'complete', 1);
      expect(await storage.heartbeat(studyId, running.number)).toBe(false);
      await expect(storage.heartbeat(studyId, 9)).rejects.toThrow('trialNumber must name a trial of study');
      await storage.close();
    });

    it('fails stale running trials and re-queues them with their seed, params and a link, once each', timed(async (pass) => {
      const { storage, studyId } = await fresh();
      const lost = await storage.createTrial(studyId, { state: 'running', systemAttrs: { gridIndex: 2, fixedParams: { a: 1 } } });
      await storage.setParam(studyId, lost.number, 'x', floatDistribution(0, 1), 0.5);
      await storage.reportIntermediate(studyId, lost.number, 0, 3);
      const alive = await storage.createTrial(studyId, { state: 'running' });
      const queued = await storage.createTrial(studyId, { state: 'waiting' });
      // GRACE leaves room for a loaded machine between a heartbeat and the reaping that follows it.
      await pass(storage, GRACE_MS + 400);
      expect(await storage.heartbeat(studyId, alive.number)).toBe(true);
      // Two reapers at once: each stale trial is failed and re-queued exactly once.
      const [first, second] = await Promise.all([storage.failStaleTrials(studyId, { graceMs: GRACE_MS, maxRetries: 1 }), storage.failStaleTrials(studyId, { graceMs: GRACE_MS, maxRetries: 1 })]);
      const failed = [...first!.failed, ...second!.failed];
      const requeued = [...first!.requeued, ...second!.requeued];
      expect(failed).toEqual([lost.number]);
      expect(requeued).toHaveLength(1);
      const retry = requeued[0]!;
      expect(retry).toMatchObject({ number: 3, state: 'waiting', seed: lost.seed, params: {} });
      expect(retry.systemAttrs).toEqual({ gridIndex: 2, fixedParams: { a: 1, x: 0.5 }, retryOf: lost.number, retryCount: 1 });
      const dead = await storage.getTrial(studyId, lost.number);
      expect(dead).toMatchObject({ state: 'failed', value: null, intermediate: { 0: 3 } });
      expect(dead.systemAttrs['failReason']).toBe(`stale heartbeat: no beat for more than ${GRACE_MS} ms`);
      expect((await storage.getTrial(studyId, alive.number)).state).toBe('running');
      expect((await storage.getTrial(studyId, queued.number)).state).toBe('waiting');
      await expect(storage.finishTrial(studyId, lost.number, 'complete', 1)).rejects.toThrow('must be running, got state "failed"');

      // The retry dies too: with maxRetries 1 it is failed but not re-queued again.
      const claimed = await storage.claimWaitingTrial(studyId);
      expect(claimed!.number).toBe(queued.number);
      const again = (await storage.claimWaitingTrial(studyId))!;
      expect(again.number).toBe(retry.number);
      await pass(storage, GRACE_MS + 400);
      await storage.heartbeat(studyId, alive.number);
      await storage.heartbeat(studyId, claimed!.number);
      const last = await storage.failStaleTrials(studyId, { graceMs: GRACE_MS, maxRetries: 1 });
      expect(last).toEqual({ failed: [retry.number], requeued: [] });
      await expect(storage.failStaleTrials(studyId, { graceMs: 0, maxRetries: 1 })).rejects.toThrow('policy.graceMs must be a positive number of ms, got 0');
      await expect(storage.failStaleTrials(studyId, { graceMs: 10, maxRetries: -1 })).rejects.toThrow('policy.maxRetries must be a non-negative integer, got -1');
      await storage.close();
    }));

    it('releases a running trial: failed with the reason, re-queued; anything else is left alone', async () => {
      const { storage, studyId } = await fresh();
      const t = await storage.createTrial(studyId, { state: 'running', seed: 11 });
      await storage.setParam(studyId, t.number, 'n', intDistribution(1, 9), 4);
      const retry = await storage.releaseTrial(studyId, t.number, 'released: worker stopping');
      expect(retry).toMatchObject({ number: 1, state: 'waiting', seed: 11, systemAttrs: { fixedParams: { n: 4 }, retryOf: 0, retryCount: 1 } });
      expect(await storage.getTrial(studyId, t.number)).toMatchObject({ state: 'failed', systemAttrs: { failReason: 'released: worker stopping' } });
      expect(await storage.releaseTrial(studyId, t.number, 'again')).toBeUndefined();
      expect(await storage.releaseTrial(studyId, retry!.number, 'waiting')).toBeUndefined();
      expect(await storage.countTrials(studyId)).toBe(2);
      await storage.close();
    });

    it('imports trials exactly as given, in every state, and numbers on after them', async () => {
      const { storage, studyId } = await fresh();
      const lr = floatDistribution(1e-4, 1, { log: true });
      const done = {
        number: 0,
        state: 'complete' as const,
        params: { lr: 0.01, fixed: 'a' },
        distributions: { lr },
        value: 0.125,
        values: [0.125],
        intermediate: { 0: 2.5, 3: Number.POSITIVE_INFINITY, 7: 0.125 },
        seed: 123,
        startedAt: 1_700_000_000_000,
        completedAt: 1_700_000_005_000,
        userAttrs: { acc: 0.97, notes: ['x'] },
        systemAttrs: { gridIndex: 4, retryOf: 9 },
      };
      const waiting = { ...done, number: 1, state: 'waiting' as const, params: {}, distributions: {}, value: null, values: null, intermediate: {}, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: { fixedParams: { lr: 0.5 } } };
      await storage.importTrial(studyId, done);
      await storage.importTrial(studyId, waiting);
      expect(await storage.getTrials(studyId)).toEqual([done, waiting]);
      await expect(storage.importTrial(studyId, { ...done, number: 5 })).rejects.toThrow("importTrial: trial number must be the study's next (2), got 5");
      await expect(storage.importTrial(studyId, { ...done, number: 2, state: 'lost' as 'failed' })).rejects.toThrow('importTrial: state of trial 2 must be one of');
      await expect(storage.importTrial(studyId, { ...done, number: 2, intermediate: { 1: Number.NaN } })).rejects.toThrow('importTrial: intermediate value of trial 2 at step 1 must be a number');
      expect((await storage.createTrial(studyId, { state: 'running' })).number).toBe(2);
      expect((await storage.claimWaitingTrial(studyId))!.number).toBe(1);
      await storage.close();
    });

    it('keeps studies apart', async () => {
      const storage = make();
      const a = await storage.createStudy('a', 'minimize', 0);
      const b = await storage.createStudy('b', 'minimize', 0);
      await storage.createTrial(a.id, { state: 'waiting' });
      await storage.createTrial(b.id, { state: 'running' });
      expect(await storage.claimWaitingTrial(b.id)).toBeUndefined();
      expect((await storage.claimWaitingTrial(a.id))!.number).toBe(0);
      expect((await storage.getTrials(b.id)).map((t) => t.number)).toEqual([0]);
      await storage.close();
    });

    createIfAbsentConformance(make);
    incrementalReadConformance(make, reopen);
    multiObjectiveConformance(make, reopen);
  });
}
