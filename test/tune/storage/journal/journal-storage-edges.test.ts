// JournalStorage where the conformance suite does not look: a hyperprop trial whose process died
// on this host is failed at once (Optuna's journal has no heartbeats, the owner attr says who
// runs it), what each call appends to the file (nothing for a refusal or a found study), and the
// refusal of a categorical parameter whose choices differ from the study's.
import { appendFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { categoricalDistribution, floatDistribution } from '../../../../src/tune/space.ts';
import type { FrozenTrial } from '../../../../src/tune/types.ts';
import { JournalStorage } from '../../../../src/tune/storage/journal/journal-storage.ts';
import { tempJournals } from '../journal-files.ts';
import { DEAD_PID } from '../../../fixtures/dead-pid.ts';

const nextPath = tempJournals();
const lineCount = (path: string): number => readFileSync(path, 'utf8').split('\n').length - 1;

/** Stamps a trial's owner as another hyperprop process would (its own worker id). */
function stampOwner(path: string, trialId: number, owner: { host: string; pid: number }): void {
  appendFileSync(path, `${JSON.stringify({ op_code: 9, worker_id: 'hyperprop-other', trial_id: trialId, system_attr: { 'hyperprop:owner': owner } })}\n`);
}

describe('JournalStorage stale and orphaned trials', () => {
  it("fails a running trial whose owner's process is gone from this host at once, with the reason, and re-queues it", async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 3);
    const dead = await storage.createTrial(study.id, { state: 'running' });
    const far = await storage.createTrial(study.id, { state: 'running' });
    const mine = await storage.createTrial(study.id, { state: 'running' });
    stampOwner(path, dead.number, { host: hostname(), pid: DEAD_PID });
    // Another host's process cannot be looked at: only its heartbeats judge it.
    stampOwner(path, far.number, { host: `${hostname()}-elsewhere`, pid: DEAD_PID });
    const result = await storage.failStaleTrials(study.id, { graceMs: 3_600_000, maxRetries: 1 });
    expect(result.failed).toEqual([dead.number]);
    expect(result.requeued.map((t) => [t.number, t.state, t.seed, t.systemAttrs['retryOf']])).toEqual([[3, 'waiting', dead.seed, dead.number]]);
    expect((await storage.getTrial(study.id, dead.number)).systemAttrs).toMatchObject({ orphaned: true, failReason: `orphaned: its process (pid ${DEAD_PID} on ${hostname()}) is gone` });
    expect((await storage.getTrial(study.id, far.number)).state).toBe('running');
    expect((await storage.getTrial(study.id, mine.number)).state).toBe('running');
  });

  it('judges a trial by its last heartbeat when it has one, else by its start; a waiting trial never', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    const beaten = await storage.createTrial(study.id, { state: 'running' });
    const started = await storage.createTrial(study.id, { state: 'running' });
    await storage.createTrial(study.id, { state: 'waiting' });
    // A beat an hour ago on the first, a fresh one on the second: the beat decides, not the start.
    appendFileSync(path, `${JSON.stringify({ op_code: 9, worker_id: 'hyperprop-x', trial_id: beaten.number, system_attr: { 'hyperprop:heartbeat': Date.now() - 3_600_000 } })}\n`);
    const result = await storage.failStaleTrials(study.id, { graceMs: 60_000, maxRetries: 0 });
    expect(result).toEqual({ failed: [beaten.number], requeued: [] });
    expect((await storage.getTrial(study.id, beaten.number)).systemAttrs['failReason']).toBe('stale heartbeat: no beat for more than 60000 ms');
    expect((await storage.getTrial(study.id, started.number)).state).toBe('running');
    expect(await storage.countTrials(study.id, { states: ['waiting'] })).toBe(1);
  });
});

describe('JournalStorage appends', () => {
  it('appends nothing for a study found by createStudyIfAbsent or a refused change', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const created = await storage.createStudyIfAbsent('s', 'maximize', 4);
    expect(created).toMatchObject({ created: true, study: { name: 's', direction: 'maximize', seed: 4 } });
    const lines = lineCount(path);
    expect(lines).toBe(3);
    expect(await storage.createStudyIfAbsent('s', 'minimize', 9)).toEqual({ created: false, study: created.study });
    await expect(storage.createStudy('s', 'minimize', 1)).rejects.toThrow('createStudy: name must be unique');
    await expect(storage.setStudyAttr(7, 'k', 1)).rejects.toThrow('studyId must name an existing study, got 7');
    expect(lineCount(path)).toBe(lines);
  });

  it('claims the oldest waiting trial or creates a running one, and records the start', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    expect(await storage.claimWaitingTrial(study.id)).toBeUndefined();
    const created = await storage.claimOrCreateTrial(study.id);
    expect(created).toMatchObject({ number: 0, state: 'running' });
    await storage.createTrial(study.id, { state: 'waiting' });
    await storage.createTrial(study.id, { state: 'waiting' });
    const claimed = await storage.claimOrCreateTrial(study.id);
    expect(claimed).toMatchObject({ number: 1, state: 'running' });
    expect(claimed.startedAt).toBeGreaterThan(0);
    expect(await storage.countTrials(study.id)).toBe(3);
    expect((await storage.getTrials(study.id, ['waiting'])).map((t) => t.number)).toEqual([2]);
  });
});

