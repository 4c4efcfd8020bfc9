// The journal's study lock file: what it says about its holder, that it is gone after the
// section (and left alone when another holder's file replaced it), and the take-over of a lock
// whose holder is provably gone (a dead pid on this host, or a lease run out elsewhere). Each
// case resolves at once: a live holder would block, which the conformance suite covers.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalFileLog } from '../../../../src/tune/storage/journal/file-log.ts';
import { JournalStudyLocks } from '../../../../src/tune/storage/journal/study-lock.ts';
import { tempJournals } from '../journal-files.ts';

const nextPath = tempJournals();
/** Above Linux's largest pid (2^22): never a live process. */
const DEAD_PID = 2 ** 22 + 1;

function locks(): { path: string; lockPath: (id: number) => string; locks: JournalStudyLocks; siblings: () => string[] } {
  const path = nextPath();
  const log = new JournalFileLog(path);
  return {
    path,
    lockPath: (id) => `${path}.study-${id}.lock`,
    locks: new JournalStudyLocks(log),
    siblings: () => readdirSync(dirname(path)).filter((f) => f.startsWith(basename(path))),
  };
}

describe('JournalStudyLocks', () => {
  it('holds a file per study naming this process and a lease of a minute, removed after the section, drafts included', async () => {
    const { path, lockPath, locks: l, siblings } = locks();
    const before = Date.now();
    const holder = await l.run(2, async () => JSON.parse(readFileSync(lockPath(2), 'utf8')) as Record<string, unknown>);
    expect(holder).toMatchObject({ host: hostname(), pid: process.pid });
    expect(holder['owner']).toMatch(/^[0-9a-f-]{36}$/);
    expect(holder['expiresAt']).toBeGreaterThanOrEqual(before + 60_000);
    expect(holder['expiresAt']).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(siblings()).toEqual([basename(path)]);
  });

  it('gives the lock back when the section throws, and returns what the section returns', async () => {
    const { lockPath, locks: l } = locks();
    await expect(
      l.run(0, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(lockPath(0))).toBe(false);
    expect(await l.run(0, async () => 5)).toBe(5);
  });

  it("leaves a lock file that is no longer its own (taken over meanwhile) in place", async () => {
    const { lockPath, locks: l } = locks();
    const other = JSON.stringify({ owner: 'other', host: 'elsewhere', pid: 1, expiresAt: Date.now() + 60_000 });
    await l.run(1, async () => writeFileSync(lockPath(1), other));
    expect(readFileSync(lockPath(1), 'utf8')).toBe(other);
  });

  it('takes over the lock of a dead process on this host, and one whose lease ran out on another host', async () => {
    const { lockPath, locks: l } = locks();
    writeFileSync(lockPath(0), JSON.stringify({ owner: 'dead', host: hostname(), pid: DEAD_PID, expiresAt: Date.now() + 60_000 }));
    expect(await l.run(0, async () => JSON.parse(readFileSync(lockPath(0), 'utf8')).owner)).not.toBe('dead');
    expect(existsSync(lockPath(0))).toBe(false);
    writeFileSync(lockPath(1), JSON.stringify({ owner: 'far', host: `${hostname()}-other`, pid: process.pid, expiresAt: Date.now() - 1 }));
    expect(await l.run(1, async () => JSON.parse(readFileSync(lockPath(1), 'utf8')).pid)).toBe(process.pid);
    expect(existsSync(lockPath(1))).toBe(false);
  });

  it('passes on a lock file it cannot read', async () => {
    const { lockPath, locks: l } = locks();
    mkdirSync(lockPath(0));
    await expect(l.run(0, async () => 1)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
