// Opening a SqliteStorage switches its file to WAL, which needs the file's write lock; SQLite
// answers SQLITE_BUSY at once (no busy handler) while another process holds it, as when several
// workers open a new file together. The storage waits up to busyTimeout instead of failing.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { tempDatabases } from './temp-db.ts';

const nextPath = tempDatabases();
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process creates `path` in rollback-journal mode and holds its write lock for `ms`.
 * Resolves, once it holds it, with `done` (waits for its exit) and `kill` (ends it now).
 */
function holdWriteLock(path: string, ms: number): Promise<{ done: () => Promise<void>; kill: () => Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(BETTER_SQLITE3)});
    const db = new Database(${JSON.stringify(path)});
    db.exec('CREATE TABLE IF NOT EXISTS held (x)');
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('held\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ done: () => exited, kill: () => (child.kill(), exited) }));
    child.once('error', reject);
  });
}

describe('SqliteStorage on a file whose write lock another process holds', () => {
  it('waits for the lock (within busyTimeout) to switch the file to WAL, then works', async () => {
    const path = nextPath();
    const { done } = await holdWriteLock(path, 400);
    const storage = new SqliteStorage(path);
    expect((await storage.createStudyIfAbsent('s', 'minimize', 0)).created).toBe(true);
    await storage.close();
    await done();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('past busyTimeout, says which file is locked and for how long it waited', async () => {
    const path = nextPath();
    // Held for far longer than busyTimeout (a loaded machine must not let the lock go first), and
    // ended once the storage has given up rather than waited out.
    const { kill } = await holdWriteLock(path, 1_000);
    expect(() => new SqliteStorage(path, { busyTimeout: 200 })).toThrow(`SqliteStorage: ${path} must be free to switch to WAL within busyTimeout (200 ms), got its write lock held by another connection (SQLITE_BUSY)`);
    await kill();
  });
});
