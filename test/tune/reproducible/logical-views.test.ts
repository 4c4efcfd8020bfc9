// What LogicalHistory shows a trial's sampler and pruner, over a fixed list of stored trials: the
// trials seen as stored, pending ones as their proposal only, and lower trials cut at a rung.
import { describe, expect, it, vi } from 'vitest';
import { LogicalHistory } from '../../../src/tune/reproducible/logical-history.ts';
import { SYSTEM_ATTRS } from '../../../src/tune/system-attrs.ts';
import type { FrozenTrial, TrialState } from '../../../src/tune/types.ts';
import { curve, makeTrial } from '../pruners/study-view.ts';

function stored(number: number, state: TrialState, intermediate: Record<number, number>, systemAttrs: Record<string, unknown> = {}): FrozenTrial {
  return {
    ...makeTrial(number, intermediate, state),
    params: { x: number, y: 'b' },
    distributions: { x: { type: 'float', low: 0, high: 10, log: false } },
    userAttrs: { note: number },
    systemAttrs,
  };
}

function history(trials: FrozenTrial[], logicalWorkers = 2, reads = { n: 0 }): LogicalHistory {
  return new LogicalHistory({
    read: async () => {
      reads.n += 1;
      return structuredClone(trials);
    },
    direction: 'maximize',
    seed: 7,
    options: { logicalWorkers, waitTimeoutMs: 60_000, pollMs: 1 },
    reap: async () => undefined,
  });
}

describe('LogicalHistory.proposalView', () => {
  it('shows trials that ended by the start as stored and the others as pending proposals', async () => {
    const proposal = { [SYSTEM_ATTRS.relativeParams]: { x: 4 }, [SYSTEM_ATTRS.fixedParams]: { y: 'a' }, [SYSTEM_ATTRS.gridIndex]: 3, [SYSTEM_ATTRS.retryOf]: 1, [SYSTEM_ATTRS.retryCount]: 2, [SYSTEM_ATTRS.failReason]: 'x' };
    // Trial 0 costs 4 ticks and is still running, trial 1 (1 tick) ended: trial 2 starts at 1.
    const trials = [stored(0, 'running', curve(() => 0.5, 3), proposal), stored(1, 'failed', {}), stored(2, 'running', {}, { [SYSTEM_ATTRS.relativeParams]: {} })];
    const view = await history(trials).proposalView(2);
    expect([view.direction, view.directions, view.seed, view.historyOnly]).toEqual(['maximize', ['maximize'], 7, true]);
    const shown = await view.getTrials();
    expect(shown.map((t) => [t.number, t.state])).toEqual([
      [0, 'running'],
      [1, 'failed'],
      [2, 'running'],
    ]);
    expect(shown[1]).toEqual(trials[1]);
    // A pending trial shows its proposal: relative sample overridden by fixed params, no partial result.
    expect(shown[0]).toEqual({
      number: 0,
      state: 'running',
      params: { x: 4, y: 'a' },
      distributions: {},
      value: null,
      values: null,
      intermediate: {},
      seed: 0,
      startedAt: null,
      completedAt: null,
      userAttrs: {},
      systemAttrs: { [SYSTEM_ATTRS.gridIndex]: 3, [SYSTEM_ATTRS.fixedParams]: { y: 'a' }, [SYSTEM_ATTRS.relativeParams]: { x: 4 }, [SYSTEM_ATTRS.retryOf]: 1, [SYSTEM_ATTRS.retryCount]: 2 },
    });
    expect(shown[2]!.params).toEqual({});
    expect((await view.getTrials(['failed'])).map((t) => t.number)).toEqual([1]);
    expect(await view.getTrials(['complete'])).toEqual([]);
  });

  it('a finished trial that ended after the start shows only its proposal; a non-object proposal shows no params', async () => {
    const trials = [stored(0, 'complete', curve(() => 1, 5), { [SYSTEM_ATTRS.relativeParams]: [1, 2], [SYSTEM_ATTRS.fixedParams]: 'x' }), stored(1, 'complete', {})];
    const shown = await (await history(trials).proposalView(2)).getTrials();
    expect(shown.map((t) => [t.number, t.state, t.params])).toEqual([
      [0, 'running', {}],
      [1, 'complete', { x: 1, y: 'b' }],
    ]);
  });

  it('returns copies: changing what the view gave changes nothing next time', async () => {
    const trials = [stored(0, 'complete', { 1: 0.5 }), stored(1, 'complete', {})];
    const view = await history(trials, 1).proposalView(2);
    const first = await view.getTrials();
    first[0]!.params['x'] = 99;
    first[0]!.intermediate[1] = 99;
    first[0]!.userAttrs['note'] = 99;
    first[0]!.systemAttrs['k'] = 1;
    first[0]!.distributions['z'] = { type: 'int', low: 0, high: 1, log: false, step: 1 };
    expect((await view.getTrials())[0]).toEqual(trials[0]);
  });
});

