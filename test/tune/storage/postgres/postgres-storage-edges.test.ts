// PostgresStorage where the conformance suite does not look: a running trial whose process died
// on this host is failed at once (the owner columns say who runs it), in number order with its
// retry; and reportAndRead, the pruner's one-round-trip report and read, with its refusals.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { postgresStorages } from '../pg-schemas.ts';
import { DEAD_PID } from '../../../fixtures/dead-pid.ts';

const { next, sql } = postgresStorages('edges');

describe('PostgresStorage orphaned trials', () => {
  it("fails the running trials whose owner's process is gone from this host at once, in number order, and re-queues them", async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 3);
    const trials = [];
    for (let i = 0; i < 4; i++) trials.push(await storage.createTrial(study.id, { state: 'running' }));
    // Trials 0, 1 and 3 lost their process on this host; trial 2 runs on another host.
    await sql(`UPDATE ${storage.schema}.trials SET owner_host = $1, owner_pid = $2 WHERE number IN (0, 1, 3)`, [hostname(), DEAD_PID]);
    await sql(`UPDATE ${storage.schema}.trials SET owner_host = $1, owner_pid = $2 WHERE number = 2`, [`${hostname()}-elsewhere`, DEAD_PID]);
    const result = await storage.failStaleTrials(study.id, { graceMs: 3_600_000, maxRetries: 1 });
    expect(result.failed).toEqual([0, 1, 3]);
    expect(result.requeued.map((t) => [t.number, t.state, t.seed, t.systemAttrs['retryOf']])).toEqual([
      [4, 'waiting', trials[0]!.seed, 0],
      [5, 'waiting', trials[1]!.seed, 1],
      [6, 'waiting', trials[3]!.seed, 3],
    ]);
    expect((await storage.getTrial(study.id, 1)).systemAttrs).toMatchObject({ orphaned: true, failReason: `orphaned: its process (pid ${DEAD_PID} on ${hostname()}) is gone` });
    expect((await storage.getTrial(study.id, 2)).state).toBe('running');
  });
});

describe('PostgresStorage reportAndRead', () => {
  it('reports a value and reads the trials from a number on and the listed ones below it, the reported one with its new value', async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 0);
    for (let i = 0; i < 4; i++) await storage.createTrial(study.id, { state: 'running' });
    await storage.reportIntermediate(study.id, 0, 1, 0.5);
    const { trials, current } = await storage.reportAndRead(study.id, 3, 2, 0.25, 2, [0]);
    expect(trials.map((t) => t.number)).toEqual([0, 2, 3]);
    expect(trials[0]!.intermediate).toEqual({ 1: 0.5 });
    expect(trials[2]!.intermediate).toEqual({ 2: 0.25 });
    // current: true until the storage sends another statement.
    expect(current()).toBe(true);
    expect((await storage.getTrial(study.id, 3)).intermediate).toEqual({ 2: 0.25 });
    expect(current()).toBe(false);
  });

  it('refuses an unknown study, an unknown or finished trial, and bad arguments, as reportIntermediate does', async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 0);
    await storage.createTrial(study.id, { state: 'running' });
    await storage.finishTrial(study.id, 0, 'complete', 1);
    await expect(storage.reportAndRead(study.id + 99, 0, 1, 1, 0)).rejects.toThrow(`studyId must name an existing study, got ${study.id + 99}`);
    await expect(storage.reportAndRead(study.id, 5, 1, 1, 0)).rejects.toThrow(`trialNumber must name a trial of study ${study.id}, got 5`);
    await expect(storage.reportAndRead(study.id, 0, 1, 1, 0)).rejects.toThrow(`reportIntermediate: trial 0 of study ${study.id} must not be finished, got state "complete"`);
    await expect(storage.reportAndRead(study.id, 0, -1, 1, 0)).rejects.toThrow('reportIntermediate: step must be a non-negative integer, got -1');
    await expect(storage.reportAndRead(study.id, 0, 1, Number.NaN, 0)).rejects.toThrow('reportIntermediate: value must be a number (not NaN), got NaN');
    await expect(storage.reportAndRead(study.id, 0, 1, 1, -1)).rejects.toThrow('getTrialsFrom: from must be a non-negative integer, got -1');
  });
});