describe('JournalStorage setParam', () => {
  it("refuses a categorical whose choices differ from the study's first, saying so", async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    const first = await storage.createTrial(study.id, { state: 'running' });
    await storage.setParam(study.id, first.number, 'c', categoricalDistribution(['a', 'b']), 'a');
    const second = await storage.createTrial(study.id, { state: 'running' });
    await expect(storage.setParam(study.id, second.number, 'c', categoricalDistribution(['a', 'c']), 'a')).rejects.toThrow(
      new TypeError(`setParam: parameter "c" must keep the kind of distribution it has in study ${study.id} (CategoricalDistribution with the same choices), got {"name":"CategoricalDistribution","attributes":{"choices":["a","c"]}}`),
    );
    await expect(storage.setParam(study.id, second.number, 'c', floatDistribution(0, 1), 0.5)).rejects.toThrow(
      `setParam: parameter "c" must keep the kind of distribution it has in study ${study.id} (CategoricalDistribution with the same choices), got {"name":"FloatDistribution"`,
    );
    await storage.setParam(study.id, second.number, 'c', categoricalDistribution(['a', 'b']), 'b');
    expect((await storage.getTrial(study.id, second.number)).params).toEqual({ c: 'b' });
  });
});

describe('JournalStorage imports and fields of its own', () => {
  const imported = (number: number, over: Partial<FrozenTrial> = {}): FrozenTrial => ({
    number,
    state: 'complete',
    params: {},
    distributions: {},
    value: 1,
    values: [1],
    intermediate: {},
    seed: 5,
    startedAt: 1_000,
    completedAt: 2_000,
    userAttrs: {},
    systemAttrs: {},
    ...over,
  });

  it('imports all trials or none, naming the trial whose attrs are refused', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    const lines = lineCount(path);
    await expect(storage.importTrials(study.id, [imported(0), imported(1, { systemAttrs: { 'hyperprop:seed': 1 } })])).rejects.toThrow(
      new RangeError('importTrial: systemAttrs of trial 1 must not start with "hyperprop:" (the journal keeps its own fields there), got "hyperprop:seed"'),
    );
    await expect(storage.importTrials(study.id, [imported(0, { userAttrs: (() => 1) as never })])).rejects.toThrow(new TypeError('importTrial: userAttrs of trial 0 must be JSON-serialisable, got Function'));
    await expect(storage.importTrials(study.id, [imported(0), imported(1, { systemAttrs: (() => 1) as never })])).rejects.toThrow(new TypeError('importTrial: systemAttrs of trial 1 must be JSON-serialisable, got Function'));
    expect(lineCount(path)).toBe(lines);
    await storage.importTrials(study.id, [imported(0, { userAttrs: { u: [1] }, systemAttrs: { k: 'v' } }), imported(1, { state: 'failed', value: null, values: null })]);
    expect(await storage.getTrials(study.id)).toMatchObject([
      { number: 0, state: 'complete', value: 1, seed: 5, userAttrs: { u: [1] }, systemAttrs: { k: 'v' }, startedAt: 1_000, completedAt: 2_000 },
      { number: 1, state: 'failed', value: null, values: null },
    ]);
  });

  it('refuses system attrs named like its own fields on a new trial', async () => {
    const storage = new JournalStorage(nextPath());
    const study = await storage.createStudy('s', 'minimize', 0);
    await expect(storage.createTrial(study.id, { state: 'waiting', systemAttrs: { 'hyperprop:owner': 1 } })).rejects.toThrow(
      new RangeError('createTrial: systemAttrs must not start with "hyperprop:" (the journal keeps its own fields there), got "hyperprop:owner"'),
    );
    expect(await storage.countTrials(study.id)).toBe(0);
  });

  it('keeps the path absolute, resolved against the working directory', () => {
    const path = nextPath();
    const storage = new JournalStorage(relative(process.cwd(), path));
    expect(storage.path).toBe(path);
  });

  it('refuses a study lock on a study it does not have', async () => {
    const storage = new JournalStorage(nextPath());
    expect(() => storage.withStudyLock(0, async () => 1)).toThrow(new RangeError('studyId must name an existing study, got 0'));
  });
});

