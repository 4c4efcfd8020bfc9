// runWorker's remaining paths in this process: what it passes to the study it loads (sampler,
// pruner, reproducible), the budget edge cases, parallelism, the default signals, waiting for
// another worker's open trial (idlePollMs, else the heartbeat interval), the default drain time
// and the 'released' event. mutation-run-worker.test.ts has the main paths.
import { describe, expect, it } from 'vitest';
import { MAX_TRIALS_ATTR, runWorker, startWorker, type WorkerEvent } from '../../../src/tune/distributed/run-worker.ts';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import { RandomSampler } from '../../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';

async function fresh(name: string) {
  const storage = new MemoryStorage();
  const study = await createStudy({ name, storage });
  return { storage, study };
}

describe('runWorker options reach the study', () => {
  it('refuses options that are not an object, whatever else they hold', () => {
    expect(() => startWorker(5 as never)).toThrow('runWorker: options must be an object, got 5');
  });

  it('loads the study with the given sampler and pruner, and with none the defaults', async () => {
    const { storage } = await fresh('services');
    const sampler = new RandomSampler();
    const pruner = new MedianPruner();
    const handle = startWorker({ storage, study: 'services', objective: () => 1, signals: [], maxTrials: 0, sampler, pruner });
    await handle.done;
    const study = await handle.study;
    expect(study.sampler).toBe(sampler);
    expect(study.pruner).toBe(pruner);
    const plain = startWorker({ storage, study: 'services', objective: () => 1, signals: [], maxTrials: 0 });
    await plain.done;
    expect((await plain.study).sampler).not.toBe(sampler);
    expect((await plain.study).pruner).not.toBe(pruner);
  });

  it('passes reproducible on: the study checks it (a bad one fails the worker)', async () => {
    const { storage } = await fresh('repro');
    await expect(runWorker({ storage, study: 'repro', objective: () => 1, signals: [], reproducible: { logicalWorkers: 0 } })).rejects.toThrow('reproducible.logicalWorkers');
  });

  it('takes a budget of 0 (runs nothing) and refuses a fractional or negative budget attr', async () => {
    const { storage, study } = await fresh('budgets');
    expect(await runWorker({ storage, study: 'budgets', objective: () => 1, signals: [], maxTrials: 0 })).toEqual({ finished: {}, lost: 0, released: [], reason: 'budget' });
    await study.setUserAttr(MAX_TRIALS_ATTR, 0);
    expect((await runWorker({ storage, study: 'budgets', objective: () => 1, signals: [] })).finished).toEqual({});
    await study.setUserAttr(MAX_TRIALS_ATTR, 1.5);
    await expect(runWorker({ storage, study: 'budgets', objective: () => 1, signals: [] })).rejects.toThrow('runWorker: study user attr "maxTrials" must be a non-negative integer, got 1.5');
    await study.setUserAttr(MAX_TRIALS_ATTR, -2);
    await expect(runWorker({ storage, study: 'budgets', objective: () => 1, signals: [] })).rejects.toThrow('runWorker: study user attr "maxTrials" must be a non-negative integer, got -2');
    expect(await storage.countTrials(study.id, {})).toBe(0);
  });

  it('runs `parallelism` objectives at once', async () => {
    const { storage } = await fresh('parallel');
    let inFlight = 0;
    let most = 0;
    const objective = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return 1;
    };
    await runWorker({ storage, study: 'parallel', objective, signals: [], maxTrials: 4, parallelism: 2 });
    expect(most).toBe(2);
  });

  it('listens for SIGTERM and SIGINT by default, and stops listening when it ends', async () => {
    const { storage } = await fresh('signals');
    const before = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
    const handle = startWorker({ storage, study: 'signals', objective: () => 1, maxTrials: 0 });
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([before[0]! + 1, before[1]! + 1]);
    await handle.done;
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual(before);
  });
});

