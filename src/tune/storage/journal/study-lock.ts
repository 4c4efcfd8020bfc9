// The study lock of a journal (Storage.withStudyLock): a file beside the journal,
// `<file>.study-<id>.lock`, naming its holder. It is made complete under a temporary name and
// linked into place, which fails while another holder's file is there, so a reader never sees
// half a lock. A holder whose process is gone from this host, or whose lease ran out (another
// host), loses it: a waiter removes its file under the journal's file lock after reading it
// again, so two waiters never remove each other's fresh lock. Optuna's workers do not take it;
// it only orders hyperprop's asks.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { AsyncLock } from '../../lock.ts';
import { processAlive } from '../trial-owner.ts';
import type { JournalFileLog } from './file-log.ts';

/** A lease outlives any sane ask section; it only matters when a holder on another host vanished. */
const LEASE_MS = 60_000;
const MAX_POLL_MS = 50;

interface Holder {
  owner: string;
  host: string;
  pid: number;
  expiresAt: number;
}

export class JournalStudyLocks {
  /** Callers in this process queue here first, so they do not poll the file against each other. */
  private readonly local = new Map<number, AsyncLock>();

  constructor(private readonly log: JournalFileLog) {}

  run<T>(studyId: number, section: () => Promise<T>): Promise<T> {
    let lock = this.local.get(studyId);
    if (lock === undefined) this.local.set(studyId, (lock = new AsyncLock()));
    return lock.run(async () => {
      const path = `${this.log.path}.study-${studyId}.lock`;
      const owner = randomUUID();
      for (let attempt = 0; !(await this.tryAcquire(path, owner)); attempt++) await delay(Math.min(MAX_POLL_MS, 2 ** attempt));
      try {
        return await section();
      } finally {
        if (readHolder(path)?.owner === owner) unlinkSync(path);
      }
    });
  }

  private async tryAcquire(path: string, owner: string): Promise<boolean> {
    const holder: Holder = { owner, host: hostname(), pid: process.pid, expiresAt: Date.now() + LEASE_MS };
    const draft = `${path}.${owner}`;
    writeFileSync(draft, JSON.stringify(holder));
    try {
      linkSync(draft, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
    const seen = readHolder(path);
    if (seen !== undefined && isGone(seen)) {
      await this.log.withLock(() => {
        if (readHolder(path)?.owner === seen.owner) unlinkSync(path);
      });
    }
    return false;
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isGone(holder: Holder): boolean {
  return holder.expiresAt <= Date.now() || (holder.host === hostname() && holder.pid !== process.pid && !processAlive(holder.pid));
}
