// The journal's study lock file: what it says about its holder, that it is gone after the
// section (and left alone when another holder's file replaced it), and the take-over of a lock
// whose holder is provably gone (a dead pid on this host, or a lease run out elsewhere), but not
// of a live one. Nothing sleeps: a waiter's tries are seen as the drafts it writes.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalFileLog } from '../../../../src/tune/storage/journal/file-log.ts';
import { JournalStudyLocks } from '../../../../src/tune/storage/journal/study-lock.ts';
import { tempJournals } from '../journal-files.ts';
import { DEAD_PID } from '../../../fixtures/dead-pid.ts';

const nextPath = tempJournals();

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

  it('minds a lock file removed during the section (taken over and given back meanwhile)', async () => {
    const { lockPath, locks: l } = locks();
    expect(await l.run(0, async () => (unlinkSync(lockPath(0)), 'done'))).toBe('done');
  });

  it('waits for a live holder: one on another host within its lease, or a live process on this host', async () => {
    for (const holder of [
      { owner: 'far', host: `${hostname()}-other`, pid: DEAD_PID, expiresAt: Date.now() + 60_000 },
      // pid 1 is always alive.
      { owner: 'near', host: hostname(), pid: 1, expiresAt: Date.now() + 60_000 },
    ]) {
      const { lockPath, locks: l } = locks();
      writeFileSync(lockPath(0), JSON.stringify(holder));
      let entered = false;
      // Each try writes and removes a draft beside the lock: three tries, and it still waits.
      let drafts = 0;
      let tried!: () => void;
      const triedThrice = new Promise<void>((resolve) => (tried = resolve));
      const watcher = watch(dirname(lockPath(0)), (_event, file) => {
        if (file?.startsWith(`${basename(lockPath(0))}.`) && ++drafts >= 6) tried();
      });
      const running = l.run(0, async () => (entered = true));
      await Promise.race([triedThrice, running]);
      watcher.close();
      expect(entered).toBe(false);
      expect(JSON.parse(readFileSync(lockPath(0), 'utf8')).owner).toBe(holder.owner);
      unlinkSync(lockPath(0));
      await running;
      expect(entered).toBe(true);
    }
  });

  it('passes on a lock file it cannot read', async () => {
    const { lockPath, locks: l } = locks();
    mkdirSync(lockPath(0));
    await expect(l.run(0, async () => 1)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
