// What a Study wires up from its services, in process on a memory storage: the sampler's view
// (the study's direction, seed and counts; running trials showing their pending relative sample),
// where reports go with and without a pruner, the orphan reap once per interval, the defaults of a
// record from an older storage, enqueueTrial's refusals, and a reproducible study's proposals (the
// logical view, the relative sample always recorded, a failing sampler failing the trial).
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { createStudy, Study } from '../../src/tune/study.ts';
import type { FrozenTrial, Pruner, Sampler, StalePolicy, StudyView } from '../../src/tune/types.ts';

const unit = { type: 'float', low: 0, high: 1, log: false } as const;

/** Counts the stale-trial sweeps and the combined report-and-read calls (as the SQL storages offer). */
class CountingStorage extends MemoryStorage {
  sweeps: StalePolicy[] = [];
  reads = 0;
  override async failStaleTrials(studyId: number, policy: StalePolicy) {
    this.sweeps.push(policy);
    return super.failStaleTrials(studyId, policy);
  }
  async reportAndRead(studyId: number, trialNumber: number, step: number, value: number, from: number, numbers: readonly number[] = []) {
    this.reads++;
    await this.reportIntermediate(studyId, trialNumber, step, value);
    return { trials: await this.getTrialsFrom(studyId, from, numbers), current: () => false };
  }
}

describe('the view a Study gives its sampler', () => {
  it("holds the study's direction, directions and seed, counts trials, and reads step values", async () => {
    let view: StudyView | undefined;
    const sampler: Sampler = { name: 'Probe', sampleIndependent: async (v) => ((view = v), 0.5) };
    const study = await createStudy({ direction: 'maximize', seed: 3, sampler });
    for (const value of [1, 2]) {
      const t = await study.ask();
      await t.report(value * 10, 1);
      await study.tell(t, value);
    }
    await (await study.ask()).suggestFloat('x', 0, 1);
    expect([view!.direction, view!.directions, view!.seed]).toEqual(['maximize', ['maximize'], 3]);
    expect([await view!.countTrials!(['complete']), await view!.countTrials!(['complete', 'running']), await view!.countTrials!(['complete'], 1)]).toEqual([2, 3, 1]);
    expect((await view!.stepValues!(1)).ascending()).toEqual([10, 20]);
  });

  it("shows a running trial's pending relative sample under its suggested params, and nothing for finished trials", async () => {
    let view: StudyView | undefined;
    const sampler: Sampler = {
      name: 'Rel',
      inferRelativeSearchSpace: async (v) => ((view = v), { x: unit, z: unit }),
      sampleRelative: async () => ({ x: 0.1, z: 0.2 }),
      sampleIndependent: async () => 0.75,
    };
    const study = await createStudy({ sampler });
    const running = await study.ask();
    // 0.1 lies outside the suggested range, so x is drawn independently (0.75) and wins over the pending 0.1.
    await running.suggestFloat('x', 0.5, 1);
    const done = await study.ask();
    await done.suggestFloat('x', 0, 1);
    await study.tell(done, 1);
    const trials = await view!.getTrials();
    expect(trials.map((t) => [t.state, t.params])).toEqual([
      ['running', { x: 0.75, z: 0.2 }],
      ['complete', { x: 0.1 }],
    ]);
    // The study's own reads show what was suggested only.
    expect((await study.trials()).map((t) => t.params)).toEqual([{ x: 0.75 }, { x: 0.1 }]);
  });
});

