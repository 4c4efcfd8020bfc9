// tell()'s outcomes on a memory storage, field by field: the state, value and failReason of each
// kind of result, the pruned value (the highest step's report, through a Trial or by number),
// constraints given or computed (what the function sees, and a function that fails), values of
// the wrong shape, and a trial lost to another worker.
import { describe, expect, it } from 'vitest';
import { MultiObjectiveError } from '../../src/errors.ts';
import { createStudy } from '../../src/tune/study.ts';
import { TrialDivergedError, TrialLostError, TrialPrunedError } from '../../src/tune/trial-errors.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';

const outcome = (t: FrozenTrial) => ({ state: t.state, value: t.value, failReason: t.systemAttrs['failReason'] });

describe('Study.tell', () => {
  it('records each kind of result with its own state, value and reason', async () => {
    const study = await createStudy();
    const results = ['diverged', new TrialDivergedError('loss blew up'), 'failed', new RangeError('bad lr'), 'pruned', new TrialPrunedError(), 2.5];
    const told = [];
    for (const result of results) told.push(outcome(await study.tell(await study.ask(), result as never)));
    expect(told).toEqual([
      { state: 'diverged', value: null, failReason: undefined },
      { state: 'diverged', value: null, failReason: 'loss blew up' },
      { state: 'failed', value: null, failReason: undefined },
      { state: 'failed', value: null, failReason: 'RangeError: bad lr' },
      { state: 'pruned', value: null, failReason: undefined },
      { state: 'pruned', value: null, failReason: undefined },
      { state: 'complete', value: 2.5, failReason: undefined },
    ]);
    const running = await study.ask();
    await expect(study.tell(running, { value: 1 } as never)).rejects.toThrow(
      new TypeError('tell: result must be a number, an Error, "pruned", "failed" or "diverged", got Object'),
    );
    // A refused result leaves the trial running.
    expect((await running.frozen()).state).toBe('running');
  });

  it('prunes with the value of the highest step reported, whether given the Trial or its number', async () => {
    const study = await createStudy();
    for (const byNumber of [false, true]) {
      const trial = await study.ask();
      await trial.report(0.3, 5);
      await trial.report(0.7, 2);
      const told = await study.tell(byNumber ? trial.number : trial, byNumber ? new TrialPrunedError() : 'pruned');
      expect([told.state, told.value]).toEqual(['pruned', 0.3]);
    }
  });

  it('fails a trial told values of the wrong shape, with the error as its reason, and throws it', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'] });
    const trial = await study.ask();
    const error = (await study.tell(trial, 1).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('tell: values must be an array of 2 numbers (one per direction: minimize, maximize), got a single number 1');
    expect(outcome(await trial.frozen())).toEqual({ state: 'failed', value: null, failReason: `RangeError: ${error.message}` });
    const both = await study.tell(await study.ask(), [3, 4]);
    expect([both.state, both.value, both.values]).toEqual(['complete', 3, [3, 4]]);
    await expect(study.bestTrial()).rejects.toThrow(
      new MultiObjectiveError('bestTrial: study ' + JSON.stringify(study.name) + ' must have one objective, got 2 (minimize, maximize); read bestTrials() (the Pareto front)'),
    );
  });

  it("records given constraints on complete and pruned trials, over the study's function, and checks them first", async () => {
    const calls: number[] = [];
    const study = await createStudy({ constraints: (t) => (calls.push(t.number), [-1]) });
    const a = await study.tell(await study.ask(), 1, { constraints: [0.5, -2] });
    expect(a.systemAttrs['constraints']).toEqual([0.5, -2]);
    const b = await study.tell(await study.ask(), 'pruned', { constraints: [0] });
    expect(b.systemAttrs['constraints']).toEqual([0]);
    expect(calls).toEqual([]);
    const running = await study.ask();
    await expect(study.tell(running, 1, { constraints: [Number.NaN] })).rejects.toThrow(new TypeError('tell: constraints[0] must be a number (not NaN), got NaN'));
    expect((await running.frozen()).state).toBe('running');
    // A failed or diverged trial records none, and the function is not asked.
    const failed = await study.tell(running, 'failed', { constraints: [1] });
    expect(failed.systemAttrs['constraints']).toBeUndefined();
    expect((await study.tell(await study.ask(), 'diverged')).systemAttrs['constraints']).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('gives the constraints function the trial as it is about to finish', async () => {
    const seen: Pick<FrozenTrial, 'state' | 'value' | 'values'>[] = [];
    let completedAt = 0;
    const study = await createStudy({
      directions: ['minimize', 'minimize'],
      constraints: (t) => {
        seen.push({ state: t.state, value: t.value, values: t.values });
        completedAt = t.completedAt!;
        return [t.number - 1];
      },
    });
    const before = Date.now();
    const done = await study.tell(await study.ask(), [2, 5]);
    expect(completedAt).toBeGreaterThanOrEqual(before);
    expect(completedAt).toBeLessThanOrEqual(Date.now());
    const pruned = await study.tell(await study.ask(), 'pruned');
    expect(seen).toEqual([
      { state: 'complete', value: 2, values: [2, 5] },
      { state: 'pruned', value: null, values: null },
    ]);
    expect([done.systemAttrs['constraints'], pruned.systemAttrs['constraints']]).toEqual([[-1], [0]]);

    const single = await createStudy({ constraints: async (t) => [t.value!, t.values!.length] });
    const trial = await single.ask();
    await trial.report(4, 1);
    expect((await single.tell(trial, 'pruned')).systemAttrs['constraints']).toEqual([4, 1]);
  });

  it('fails the trial, with the reason, when the constraints function throws or returns no numbers', async () => {
    const results: unknown[] = [new Error('no data'), 'nope', [1, 'x']];
    const study = await createStudy({
      constraints: (t) => {
        const r = results[t.number];
        if (t.number < 2) throw r;
        return r as number[];
      },
    });
    const reasons = [];
    for (let i = 0; i < results.length; i++) {
      const trial = await study.ask();
      const error = await study.tell(trial, 1).catch((e: unknown) => e);
      const frozen = await trial.frozen();
      reasons.push([frozen.state, frozen.systemAttrs['failReason'], error instanceof Error ? error.message : error]);
    }
    expect(reasons).toEqual([
      ['failed', 'Error: no data', 'no data'],
      ['failed', '"nope"', 'nope'],
      ['failed', 'TypeError: constraints(trial 2)[1] must be a number (not NaN), got "x"', 'constraints(trial 2)[1] must be a number (not NaN), got "x"'],
    ]);
  });

  it('throws TrialLostError for a trial handed back meanwhile, and the plain error for a trial told twice', async () => {
    const study = await createStudy({ name: 'lost', heartbeat: { intervalMs: 60_000 } });
    const trial = await study.ask();
    expect(await study.releaseRunning('SIGTERM')).toEqual([1]);
    expect(study.runningHere()).toEqual([]);
    expect((await trial.frozen()).systemAttrs['failReason']).toBe('released: SIGTERM');
    const lost = await study.tell(trial, 1).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(TrialLostError);
    expect((lost as Error).message).toBe('tell: trial 0 of study "lost" must still be running, got failed by the study (released: SIGTERM); a retry of it is queued');
    // Failed by its own tell, not by the study: not lost.
    const retry = await study.ask();
    await study.tell(retry, 'failed');
    const twice = await study.tell(retry, 1).catch((e: unknown) => e);
    expect(twice).not.toBeInstanceOf(TrialLostError);
    expect((twice as Error).message).toContain('must be running, got state "failed"');
    // A trial that does not exist: the storage's own error.
    await expect(study.tell(99, 1)).rejects.toThrow(new RangeError(`trialNumber must name a trial of study ${study.id}, got 99`));
    // Without heartbeats there is nothing to release.
    expect(await (await createStudy()).releaseRunning('SIGTERM')).toEqual([]);
  });
});