// These take milliseconds; 2 s is the bound for a worker that polls at the wrong interval.
describe('runWorker waiting and draining', { timeout: 2_000 }, () => {
  // The budget is spent while another worker's trial still runs: this worker polls until it ends.
  async function waitsFor(name: string, poll: { idlePollMs?: number; heartbeat?: { intervalMs: number; graceMs?: number } }) {
    const { storage } = await fresh(name);
    const other = await loadStudy({ name, storage });
    const elsewhere = await other.ask();
    const events: WorkerEvent[] = [];
    const onEvent = (e: WorkerEvent) => {
      events.push(e);
      if (e.type === 'waiting') void other.tell(elsewhere, 5);
    };
    const summary = await runWorker({ storage, study: name, objective: () => 1, signals: [], maxTrials: 2, onEvent, ...poll });
    return { summary, events };
  }

  it('waits for an open trial elsewhere, polling every idlePollMs (not the heartbeat interval), then ends on the budget', async () => {
    const { summary, events } = await waitsFor('idle', { idlePollMs: 1, heartbeat: { intervalMs: 60_000 } });
    expect(summary).toEqual({ finished: { complete: 1 }, lost: 0, released: [], reason: 'budget' });
    expect(events[0]).toEqual({ type: 'trial', number: 1, state: 'complete', value: 1 });
    expect(events[1]).toEqual({ type: 'waiting', open: 1 });
    expect(events.length).toBe(2);
  });

  it('a stop while it waits ends it with reason "signal"', async () => {
    const { storage } = await fresh('stop-waiting');
    const other = await loadStudy({ name: 'stop-waiting', storage });
    await other.ask(); // runs elsewhere, never ends
    let handle!: ReturnType<typeof startWorker>;
    const onEvent = (e: WorkerEvent) => {
      if (e.type === 'waiting') handle.stop();
    };
    handle = startWorker({ storage, study: 'stop-waiting', objective: () => 1, signals: [], maxTrials: 2, idlePollMs: 60_000, onEvent });
    expect(await handle.done).toEqual({ finished: { complete: 1 }, lost: 0, released: [], reason: 'signal' });
  });

  it('polls every heartbeat interval without idlePollMs', async () => {
    // A grace of a minute: with its default (6 intervals, 6 ms) a busy machine let the other
    // worker's trial, which never beats, be failed as stale and retried here before the first poll.
    const { events } = await waitsFor('heartbeat', { heartbeat: { intervalMs: 1, graceMs: 60_000 } });
    expect(events.at(-1)).toEqual({ type: 'waiting', open: 1 });
  });

  it('gives a stopped trial the default 10 s to finish rather than releasing it at once', async () => {
    const { storage } = await fresh('drain');
    let handle!: ReturnType<typeof startWorker>;
    const objective = async () => {
      handle.stop();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 1;
    };
    handle = startWorker({ storage, study: 'drain', objective, signals: [] });
    expect(await handle.done).toEqual({ finished: { complete: 1 }, lost: 0, released: [], reason: 'signal' });
  });

  it('tells which trials it released, and only when there are some', async () => {
    const { storage } = await fresh('released');
    const events: WorkerEvent[] = [];
    let handle!: ReturnType<typeof startWorker>;
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    handle = startWorker({ storage, study: 'released', objective: async () => (handle.stop(), await running, 1), signals: [], drainMs: 0, onEvent: (e) => events.push(e) });
    await handle.done;
    finish();
    expect(events).toEqual([{ type: 'stopping', signal: 'stop' }, { type: 'released', trials: [1] }]);
    const drained: WorkerEvent[] = [];
    const { storage: other } = await fresh('drained');
    let second!: ReturnType<typeof startWorker>;
    second = startWorker({ storage: other, study: 'drained', objective: () => (second.stop(), 1), signals: [], drainMs: 1_000, onEvent: (e) => drained.push(e) });
    await second.done;
    expect(drained.map((e) => e.type)).toEqual(['stopping', 'trial']);
  });
});
