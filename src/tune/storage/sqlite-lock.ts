// The study lock of a SQLite file. SQLite's own locks cannot be held across the awaits of an
// async section, so the lock is a lease row naming its holder. A holder that died on this host
// (its pid is gone) or whose lease ran out loses it; waiters poll with a short backoff.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { processAlive } from './trial-owner.ts';

/** A lease outlives any sane ask section; it only matters when a holder on another host vanished. */
const LEASE_MS = 60_000;
const MAX_POLL_MS = 50;

interface LockRow {
  owner: string;
  host: string;
  pid: number;
  expires_at: number;
}

export async function withSqliteStudyLock<T>(db: Database.Database, studyId: number, section: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const host = hostname();
  const acquire = db.transaction((): boolean => {
    const now = Date.now();
    const row = db.prepare('SELECT owner, host, pid, expires_at FROM study_locks WHERE study_id = ?').get(studyId) as LockRow | undefined;
    const free = row === undefined || row.expires_at <= now || (row.host === host && !processAlive(row.pid));
    if (!free) return false;
    db.prepare(
      'INSERT INTO study_locks (study_id, owner, host, pid, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (study_id) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at',
    ).run(studyId, owner, host, process.pid, now + LEASE_MS);
    return true;
  });
  for (let attempt = 0; !acquire.immediate(); attempt++) await delay(Math.min(MAX_POLL_MS, 2 ** attempt));
  try {
    return await section();
  } finally {
    if (db.open) db.prepare('DELETE FROM study_locks WHERE study_id = ? AND owner = ?').run(studyId, owner);
  }
}