describe('LogicalHistory.trialsBefore', () => {
  it('cuts each lower trial at its first report at or past the step, shown running with its params', async () => {
    const trials = [stored(0, 'complete', { 1: 0.1, 3: 0.3, 5: 0.5 }), stored(1, 'running', { 2: 0.2, 4: 0.4 }), stored(2, 'pruned', { 1: 0.9 }), stored(3, 'running', {})];
    const lower = await history(trials).trialsBefore(3, { reached: 3 });
    expect(lower.map((t) => [t.number, t.state, t.intermediate])).toEqual([
      [0, 'running', { 1: 0.1, 3: 0.3 }],
      [1, 'running', { 2: 0.2, 4: 0.4 }],
      [2, 'pruned', { 1: 0.9 }],
    ]);
    expect(lower[0]!.params).toEqual({ x: 0, y: 'b' });
    expect(lower[0]!.distributions).toEqual(trials[0]!.distributions);
    expect(lower[0]!.value).toBeNull();
    // Without `reached`, finished trials as stored; `include` picks trials by number.
    const ended = await history(trials.filter((t) => t.state !== 'running')).trialsBefore(3, { include: (m) => m !== 0 });
    expect(ended).toEqual([trials[2]]);
  });

  it('waits for a lower trial that has neither reached the step nor ended, and goes on once it has', async () => {
    const trials = [stored(0, 'running', { 1: 0.1 }), stored(1, 'complete', {})];
    const reads = { n: 0 };
    const logical = history(trials, 2, reads);
    let done = false;
    const waiting = logical.trialsBefore(2, { reached: 2 }).then((t) => ((done = true), t));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    expect(reads.n).toBeGreaterThan(1);
    trials[0]!.intermediate[2] = 0.2;
    logical.notify();
    expect((await waiting).map((t) => t.number)).toEqual([0, 1]);
  });
});

describe('LogicalHistory wait timeout', () => {
  it('counts the timeout from the last progress of the trials waited on, and names them when it expires', async () => {
    const trials = [stored(0, 'running', {}), stored(1, 'complete', {})];
    const logical = new LogicalHistory({
      read: async () => structuredClone(trials),
      direction: 'minimize',
      seed: 0,
      options: { logicalWorkers: 2, waitTimeoutMs: 300, pollMs: 5 },
      reap: async () => undefined,
    });
    // On vitest's clock (Date and the poll timer): the milliseconds pass with every 5 ms poll in
    // them, in order, and not on the wall clock.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      // Trial 0 reports every 10 ms for 400 ms (longer than the timeout), then ends: no error.
      const waiting = logical.trialsBefore(2);
      for (let step = 1; step <= 40; step += 1) {
        await vi.advanceTimersByTimeAsync(10);
        trials[0]!.intermediate[step] = step;
      }
      trials[0]!.state = 'pruned';
      await vi.advanceTimersByTimeAsync(10);
      expect((await waiting).map((t) => t.number)).toEqual([0, 1]);
      // Without progress it fails after waitTimeoutMs, naming the one trial it waited for.
      trials[0]!.state = 'running';
      const started = Date.now();
      let ended = -1;
      const failing = logical.trialsBefore(2).catch((e: unknown) => ((ended = Date.now()), e));
      await vi.advanceTimersByTimeAsync(299);
      expect(ended).toBe(-1);
      await vi.advanceTimersByTimeAsync(20);
      const error = await failing;
      expect(ended - started).toBeGreaterThanOrEqual(300);
      expect((error as Error).message).toMatch(/^trial 2 waited 300 ms \(reproducible\.waitTimeoutMs\) for trial 0, which made no progress/);
    } finally {
      vi.useRealTimers();
    }
  });
});
