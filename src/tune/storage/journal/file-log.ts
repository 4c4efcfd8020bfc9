// The journal file: read the lines appended since the last read, append lines under Optuna's
// file lock (JournalFileSymlinkLock: a symlink at `<file>.lock`, created to take it, renamed away
// and removed to give it back; JournalFileOpenLock's O_EXCL file at the same path excludes it
// too). A line counts once its newline is written: a reader never applies a half-written
// line, and a writer holding the lock cuts off the unfinished tail a crashed writer left, which
// would otherwise glue onto the next line and break every reader.
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readSync, renameSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { DataError, describeContent } from '../../../errors.ts';
import { parsePythonJson, toPythonJson } from './python-json.ts';

export interface JournalRecord {
  op_code: number;
  worker_id: string;
  [field: string]: unknown;
}

/** Optuna holds the lock for one append; a lock this old belongs to a writer that died holding it. */
const STALE_LOCK_MS = 30_000;
const MAX_POLL_MS = 20;
const NEWLINE = 0x0a;

export class JournalFileLog {
  readonly path: string;
  readonly lockPath: string;
  /** Bytes read and applied: always the end of a complete line. */
  private offset = 0;
  private linesRead = 0;

  constructor(path: string) {
    this.path = path;
    this.lockPath = `${path}.lock`;
    // Created if absent, as JournalFileStorage does.
    closeSync(openSync(path, 'a'));
  }

  /** The complete lines appended since the last call, parsed. */
  readNew(): JournalRecord[] {
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) throw new DataError(`the journal must only grow, got ${size} bytes where ${this.offset} were read (the file was truncated or replaced)`, { source: this.path });
      if (size === this.offset) return [];
      const chunk = Buffer.allocUnsafe(size - this.offset);
      let filled = 0;
      while (filled < chunk.length) {
        const n = readSync(fd, chunk, filled, chunk.length - filled, this.offset + filled);
        if (n === 0) break;
        filled += n;
      }
      const end = chunk.lastIndexOf(NEWLINE, filled - 1) + 1;
      const records = end === 0 ? [] : this.parse(chunk.toString('utf8', 0, end));
      this.offset += end;
      return records;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Runs `section` (synchronous: nothing else of this process runs while it holds the lock)
   * with the file lock held. Call readNew inside it to see every line before appending.
   */
  async withLock<T>(section: () => T): Promise<T> {
    for (let attempt = 0; !this.tryLock(); attempt++) await delay(Math.min(MAX_POLL_MS, 2 ** attempt));
    try {
      return section();
    } finally {
      this.unlock();
    }
  }

  /** Inside withLock, after readNew: appends the records as lines, flushed to disk. */
  append(records: readonly JournalRecord[]): void {
    if (records.length === 0) return;
    const text = Buffer.from(records.map((r) => `${toPythonJson(r)}\n`).join(''), 'utf8');
    const fd = openSync(this.path, 'r+');
    try {
      // Everything past the last complete line is a crashed writer's unfinished line.
      if (fstatSync(fd).size > this.offset) ftruncateSync(fd, this.offset);
      let written = 0;
      while (written < text.length) written += writeSync(fd, text, written, text.length - written, this.offset + written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private parse(text: string): JournalRecord[] {
    const lines = text.split('\n');
    lines.pop();
    return lines.map((line) => {
      const number = ++this.linesRead;
      let record: unknown;
      try {
        record = parsePythonJson(line);
      } catch (error) {
        throw new DataError(`the line must be one JSON object (Optuna's journal format), got a line that does not parse (${(error as Error).message})`, { source: this.path, line: number });
      }
      const r = record as Partial<JournalRecord> | null;
      if (r === null || typeof r !== 'object' || Array.isArray(r) || !Number.isSafeInteger(r.op_code)) {
        throw new DataError(`the line must be a JSON object with an integer op_code (Optuna's journal format), got ${describeContent(record)}`, { source: this.path, line: number });
      }
      return r as JournalRecord;
    });
  }

  private tryLock(): boolean {
    try {
      symlinkSync(this.path, this.lockPath);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    this.breakIfStale();
    return false;
  }

  private breakIfStale(): void {
    try {
      if (Date.now() - lstatSync(this.lockPath).mtimeMs > STALE_LOCK_MS) this.unlock();
    } catch (error) {
      // Given back meanwhile: the next attempt takes it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Optuna's release: rename to a name of our own, then remove, so no other holder's lock is removed by a name. */
  private unlock(): void {
    const away = `${this.lockPath}${randomUUID()}.rename`;
    renameSync(this.lockPath, away);
    unlinkSync(away);
  }
}
