// PostgresStorage's own checks and corners the conformance suite passes by: its options (the
// URL, the reconnect deadline and onRetry, which reach the connection), unknown studies named by
// each call that looks one up, empty reads, trials failed by both rules in one reaping, the
// budget counters of imported retries and orphans, and parameters given without a distribution.
import { hostname } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { PostgresStorage } from '../../../../src/tune/storage/postgres/postgres-storage.ts';
import type { FrozenTrial } from '../../../../src/tune/types.ts';
import { postgresStorages } from '../pg-schemas.ts';
import { DEAD_PID } from '../../../fixtures/dead-pid.ts';

const { url, next, sql } = postgresStorages('checks');

describe('PostgresStorage options', () => {
  it('names a URL that is not a postgres one, hiding any password, and a url that is not a string', () => {
    expect(() => new PostgresStorage('mysql://user:secret@h/db')).toThrow(new TypeError('PostgresStorage: url must be a postgres:// or postgresql:// URL, got "mysql://user:***@h/db"'));
    expect(() => new PostgresStorage(`x${url}`)).toThrow('PostgresStorage: url must be a postgres:// or postgresql:// URL');
    expect(() => new PostgresStorage(3 as never)).toThrow(new TypeError('PostgresStorage: url must be a postgres:// or postgresql:// URL, got 3'));
  });

  it('takes a reconnect deadline of 0 or more ms, naming anything else', () => {
    expect(() => new PostgresStorage(url, { reconnectTimeoutMs: -1 })).toThrow(new RangeError('PostgresStorage: options.reconnectTimeoutMs must be a non-negative number, got -1'));
    expect(() => new PostgresStorage(url, { reconnectTimeoutMs: '5' as never })).toThrow(new RangeError('PostgresStorage: options.reconnectTimeoutMs must be a non-negative number, got "5"'));
    expect(() => new PostgresStorage(url, { reconnectTimeoutMs: Number.NaN })).toThrow('options.reconnectTimeoutMs must be a non-negative number, got NaN');
    expect(next({ reconnectTimeoutMs: 0 })).toBeInstanceOf(PostgresStorage);
  });

  it('retries a refused connection until the deadline, telling onRetry; with a deadline of 0 it fails at once', async () => {
    const nowhere = 'postgres://u@127.0.0.1:1/db';
    const onRetry = vi.fn();
    const patient = new PostgresStorage(nowhere, { reconnectTimeoutMs: 100, onRetry });
    await expect(patient.listStudies()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(onRetry).toHaveBeenCalled();
    expect(onRetry.mock.calls[0]![1]).toBe(1);
    await patient.close();
    const hasty = vi.fn();
    const impatient = new PostgresStorage(nowhere, { reconnectTimeoutMs: 0, onRetry: hasty });
    await expect(impatient.listStudies()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(hasty).not.toHaveBeenCalled();
    await impatient.close();
  });

  it('refuses every call after close', async () => {
    const storage = next();
    await storage.listStudies();
    await storage.close();
    await expect(storage.listStudies()).rejects.toThrow('PostgresStorage: the storage must be open, got a call after close()');
  });
});

describe('PostgresStorage unknown studies and empty reads', () => {
  it('names an unknown study in each call that looks one up', async () => {
    const storage = next();
    const unknown = 'studyId must name an existing study, got 999';
    await storage.listStudies();
    await expect(storage.setStudyAttr(999, 'k', 1)).rejects.toThrow(unknown);
    await expect(storage.claimWaitingTrial(999)).rejects.toThrow(unknown);
    await expect(storage.getTrial(999, 0)).rejects.toThrow(unknown);
    await expect(storage.createTrial(999, { state: 'waiting' })).rejects.toThrow(unknown);
    await expect(storage.failStaleTrials(999, { graceMs: 1_000, maxRetries: 0 })).rejects.toThrow(unknown);
    const trial: FrozenTrial = { number: 0, state: 'complete', params: {}, distributions: {}, value: 1, values: [1], intermediate: {}, seed: 1, startedAt: 1, completedAt: 2, userAttrs: {}, systemAttrs: {} };
    await expect(storage.importTrial(999, trial)).rejects.toThrow(unknown);
  });

  it('reads no trials of a study that has none (or none in the states asked), and reports into a trial outside the read', async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 0);
    expect(await storage.getTrials(study.id)).toEqual([]);
    await storage.createTrial(study.id, { state: 'running' });
    expect(await storage.getTrials(study.id, ['complete'])).toEqual([]);
    expect((await storage.reportAndRead(study.id, 0, 1, 0.5, 5)).trials).toEqual([]);
    expect((await storage.getTrial(study.id, 0)).intermediate).toEqual({ 1: 0.5 });
  });
});

describe('PostgresStorage reaping and counting', () => {
  it('fails a trial that is both stale and orphaned once, and lists the failed in number order across both rules', async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 0);
    for (let i = 0; i < 3; i++) await storage.createTrial(study.id, { state: 'running' });
    // 0: orphaned only; 1: stale only (another host); 2: stale and orphaned.
    await sql(`UPDATE ${storage.schema}.trials SET owner_host = $1, owner_pid = $2 WHERE number IN (0, 2)`, [hostname(), DEAD_PID]);
    await sql(`UPDATE ${storage.schema}.trials SET owner_host = 'elsewhere', owner_pid = 1 WHERE number = 1`);
    await sql(`UPDATE ${storage.schema}.trials SET started_at = started_at - 3600000 WHERE number IN (1, 2)`);
    const result = await storage.failStaleTrials(study.id, { graceMs: 60_000, maxRetries: 1 });
    expect(result.failed).toEqual([0, 1, 2]);
    expect(result.requeued).toHaveLength(3);
    expect((await storage.getTrial(study.id, 2)).systemAttrs['failReason']).toBe('stale heartbeat: no beat for more than 60000 ms');
  });

  it('counts imported retries and orphans out of the budget as it counts its own', async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 0);
    const base: FrozenTrial = { number: 0, state: 'complete', params: {}, distributions: {}, value: 1, values: [1], intermediate: {}, seed: 1, startedAt: 1, completedAt: 2, userAttrs: {}, systemAttrs: {} };
    await storage.importTrials(study.id, [
      base,
      { ...base, number: 1, systemAttrs: { retryOf: 0 } },
      { ...base, number: 2, state: 'failed', value: null, values: null, systemAttrs: { orphaned: true } },
    ]);
    expect(await storage.countTrials(study.id)).toBe(3);
    expect(await storage.countTrials(study.id, { excludeRetries: true })).toBe(2);
    expect(await storage.countTrials(study.id, { excludeOrphans: true })).toBe(2);
  });

  it('keeps parameters given without a distribution on a new trial', async () => {
    const storage = next();
    const study = await storage.createStudy('s', 'minimize', 0);
    const trial = await storage.createTrial(study.id, { state: 'waiting', params: { a: 1, b: 'x' } });
    expect(trial.params).toEqual({ a: 1, b: 'x' });
    expect((await storage.getTrial(study.id, trial.number)).params).toEqual({ a: 1, b: 'x' });
  });
});