describe('JournalStorage reads what other writers appended', () => {
  it('getStudy, getTrial, countTrials and withStudyLock read the lines another process appended since', async () => {
    const path = nextPath();
    const reader = new JournalStorage(path);
    const writer = new JournalStorage(path);
    const study = await writer.createStudy('s', 'minimize', 0);
    expect((await reader.getStudy('s'))?.id).toBe(study.id);
    const other = await writer.createStudy('t', 'minimize', 0);
    expect(await reader.withStudyLock(other.id, async () => 'locked')).toBe('locked');
    await writer.createTrial(study.id, { state: 'waiting' });
    expect((await reader.getTrial(study.id, 0)).state).toBe('waiting');
    await writer.createTrial(study.id, { state: 'running' });
    expect(await reader.countTrials(study.id)).toBe(2);
  });
});

describe('JournalStorage records of its own', () => {
  const written = (path: string): Record<string, unknown>[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('stamps its owner on the trials it creates running (claimOrCreateTrial too), with their start, never on waiting ones', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    const created = await storage.claimOrCreateTrial(study.id);
    expect(created.startedAt).toEqual(expect.any(Number));
    await storage.createTrial(study.id, { state: 'waiting' });
    const creates = written(path).filter((r) => r['op_code'] === 4);
    expect(creates.map((r) => (r['system_attrs'] as Record<string, unknown>)['hyperprop:owner'])).toEqual([{ host: hostname(), pid: process.pid }, undefined]);
    expect(creates.map((r) => r['state'])).toEqual([0, 4]);
  });

  it('takes user attrs named like its own fields: only system attrs are its own', async () => {
    const storage = new JournalStorage(nextPath());
    const study = await storage.createStudy('s', 'minimize', 0);
    await storage.createTrial(study.id, { state: 'running' });
    await storage.setTrialAttr(study.id, 0, 'user', 'hyperprop:note', 1);
    expect((await storage.getTrial(study.id, 0)).userAttrs).toEqual({ 'hyperprop:note': 1 });
  });

  it("names the second trial of an import by its number when its user attrs are refused", async () => {
    const storage = new JournalStorage(nextPath());
    const study = await storage.createStudy('s', 'minimize', 0);
    const trial = { number: 0, state: 'complete' as const, params: {}, distributions: {}, value: 1, values: [1], intermediate: {}, seed: 1, startedAt: 1, completedAt: 2, userAttrs: {}, systemAttrs: {} };
    await expect(storage.importTrials(study.id, [trial, { ...trial, number: 1, userAttrs: (() => 1) as never }])).rejects.toThrow('importTrial: userAttrs of trial 1 must be JSON-serialisable, got Function');
  });
});

describe('JournalStorage staleness edges', () => {
  it('skips a running trial whose record has no worker id, and a hyperprop trial without an owner (imported running)', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    appendFileSync(path, `${JSON.stringify({ op_code: 4, study_id: study.id, state: 0, datetime_start: '2020-01-01T00:00:00.000000' })}\n`);
    await storage.importTrials(study.id, [{ number: 1, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {}, seed: 1, startedAt: Date.now(), completedAt: null, userAttrs: {}, systemAttrs: {} }]);
    expect(await storage.failStaleTrials(study.id, { graceMs: 60_000, maxRetries: 0 })).toEqual({ failed: [], requeued: [] });
  });

  it('is stale only past the grace: a trial exactly graceMs old stays', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const storage = new JournalStorage(nextPath());
      const study = await storage.createStudy('s', 'minimize', 0);
      const t = await storage.createTrial(study.id, { state: 'running' });
      vi.setSystemTime(t.startedAt! + 1_000);
      expect((await storage.failStaleTrials(study.id, { graceMs: 1_000, maxRetries: 0 })).failed).toEqual([]);
      vi.setSystemTime(t.startedAt! + 1_001);
      expect((await storage.failStaleTrials(study.id, { graceMs: 1_000, maxRetries: 0 })).failed).toEqual([t.number]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('returns each re-queued trial of one reaping as stored, in order', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 3);
    const a = await storage.createTrial(study.id, { state: 'running' });
    const b = await storage.createTrial(study.id, { state: 'running' });
    stampOwner(path, a.number, { host: hostname(), pid: DEAD_PID });
    stampOwner(path, b.number, { host: hostname(), pid: DEAD_PID });
    const { failed, requeued } = await storage.failStaleTrials(study.id, { graceMs: 3_600_000, maxRetries: 1 });
    expect(failed).toEqual([0, 1]);
    expect(requeued.map((t) => [t.number, t.state, t.seed, t.systemAttrs['retryOf']])).toEqual([
      [2, 'waiting', a.seed, 0],
      [3, 'waiting', b.seed, 1],
    ]);
  });
});
