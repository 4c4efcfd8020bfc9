// A worker in this process (the multi-process behaviour is in run-worker.test.ts): its option
// checks, the budget it reads from the study, the events and summary it gives, and stop().
import { describe, expect, it } from 'vitest';
import { MAX_TRIALS_ATTR, runWorker, startWorker, type WorkerEvent } from '../../../src/tune/distributed/run-worker.ts';
import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';

const options = { storage: new MemoryStorage(), study: 's', objective: () => 1, signals: [] };

describe('runWorker options', () => {
  it.each([
    [null, TypeError, 'runWorker: options must be an object, got null'],
    [{ ...options, study: '' }, TypeError, 'runWorker: study must be a non-empty study name, got ""'],
    [{ ...options, study: 3 }, TypeError, 'runWorker: study must be a non-empty study name, got 3'],
    [{ ...options, objective: 'f' }, TypeError, 'runWorker: objective must be a function, got "f"'],
    [{ ...options, maxTrials: -1 }, RangeError, 'runWorker: maxTrials must be a non-negative integer, got -1'],
    [{ ...options, maxTrials: 1.5 }, RangeError, 'runWorker: maxTrials must be a non-negative integer, got 1.5'],
    [{ ...options, drainMs: -1 }, RangeError, 'runWorker: drainMs must be a non-negative number of ms, got -1'],
    [{ ...options, drainMs: '5' }, RangeError, 'runWorker: drainMs must be a non-negative number of ms, got "5"'],
    [{ ...options, idlePollMs: 0 }, RangeError, 'runWorker: idlePollMs must be a positive number of ms, got 0'],
    [{ ...options, idlePollMs: '5' }, RangeError, 'runWorker: idlePollMs must be a positive number of ms, got "5"'],
  ])('%#: refuses bad options at once', (bad, type, message) => {
    expect(() => startWorker(bad as never)).toThrow(type);
    expect(() => startWorker(bad as never)).toThrow(message);
  });
});

describe('runWorker in one process', () => {
  it('runs to the budget in the study user attr, telling each trial, and summarises', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'budget', storage });
    await study.setUserAttr(MAX_TRIALS_ATTR, 3);
    const events: WorkerEvent[] = [];
    const summary = await runWorker({ storage, study: 'budget', objective: (t) => (t.number === 1 ? Number.NaN : t.number), signals: [], drainMs: 0, idlePollMs: 1, onEvent: (e) => events.push(e) });
    expect(summary).toEqual({ finished: { complete: 2, failed: 1 }, lost: 0, released: [], reason: 'budget' });
    expect(events).toEqual([
      { type: 'trial', number: 0, state: 'complete', value: 0 },
      { type: 'trial', number: 1, state: 'failed', value: null },
      { type: 'trial', number: 2, state: 'complete', value: 2 },
    ]);
    // maxTrials given to the worker wins over the attr.
    expect((await runWorker({ storage, study: 'budget', objective: () => 1, signals: [], maxTrials: 4 })).finished).toEqual({ complete: 1 });
    expect(await storage.countTrials(study.id, {})).toBe(4);
  });

  it('refuses a study whose budget attr is not a non-negative integer', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'bad', storage });
    await study.setUserAttr(MAX_TRIALS_ATTR, 'ten');
    await expect(runWorker({ storage, study: 'bad', objective: () => 1, signals: [] })).rejects.toThrow('runWorker: study user attr "maxTrials" must be a non-negative integer, got "ten"');
    await study.setUserAttr(MAX_TRIALS_ATTR, -2);
    await expect(runWorker({ storage, study: 'bad', objective: () => 1, signals: [] })).rejects.toThrow(RangeError);
  });

  it('stop() lets the running trial drain, starts no more, and ends with reason "signal"', async () => {
    const storage = new MemoryStorage();
    await createStudy({ name: 'stop', storage });
    const events: WorkerEvent[] = [];
    let handle!: ReturnType<typeof startWorker>;
    handle = startWorker({
      storage,
      study: 'stop',
      objective: async (t) => {
        if (t.number === 1) handle.stop();
        await new Promise((resolve) => setTimeout(resolve, 10));
        return t.number;
      },
      signals: [],
      drainMs: 5_000,
      onEvent: (e) => events.push(e),
    });
    const summary = await handle.done;
    expect(summary).toEqual({ finished: { complete: 2 }, lost: 0, released: [], reason: 'signal' });
    expect(events.filter((e) => e.type === 'stopping')).toEqual([{ type: 'stopping', signal: 'stop' }]);
    expect((await handle.study).name).toBe('stop');
  });

  it('with no drain time, hands the running trial back as a retry, and counts it released, not lost', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'release', storage });
    let handle!: ReturnType<typeof startWorker>;
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    handle = startWorker({
      storage,
      study: 'release',
      objective: async () => {
        handle.stop();
        await running;
        return 1;
      },
      signals: [],
      drainMs: 0,
    });
    const summary = await handle.done;
    finish();
    expect(summary).toEqual({ finished: {}, lost: 0, released: [1], reason: 'signal' });
    const trials = await study.trials();
    expect(trials.map((t) => [t.number, t.state])).toEqual([
      [0, 'failed'],
      [1, 'waiting'],
    ]);
    expect(trials[0]!.systemAttrs['failReason']).toBe('released: worker stopped by stop');
  });

  it('a signal it listens for stops it, and its listeners are removed when it ends', async () => {
    const storage = new MemoryStorage();
    await createStudy({ name: 'sig', storage });
    const before = process.listenerCount('SIGUSR2');
    const handle = startWorker({
      storage,
      study: 'sig',
      objective: async (t) => {
        if (t.number === 0) process.emit('SIGUSR2', 'SIGUSR2');
        return 1;
      },
      signals: ['SIGUSR2'],
      drainMs: 5_000,
    });
    expect(process.listenerCount('SIGUSR2')).toBe(before + 1);
    expect((await handle.done).reason).toBe('signal');
    expect(process.listenerCount('SIGUSR2')).toBe(before);
  });
});