describe('reports and prune checks', () => {
  it("go through the storage's report-and-read only when a pruner will read right after", async () => {
    const seen: FrozenTrial[] = [];
    const pruner: Pruner = { name: 'Probe', shouldPrune: async (_v, t) => (seen.push(t), false) };
    const storage = new CountingStorage();
    const pruned = await createStudy({ storage, pruner });
    const t = await pruned.ask();
    await t.report(0.5, 1);
    expect(storage.reads).toBe(1);
    expect(await t.shouldPrune()).toBe(false);
    expect(seen.map((s) => s.intermediate)).toEqual([{ 1: 0.5 }]);

    const plain = new CountingStorage();
    const u = await (await createStudy({ storage: plain })).ask();
    await u.report(0.5, 1);
    expect(plain.reads).toBe(0);
    expect(await u.shouldPrune()).toBe(false);

    // A reproducible study reads through its logical clock instead.
    const logical = new CountingStorage();
    const r = await (await createStudy({ storage: logical, pruner, reproducible: true })).ask();
    await r.report(0.25, 2);
    expect(logical.reads).toBe(0);
    expect(await r.shouldPrune()).toBe(false);
    expect(seen.at(-1)!.intermediate).toEqual({ 2: 0.25 });
  });
});

describe('prune checks', () => {
  it("read the trial and the study once, from the report's read, not trial by trial", async () => {
    const storage = new CountingStorage();
    let trialReads = 0;
    const getTrial = storage.getTrial.bind(storage);
    storage.getTrial = (studyId, number) => (trialReads++, getTrial(studyId, number));
    const pruner: Pruner = { name: 'Probe', shouldPrune: async (_v, t) => t.intermediate[1] === 0.5 };
    const t = await (await createStudy({ storage, pruner })).ask();
    await t.report(0.5, 1);
    trialReads = 0;
    expect(await t.shouldPrune()).toBe(true);
    expect(trialReads).toBe(0);
  });
});

describe('Study.reapOrphans', () => {
  it("sweeps dead workers' trials at the first ask, then at most once per interval unless forced", async () => {
    const storage = new CountingStorage();
    const study = await createStudy({ storage });
    await study.ask();
    await study.ask();
    expect(storage.sweeps).toEqual([{ graceMs: Number.POSITIVE_INFINITY, maxRetries: 2 }]);
    expect(await study.reapOrphans()).toBeUndefined();
    expect(await study.reapOrphans(true)).toEqual({ failed: [], requeued: [] });
    expect(storage.sweeps).toHaveLength(2);
    expect(study.runningHere()).toEqual([]);
  });

  it('with heartbeats, leaves it to them (their grace and retries)', async () => {
    const storage = new CountingStorage();
    const study = await createStudy({ storage, heartbeat: { intervalMs: 60_000, graceMs: 90_000, maxRetries: 1 } });
    const t = await study.ask();
    expect(storage.sweeps).toEqual([{ graceMs: 90_000, maxRetries: 1 }]);
    expect(await study.reapOrphans()).toBeUndefined();
    expect(await study.reapOrphans(true)).toEqual({ failed: [], requeued: [] });
    await study.tell(t, 1);
  });
});

describe('a Study built from its record', () => {
  it('reads one direction from an older record and defaults to a seed-0 random sampler without a pruner', async () => {
    const storage = new MemoryStorage();
    const record = await storage.createStudy('old', 'maximize', 6);
    const study = new Study({ id: record.id, name: 'old', direction: 'maximize', seed: 6 } as never, storage);
    expect([study.name, study.direction, study.directions, study.seed]).toEqual(['old', 'maximize', ['maximize'], 6]);
    expect(study.sampler.name).toBe('RandomSampler');
    expect(study.pruner).toBeUndefined();
    const t = await study.ask();
    expect(await t.shouldPrune()).toBe(false);
  });

  it('names the direction field when a list is passed as direction', async () => {
    await expect(createStudy({ direction: [] as never })).rejects.toThrow(new RangeError('createStudy: direction must be a non-empty array (one direction per objective), got []'));
    await expect(createStudy({ direction: ['up'] as never })).rejects.toThrow(new TypeError('createStudy: direction[0] must be "minimize" or "maximize", got "up"'));
  });

  it('stores study user attrs', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ storage, name: 'attrs' });
    await study.setUserAttr('dataset', { name: 'iris', rows: 150 });
    expect((await storage.getStudy('attrs'))!.userAttrs).toEqual({ dataset: { name: 'iris', rows: 150 } });
  });

  it('enqueueTrial refuses params that are not an object, and records the user attrs', async () => {
    const study = await createStudy();
    for (const [params, got] of [[null, 'null'], [[1], 'Array(1)'], [5, '5']] as const) {
      await expect(study.enqueueTrial(params as never)).rejects.toThrow(new TypeError(`enqueueTrial: params must be an object, got ${got}`));
    }
    const queued = await study.enqueueTrial({ x: 0.5 }, { source: 'manual', n: 2 });
    expect([queued.state, queued.userAttrs, queued.systemAttrs['fixedParams']]).toEqual(['waiting', { source: 'manual', n: 2 }, { x: 0.5 }]);
  });
});

