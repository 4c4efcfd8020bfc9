// Constraints as Optuna records them (systemAttrs.constraints, each <= 0 feasible): given to tell
// or computed by the study's constraints function when a trial finishes, and honoured by
// bestTrials and bestTrial.
import { describe, expect, it } from 'vitest';
import { isFeasible } from '../../../src/tune/multi-objective/index.ts';
import { TrialPrunedError } from '../../../src/tune/trial-errors.ts';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';
import type { FrozenTrial } from '../../../src/tune/types.ts';
import { tempDatabases } from '../storage/temp-db.ts';

const nextPath = tempDatabases();

describe('constraints', () => {
  it('tell records the constraints given; bestTrials keeps the feasible front', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'] });
    await study.tell(await study.ask(), [0, 0], { constraints: [0.5] }); // best, but infeasible
    await study.tell(await study.ask(), [1, 2], { constraints: [0] });
    await study.tell(await study.ask(), [2, 1], { constraints: [-1] });
    await study.tell(await study.ask(), [3, 3]); // none recorded: feasible
    const trials = await study.trials();
    expect(trials.map((t) => t.systemAttrs['constraints'])).toEqual([[0.5], [0], [-1], undefined]);
    expect(trials.map(isFeasible)).toEqual([false, true, true, true]);
    expect((await study.bestTrials()).map((t) => t.number)).toEqual([1, 2]);
  });

  it('a study\'s constraints function sees the finished trial (state, values, params) and is recorded on complete and pruned trials only', async () => {
    const path = nextPath();
    const seen: FrozenTrial[] = [];
    const constraints = (trial: FrozenTrial): number[] => {
      seen.push(trial);
      return [(trial.params['x'] as number) - 0.5];
    };
    const storage = new SqliteStorage(path);
    const study = await createStudy({ name: 'c', storage, directions: ['maximize', 'minimize'], constraints, seed: 2 });
    await study.optimize(async (trial) => {
      const x = await trial.suggestFloat('x', 0, 1);
      if (trial.number === 3) throw new Error('boom');
      if (trial.number === 4) {
        await trial.report(x, 1);
        throw new TrialPrunedError();
      }
      return [x, x * x];
    }, { nTrials: 12 });
    await storage.close();
    const reopened = new SqliteStorage(path);
    const trials = await (await loadStudy({ name: 'c', storage: reopened })).trials();
    expect(seen.map((t) => t.number)).toEqual(trials.filter((t) => t.state !== 'failed').map((t) => t.number));
    for (const t of seen) {
      expect(['complete', 'pruned']).toContain(t.state);
      if (t.state === 'complete') expect(t.values).toEqual([t.params['x'], (t.params['x'] as number) ** 2]);
    }
    for (const t of trials) {
      if (t.state === 'failed') expect(t.systemAttrs['constraints']).toBeUndefined();
      else expect(t.systemAttrs['constraints']).toEqual([(t.params['x'] as number) - 0.5]);
    }
    // maximize x, minimize x²: every feasible complete trial is on the front (x <= 0.5 trades one for the other).
    const study2 = await loadStudy({ name: 'c', storage: reopened });
    const feasible = trials.filter((t) => t.state === 'complete' && (t.params['x'] as number) <= 0.5);
    expect(feasible.length).toBeGreaterThan(0);
    expect((await study2.bestTrials()).map((t) => t.number)).toEqual(feasible.map((t) => t.number));
    await reopened.close();
  });

  it('a single-objective bestTrial is the best feasible trial', async () => {
    const study = await createStudy({ direction: 'minimize' });
    await study.tell(await study.ask(), 0, { constraints: [1] });
    await study.tell(await study.ask(), 2, { constraints: [-1, 0] });
    await study.tell(await study.ask(), 1, { constraints: [0.25] });
    expect((await study.bestTrial()).number).toBe(1);
    // No trial feasible: the least violation wins, then the value.
    const none = await createStudy({ direction: 'minimize' });
    await none.tell(await none.ask(), 0, { constraints: [1] });
    await none.tell(await none.ask(), 5, { constraints: [0.5] });
    expect((await none.bestTrial()).number).toBe(1);
  });

  it('refuses constraints that are not numbers, with the field, the rule and the value', async () => {
    await expect(createStudy({ constraints: 3 as never })).rejects.toThrow(new TypeError('createStudy: constraints must be a function of the finished trial, got 3'));
    const study = await createStudy({});
    const trial = await study.ask();
    await expect(study.tell(trial, 1, { constraints: [0, Number.NaN] })).rejects.toThrow(new TypeError('tell: constraints[1] must be a number (not NaN), got NaN'));
    await expect(study.tell(trial, 1, { constraints: 'x' as never })).rejects.toThrow(new TypeError('tell: constraints must be an array of numbers (each ≤ 0 is feasible), got "x"'));
    // Refused before anything was stored: the trial still runs and can be told properly.
    expect((await study.tell(trial, 1, { constraints: [-2] })).systemAttrs['constraints']).toEqual([-2]);
    // A constraints function that returns no numbers fails its trial (not left running) and throws.
    const bad = await createStudy({ constraints: () => ['no'] as never });
    await expect(bad.tell(await bad.ask(), 1)).rejects.toThrow(new TypeError('constraints(trial 0)[0] must be a number (not NaN), got "no"'));
    const failed = await bad.storage.getTrial(bad.id, 0);
    expect([failed.state, failed.systemAttrs['failReason']]).toEqual(['failed', 'TypeError: constraints(trial 0)[0] must be a number (not NaN), got "no"']);
  });
});
