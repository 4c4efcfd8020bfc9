// A study's reads at scale: a prune check must cost the trials that changed, not the study. Finished
// trials never change, so once read they are kept; each check re-reads only unfinished and new
// trials. Counted on a real SqliteStorage (every trial a read returns is a row the storage read).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';
import type { FrozenTrial, Storage } from '../../../src/tune/types.ts';
import { tempDatabases } from './temp-db.ts';

const nextPath = tempDatabases();

/** The storage, counting the trials its reads return, and its calls by method. */
function counting(storage: Storage): { storage: Storage; rows: () => number; calls: Map<string, number> } {
  let rows = 0;
  const calls = new Map<string, number>();
  const counted = new Proxy(storage, {
    get(target, key, receiver) {
      const member = Reflect.get(target, key, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        calls.set(String(key), (calls.get(String(key)) ?? 0) + 1);
        const result = (await (member as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        if (Array.isArray(result) && result.every((t) => typeof (t as FrozenTrial).number === 'number')) rows += result.length;
        else if (result !== null && typeof result === 'object' && typeof (result as FrozenTrial).intermediate === 'object') rows += 1;
        return result;
      };
    },
  });
  return { storage: counted, rows: () => rows, calls };
}

/** A finished trial as the bench fills a study with: three reports, a value. */
export function finishedTrial(number: number, seed: number): FrozenTrial {
  const v = ((number * 7919) % 1000) / 1000;
  return {
    number,
    state: number % 10 === 9 ? 'pruned' : 'complete',
    params: { x: v },
    distributions: { x: { type: 'float', low: 0, high: 1, log: false } },
    value: v,
    values: [v],
    intermediate: { 0: v + 2, 1: v + 1, 2: v },
    seed,
    startedAt: 1_700_000_000_000 + number,
    completedAt: 1_700_000_000_001 + number,
    userAttrs: {},
    systemAttrs: {},
  };
}

describe('Study reads at scale', () => {
  it('a trial with three reports and prune checks reads the trials that changed, not the 300 finished ones', async () => {
    const { storage, rows, calls } = counting(new SqliteStorage(nextPath()));
    const study = await createStudy({ storage, seed: 3, pruner: new MedianPruner({ nStartupTrials: 5 }) });
    for (let n = 0; n < 300; n += 1) await storage.importTrial(study.id, finishedTrial(n, n));
    // The first check reads the study once (it has seen none of it yet).
    const first = await study.ask();
    await first.report(5, 0);
    expect(await first.shouldPrune()).toBe(true);
    await study.tell(first, 'pruned');
    const before = rows();
    calls.clear();
    const trial = await study.ask();
    const decisions: boolean[] = [];
    for (let step = 0; step < 3; step += 1) {
      await trial.report(0.5 + step, step);
      decisions.push(await trial.shouldPrune());
    }
    await study.tell(trial, 0.5);
    // Median of complete values at steps 0, 1, 2 is about 2.5, 1.5, 0.5: the best so far (0.5) never loses.
    expect(decisions).toEqual([false, false, false]);
    expect(rows() - before).toBeLessThan(20);
    // One read of what changed per check: the pruner's count and step values share it.
    expect(calls.get('getTrialsFrom')).toBe(3);
    // The check's trial comes with that read: getTrial only for tell's answer.
    expect(calls.get('getTrial')).toBe(1);
    await storage.close();
  });

  it('an ask under a budget (maxTrials) counts from what the study read, not over every stored trial', async () => {
    const { storage, calls } = counting(new SqliteStorage(nextPath()));
    const study = await createStudy({ storage, seed: 3 });
    await storage.importTrials(study.id, Array.from({ length: 300 }, (_, n) => finishedTrial(n, n)));
    const lost = await study.ask();
    await storage.releaseTrial(study.id, lost.number, 'released: test');
    calls.clear();
    // 300 finished + 1 orphan (not counted) + its retry (counted): 301 against the budget.
    const retry = await study.tryAsk({ maxTrials: 302 });
    expect(retry?.number).toBe(301);
    await study.tell(retry!, 1);
    const last = await study.tryAsk({ maxTrials: 302 });
    expect(last?.number).toBe(302);
    await study.tell(last!, 1);
    expect(await study.tryAsk({ maxTrials: 302 })).toBeUndefined();
    expect(calls.get('countTrials')).toBeUndefined();
    await storage.close();
  });

  it('sees a trial another process finished, and reads it no more after that', async () => {
    const path = nextPath();
    const { storage, rows } = counting(new SqliteStorage(path));
    const study = await createStudy({ storage, seed: 3 });
    await storage.importTrials(study.id, [finishedTrial(0, 0), finishedTrial(1, 1)]);
    const other = await storage.createTrial(study.id, { state: 'running' });
    expect((await study.getTrials(['running'])).map((t) => t.number)).toEqual([other.number]);
    // Plain node on hyperprop-modules.mjs (the compiled build while current): no TypeScript loader.
    const modules = new URL('../../fixtures/hyperprop-modules.mjs', import.meta.url).href;
    const script = `const { hyperpropModule } = await import(${JSON.stringify(modules)});
      const { SqliteStorage } = await hyperpropModule('tune/storage/sqlite-storage');
      const s = new SqliteStorage(${JSON.stringify(path)});
      await s.reportIntermediate(${study.id}, ${other.number}, 0, 0.25);
      await s.finishTrial(${study.id}, ${other.number}, 'complete', 0.25);
      await s.close();`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    const before = rows();
    expect((await study.getTrials(['complete'])).map((t) => [t.number, t.value, t.intermediate[0]])).toEqual([
      [0, 0, 2],
      [1, 0.919, 2.919],
      [2, 0.25, 0.25],
    ]);
    // That read returned the one trial it held as running; the next returns nothing.
    expect(rows() - before).toBe(1);
    await study.getTrials();
    expect(rows() - before).toBe(1);
    await storage.close();
  });
});
