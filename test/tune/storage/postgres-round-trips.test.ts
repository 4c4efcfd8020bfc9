// What one trivial trial sends to PostgreSQL: the statements are counted on the client, so a
// read that comes back (a suggest reading the trial, a tell reading what it just wrote) shows.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MedianPruner } from '../../../src/tune/pruners/median-pruner.ts';
import { RandomSampler } from '../../../src/tune/samplers/random.ts';
import { lockKey } from '../../../src/tune/storage/postgres/lock-key.ts';
import { PostgresStorage } from '../../../src/tune/storage/postgres/postgres-storage.ts';
import { createStudy, loadStudy, type Study } from '../../../src/tune/study.ts';
import { postgresStorages } from './pg-schemas.ts';

const { url, next } = postgresStorages('trips');

/** One query's rows, on its own connection. */
async function sql(text: string, values: unknown[]): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

let sent: string[] = [];
const query = pg.Client.prototype.query;
afterEach(() => {
  pg.Client.prototype.query = query;
});

/** Counts what every pg client of this process sends while `body` runs. */
async function statements(body: () => Promise<unknown>): Promise<string[]> {
  sent = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string };
    sent.push(typeof first === 'string' ? first : first.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await body();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

async function oneTrial(study: Study): Promise<void> {
  const trial = await study.ask();
  const x = await trial.suggestFloat('x', 0, 1);
  for (let step = 0; step < 3; step += 1) {
    await trial.report(x + 2 - step, step);
    await trial.shouldPrune();
  }
  await study.tell(trial, x);
}

describe('PostgresStorage round trips', () => {
  it('one trial (ask, suggest, 3 reports with prune checks, tell) sends 6 messages, with no read back of what it wrote', async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'trips', seed: 1, sampler: new RandomSampler({ seed: 1 }), pruner: new MedianPruner({ nStartupTrials: 1 }) });
    for (let i = 0; i < 3; i += 1) await oneTrial(study);
    const counts: number[] = [];
    for (let i = 0; i < 3; i += 1) counts.push((await statements(() => oneTrial(study))).length);
    // lock with claim or create; unlock with setParam; 3 × report with the prune read; finish.
    expect(Math.min(...counts)).toBe(6);
  });

  it("an ask's unlock rides with the suggest that follows it, and goes alone when nothing follows", async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'unlock', seed: 9 });
    const other = new PostgresStorage(url, { schema: storage.schema });
    try {
      await study.ask();
      // (The ask before this one sends its unlock alone: nothing followed it.)
      const [suggest] = await statements(async () => {
        const trial = await study.ask();
        await trial.suggestFloat('x', 0, 1);
      }).then((sent) => sent.filter((sql) => sql.includes('INSERT INTO trial_params')));
      expect(suggest).toMatch(/^SELECT pg_advisory_unlock\(-?\d+, \d+\); (PREPARE hps_[0-9a-f]{24} \(bigint, integer, text, text, text\) AS .*; )?EXECUTE hps_[0-9a-f]{24}\(\d+, 1, 'x', '[0-9.e-]+', '\{.*\}'\)$/s);
      // Nothing follows this ask: its unlock goes on its own, and another storage's section gets in.
      await study.ask();
      expect(await other.withStudyLock(study.id, async () => 'in')).toBe('in');
      // The rider's own refusals are as before, and the lock is released with it all the same.
      await study.ask();
      await expect(storage.setParam(study.id, 99, 'x', { type: 'float', low: 0, high: 1, log: false }, 0.5)).rejects.toThrow('99');
      expect(await other.withStudyLock(study.id, async () => 'in again')).toBe('in again');
      expect((await storage.getTrial(study.id, 1)).params).toMatchObject({ x: expect.any(Number) });
    } finally {
      await other.close();
    }
  });

  it("an ask's claim is prepared once per connection: later asks send the lock call and an EXECUTE of it, not the claim's text to plan again", async () => {
    const storage = next({ poolSize: 2 });
    const study = await createStudy({ storage, name: 'prepared', seed: 3 });
    const asks: string[] = [];
    // (The first ask checks the study first.)
    for (let i = 0; i < 4; i += 1) asks.push((await statements(() => study.ask())).find((sql) => sql.startsWith('SELECT pg_advisory_lock('))!);
    const execute = /^SELECT pg_advisory_lock\(-?\d+, \d+\); (PREPARE (hps_[0-9a-f]{24}) \(bigint, text, text, integer\) AS WITH next AS .*; )?EXECUTE (hps_[0-9a-f]{24})\(\d+, '[0-9a-f-]{36}', '.*', \d+\)$/s;
    for (const ask of asks) expect(ask).toMatch(execute);
    const prepares = asks.filter((ask) => ask.includes('PREPARE'));
    // Two pooled connections at most, each prepares the claim on its first ask.
    expect(prepares.length).toBeGreaterThanOrEqual(1);
    expect(prepares.length).toBeLessThanOrEqual(2);
    expect(asks.at(-1)).not.toContain('PREPARE');
    const trials = await storage.getTrials(study.id);
    expect(trials.map((t) => [t.number, t.state])).toEqual([0, 1, 2, 3].map((n) => [n, 'running']));
  });

  it("an ask's lock is taken by its claim: another storage's section that holds the lock keeps the ask waiting, and a section's first read takes it too", async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'lock', seed: 8 });
    const other = new PostgresStorage(url, { schema: storage.schema });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const holder = other.withStudyLock(study.id, async () => {
        await other.countTrials(study.id);
        entered();
        await held;
        return other.claimOrCreateTrial!(study.id);
      });
      await inside;
      let asked = false;
      const ask = study.ask().then((t) => {
        asked = true;
        return t;
      });
      // The ask's lock call waits on the server: seen there (within 5 s), not assumed after a sleep.
      const key = [lockKey(storage.schema), study.id];
      const waiting = `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ($1::bigint & 4294967295) AND objid = $2 AND NOT granted`;
      for (const until = Date.now() + 5_000; (await sql(waiting, key)).length === 0 && !asked && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await sql(waiting, key)).toHaveLength(1);
      expect(asked).toBe(false);
      release();
      const [first, second] = await Promise.all([holder, ask]);
      expect([first.number, second.number]).toEqual([0, 1]);
    } finally {
      await other.close();
    }
  });

  it("a report carries the prune check's read: the check sees the report and what other workers finished before it", async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'fused', seed: 5, pruner: new MedianPruner({ nStartupTrials: 1 }) });
    const other = new PostgresStorage(url, { schema: storage.schema });
    try {
      const worker = await loadStudy({ storage: other, name: 'fused' });
      const trial = await study.ask();
      const theirs = await worker.ask();
      await theirs.report(1, 0);
      await worker.tell(theirs, 1);
      const sent = await statements(async () => {
        await trial.report(5, 0);
        // Worse than the other worker's trial at step 0 (finished before the report): pruned.
        expect(await trial.shouldPrune()).toBe(true);
      });
      expect(sent).toHaveLength(1);
      const again = await statements(async () => {
        await trial.report(0.5, 0);
        expect(await trial.shouldPrune()).toBe(false);
      });
      expect(again).toHaveLength(1);
      expect((await other.getTrial(study.id, trial.number)).intermediate).toEqual({ 0: 0.5 });
    } finally {
      await other.close();
    }
  });

  it('a write between the report and the prune check makes the check read again', async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'between', seed: 6, pruner: new MedianPruner({ nStartupTrials: 1 }) });
    const first = await study.ask();
    const second = await study.ask();
    await first.report(5, 0);
    await second.report(1, 0);
    await study.tell(second, 1);
    // The tell came after first's report: the check reads again and sees second complete.
    const sent = await statements(async () => expect(await first.shouldPrune()).toBe(true));
    expect(sent).toHaveLength(1);
  });

  it('a report to a finished trial is refused as before, and the study reads on', async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'refused', seed: 7, pruner: new MedianPruner({ nStartupTrials: 1 }) });
    const trial = await study.ask();
    await trial.report(1, 0);
    await study.tell(trial, 1);
    await expect(trial.report(2, 1)).rejects.toThrow(/finished|complete/);
    await expect(storage.reportAndRead!(study.id, 999, 0, 1, 0, [])).rejects.toThrow('999');
    await expect(storage.reportAndRead!(999_999, 0, 0, 1, 0, [])).rejects.toThrow('999999');
    const next2 = await study.ask();
    await next2.report(3, 0);
    expect(await next2.shouldPrune()).toBe(true);
  });

  it('an ask claims an enqueued trial before it creates one, in one statement', async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'claim', seed: 4 });
    await study.enqueueTrial({ x: 0.5 });
    const claimed = await study.ask();
    expect(await claimed.suggestFloat('x', 0, 1)).toBe(0.5);
    const created = await study.ask();
    expect([claimed.number, created.number]).toEqual([0, 1]);
    const stored = await storage.getTrials(study.id);
    expect(stored.map((t) => [t.number, t.state, t.seed])).toEqual([
      [0, 'running', claimed.seed],
      [1, 'running', created.seed],
    ]);
    expect(stored[0]!.systemAttrs['fixedParams']).toEqual({ x: 0.5 });
    expect(await storage.countTrials(study.id, { excludeRetries: true })).toBe(2);
    expect(await storage.countTrials(study.id, { excludeOrphans: true })).toBe(2);
    await expect(storage.claimOrCreateTrial(999_999)).rejects.toThrow('999999');
  });

  it("a tell's trial is the stored one, and the storage hands out copies of it", async () => {
    const storage = next();
    const study = await createStudy({ storage, name: 'copies', seed: 2 });
    const trial = await study.ask();
    await trial.suggestFloat('x', 0, 1);
    await trial.report(0.5, 0);
    await trial.setUserAttr('note', 'a');
    const told = await study.tell(trial, 0.25);
    const other = new PostgresStorage(url, { schema: storage.schema });
    try {
      expect(told).toEqual(await other.getTrial(study.id, trial.number));
    } finally {
      await other.close();
    }
    told.params['x'] = 7;
    told.userAttrs['note'] = 'changed';
    const again = await storage.getTrial(study.id, trial.number);
    expect(again).toMatchObject({ state: 'complete', value: 0.25, userAttrs: { note: 'a' } });
    expect(again.params['x']).not.toBe(7);
    again.intermediate[0] = 9;
    expect((await storage.getTrial(study.id, trial.number)).intermediate).toEqual({ 0: 0.5 });
  });
});
