// enableWal's retry loop on a stand-in database whose pragma fails as better-sqlite3 does: it
// retries SQLITE_BUSY until the deadline, passes on any other error at once, and names the file
// and the timeout when the deadline passes. sqlite-wal.test.ts shows the same against a real
// lock held by another process, which takes a child process and most of a second.
import { describe, expect, it } from 'vitest';
import { enableWal } from '../../../src/tune/storage/sqlite-wal.ts';

/** A database whose WAL switch fails with `errors` in turn, then succeeds; it records each call. */
function standIn(errors: Error[]): { db: never; calls: string[] } {
  const calls: string[] = [];
  const db = {
    pragma(text: string) {
      calls.push(text);
      const error = errors.shift();
      if (error !== undefined) throw error;
      return 'wal';
    },
  };
  return { db: db as never, calls };
}

const busy = (): Error => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('enableWal', () => {
  it('switches at once when it can, and retries SQLITE_BUSY within the timeout', () => {
    const once = standIn([]);
    enableWal(once.db, 'a.db', 0);
    expect(once.calls).toEqual(['journal_mode = WAL']);
    const twice = standIn([busy(), busy()]);
    enableWal(twice.db, 'a.db', 5_000);
    expect(twice.calls).toHaveLength(3);
  });

  it('passes on any other error at once', () => {
    const other = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    const { db, calls } = standIn([other]);
    expect(() => enableWal(db, 'a.db', 5_000)).toThrow(other);
    expect(calls).toHaveLength(1);
  });

  it('past the timeout, names the file and the timeout, with the busy error as the cause', () => {
    const error = busy();
    const { db, calls } = standIn([error, busy()]);
    let thrown: Error | undefined;
    try {
      enableWal(db, '/x/s.db', 0);
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown?.message).toBe('SqliteStorage: /x/s.db must be free to switch to WAL within busyTimeout (0 ms), got its write lock held by another connection (SQLITE_BUSY)');
    expect(thrown?.cause).toBe(error);
    expect(calls).toHaveLength(1);
  });
});
