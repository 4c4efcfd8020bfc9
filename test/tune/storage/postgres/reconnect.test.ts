// Which failures the PostgreSQL storage retries (the connection's, not the request's), and the
// retry loop's backoff, attempt numbers and deadline, without a server: the operation is a
// function that fails as pg does. Math.random is pinned so the waits are known (25 and 50 ms).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTransient, withReconnect } from '../../../../src/tune/storage/postgres/reconnect.ts';

const coded = (code: string, message = 'failed'): Error => Object.assign(new Error(message), { code });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('isTransient', () => {
  it('takes socket errors and the SQLSTATEs of a lost or refused connection, a restart, a conflict', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '40001', '40P01']) {
      expect(isTransient(coded(code)), code).toBe(true);
    }
  });

  it("takes pg's own messages for a lost connection, in any case", () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'connection terminated',
      'Client has encountered a connection error and is not queryable',
      'Client was closed and is not queryable',
      'timeout exceeded when trying to connect',
      'FATAL: terminating connection due to administrator command',
      'the database system is starting up',
      'the database system is shutting down',
    ]) {
      expect(isTransient(new Error(message)), message).toBe(true);
    }
  });

  it("refuses the request's own errors, codes that are not strings, and what is not an Error", () => {
    expect(isTransient(coded('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isTransient(coded('42P01', 'relation "x" does not exist'))).toBe(false);
    expect(isTransient(new Error('the database system is in recovery mode'))).toBe(false);
    expect(isTransient(Object.assign(new Error('failed'), { code: 8006 }))).toBe(false);
    expect(isTransient({ code: 'ECONNRESET', message: 'Connection terminated' })).toBe(false);
    expect(isTransient('ECONNRESET')).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});

describe('withReconnect', () => {
  it('retries transient failures with doubling waits, telling onRetry each, and passes the attempt number', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const retries: [string, number, number][] = [];
    const attempts: number[] = [];
    const started = Date.now();
    const result = await withReconnect({ timeoutMs: 10_000, onRetry: (e, a, ms) => retries.push([e.message, a, ms]) }, () => false, async (attempt) => {
      attempts.push(attempt);
      if (attempt < 2) throw coded('ECONNRESET', `lost ${attempt}`);
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toEqual([0, 1, 2]);
    expect(retries).toEqual([['lost 0', 1, 25], ['lost 1', 2, 50]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('waits between half and all of the backoff, as the jitter says', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const waits: number[] = [];
    await withReconnect({ timeoutMs: 10_000, onRetry: (_e, _a, ms) => waits.push(ms) }, () => false, async (attempt) => {
      if (attempt === 0) throw coded('57P01');
      return 1;
    });
    expect(waits).toEqual([50]);
  });

  it('throws at once an error that is not transient, or any error once the storage is closed', async () => {
    const onRetry = vi.fn();
    const op = vi.fn(async () => {
      throw coded('23505');
    });
    await expect(withReconnect({ timeoutMs: 10_000, onRetry }, () => false, op)).rejects.toMatchObject({ code: '23505' });
    expect(op).toHaveBeenCalledTimes(1);
    const lost = vi.fn(async () => {
      throw coded('ECONNRESET');
    });
    await expect(withReconnect({ timeoutMs: 10_000, onRetry }, () => true, lost)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(lost).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('gives up once the deadline has passed since the first failure, without waiting further', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const onRetry = vi.fn();
    const op = vi.fn(async () => {
      throw coded('ECONNREFUSED');
    });
    await expect(withReconnect({ timeoutMs: 0, onRetry }, () => false, op)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(op).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    // A deadline of 30 ms on a clock the operation moves: a failure 29 ms after the first is
    // retried, one 30 ms after it is not (a fourth call would succeed).
    let clock = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const late = vi.fn(async (attempt: number) => {
      clock = 1_000 + [0, 29, 30][attempt]!;
      if (attempt < 3) throw coded('ECONNREFUSED');
      return 'too late';
    });
    await expect(withReconnect({ timeoutMs: 30 }, () => false, late)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(late).toHaveBeenCalledTimes(3);
  });

  it('returns the first success without retrying; onRetry may be left out', async () => {
    const op = vi.fn(async () => 7);
    expect(await withReconnect({ timeoutMs: 0 }, () => true, op)).toBe(7);
    expect(op).toHaveBeenCalledTimes(1);
  });
});
