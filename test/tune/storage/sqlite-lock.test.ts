// The SQLite study lock's lease row, on an in-memory database: what it says about its holder,
// that it is gone after the section (thrown or not, and when the database closed meanwhile), and
// the take-over of a lease whose holder is provably gone (a dead pid on this host, or a lease run
// out elsewhere). Each case resolves at once; a live holder's wait is the storage tests' part.
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { withSqliteStudyLock } from '../../../src/tune/storage/sqlite-lock.ts';
import { DEAD_PID } from '../../fixtures/dead-pid.ts';

function database(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE study_locks (study_id INTEGER PRIMARY KEY, owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, expires_at INTEGER NOT NULL)');
  return db;
}

const rows = (db: Database.Database): unknown[] => db.prepare('SELECT * FROM study_locks ORDER BY study_id').all();
const lease = (db: Database.Database, studyId: number, owner: string, host: string, pid: number, expiresAt: number): void => {
  db.prepare('INSERT INTO study_locks VALUES (?, ?, ?, ?, ?)').run(studyId, owner, host, pid, expiresAt);
};

describe('withSqliteStudyLock', () => {
  it('holds a lease row naming this process for a minute, removed after the section, whose value it returns', async () => {
    const db = database();
    const before = Date.now();
    const [result, row] = await withSqliteStudyLock(db, 3, async () => ['done', rows(db)[0] as Record<string, unknown>] as const);
    expect(result).toBe('done');
    expect(row).toMatchObject({ study_id: 3, host: hostname(), pid: process.pid });
    expect(row['owner']).toMatch(/^[0-9a-f-]{36}$/);
    expect(row['expires_at']).toBeGreaterThanOrEqual(before + 60_000);
    expect(row['expires_at']).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(rows(db)).toEqual([]);
  });

  it("removes its own lease when the section throws, leaves another study's, and minds a database closed meanwhile", async () => {
    const db = database();
    lease(db, 9, 'other', 'elsewhere', 1, Date.now() + 60_000);
    await expect(
      withSqliteStudyLock(db, 1, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(rows(db)).toEqual([{ study_id: 9, owner: 'other', host: 'elsewhere', pid: 1, expires_at: expect.any(Number) }]);
    await expect(withSqliteStudyLock(db, 1, async () => void db.close())).resolves.toBeUndefined();
  });

  it('takes over the lease of a dead process on this host, and one that ran out on another host', async () => {
    const db = database();
    lease(db, 0, 'dead', hostname(), DEAD_PID, Date.now() + 60_000);
    lease(db, 1, 'far', `${hostname()}-other`, process.pid, Date.now() - 1);
    expect(await withSqliteStudyLock(db, 0, async () => (rows(db)[0] as { owner: string }).owner)).not.toBe('dead');
    expect(await withSqliteStudyLock(db, 1, async () => (rows(db)[0] as { host: string }).host)).toBe(hostname());
    expect(rows(db)).toEqual([]);
  });

  it("leaves a lease that is no longer its own (taken over meanwhile) in place", async () => {
    const db = database();
    await withSqliteStudyLock(db, 2, async () => {
      db.prepare("UPDATE study_locks SET owner = 'thief' WHERE study_id = 2").run();
    });
    expect(rows(db)).toMatchObject([{ study_id: 2, owner: 'thief' }]);
  });
});