describe('a reproducible study proposing', () => {
  it("records the relative sample even when empty, from the logical view, which the trial's draws use too", async () => {
    const counts: number[] = [];
    const sampler: Sampler = {
      name: 'Logical',
      inferRelativeSearchSpace: async (v) => (counts.push((await v.getTrials()).length), {}),
      sampleIndependent: async (v) => (counts.push((await v.getTrials()).length), 0.5),
    };
    const study = await createStudy({ sampler, reproducible: { logicalWorkers: 2 } });
    const t = await study.ask();
    const later = await study.ask();
    expect((await t.frozen()).systemAttrs).toEqual({ relativeParams: {} });
    await t.suggestFloat('x', 0, 1);
    // On the logical clock trial 0 never sees trial 1, though the study's own view holds both by
    // the time trial 0 draws x; trial 1's proposal sees both.
    expect(counts).toEqual([1, 2, 1]);
    await study.tell(t, 1);
    await study.tell(later, 1);
    // An empty space: sampleRelative is not asked.
    const asked: string[] = [];
    const emptySpace: Sampler = { ...sampler, inferRelativeSearchSpace: async () => ({}), sampleRelative: async () => (asked.push('relative'), { x: 0.3 }) };
    const e = await (await createStudy({ sampler: emptySpace, reproducible: true })).ask();
    expect((await e.frozen()).systemAttrs).toEqual({ relativeParams: {} });
    expect(asked).toEqual([]);
    const withSample: Sampler = { ...sampler, inferRelativeSearchSpace: async () => ({ x: unit }), sampleRelative: async () => ({ x: 0.3 }) };
    const other = await createStudy({ sampler: withSample, reproducible: true });
    const u = await other.ask();
    expect((await u.frozen()).systemAttrs).toEqual({ relativeParams: { x: 0.3 } });
    expect(await u.suggestFloat('x', 0, 1)).toBe(0.3);
  });

  it('proposes nothing relative for a sampler without a relative step, or without sampleRelative', async () => {
    const bare: Sampler = { name: 'Bare', sampleIndependent: async () => 0.5 };
    const noSample: Sampler = { ...bare, inferRelativeSearchSpace: async () => ({ x: unit }) };
    for (const sampler of [bare, noSample]) {
      const t = await (await createStudy({ sampler, reproducible: true })).ask();
      expect((await t.frozen()).systemAttrs).toEqual({ relativeParams: {} });
      expect(await t.suggestFloat('x', 0, 1)).toBe(0.5);
    }
  });

  it('fails the trial at once, with the reason, when the sampler throws, and stops its heartbeat', async () => {
    for (const [thrown, reason] of [[new RangeError('no space'), 'RangeError: no space'], ['plain', 'Error: "plain"']] as const) {
      const sampler: Sampler = {
        name: 'Broken',
        inferRelativeSearchSpace: async () => {
          throw thrown;
        },
        sampleIndependent: async () => 0,
      };
      const study = await createStudy({ sampler, reproducible: true, heartbeat: { intervalMs: 60_000 } });
      const error = await study.ask().catch((e: unknown) => e);
      expect(error).toBe(thrown);
      const [trial] = await study.trials();
      expect([trial!.state, trial!.systemAttrs['failReason']]).toEqual(['failed', reason]);
      expect(study.runningHere()).toEqual([]);
    }
  });
});
