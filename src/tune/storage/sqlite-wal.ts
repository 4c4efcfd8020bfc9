// Switching a SQLite file to WAL takes its write lock, and SQLite answers SQLITE_BUSY at once,
// without calling the busy handler, while another connection holds that lock: workers that open
// a new file together (one of them migrating it) would fail with "database is locked". The switch
// is retried here until busyTimeout, with a short synchronous wait between tries (the storage's
// constructor is synchronous, and this runs once per open).
import type Database from 'better-sqlite3';

const RETRY_MS = 10;

export function enableWal(db: Database.Database, path: string, busyTimeout: number): void {
  const deadline = Date.now() + busyTimeout;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
      if (Date.now() >= deadline) {
        throw new Error(`SqliteStorage: ${path} must be free to switch to WAL within busyTimeout (${busyTimeout} ms), got its write lock held by another connection (SQLITE_BUSY)`, { cause: error });
      }
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
  }
}
