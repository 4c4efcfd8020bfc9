// The journal file itself: which bytes a reader applies (complete lines only, each once), the
// refusals that name the file and line, what an append writes and cuts off, and the file lock's
// release and take-over of a dead writer's lock. All in one process, without waiting: the lock
// tests use a lock that is already stale or none at all.
import { appendFileSync, existsSync, lutimesSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../../src/errors.ts';
import { JournalFileLog } from '../../../../src/tune/storage/journal/file-log.ts';
import { tempJournals } from '../journal-files.ts';

const nextPath = tempJournals();

describe('JournalFileLog reading', () => {
  it('creates a missing file empty and leaves an existing one as it is', () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(log.lockPath).toBe(`${path}.lock`);
    appendFileSync(path, '{"op_code":0,"worker_id":"w"}\n');
    expect(new JournalFileLog(path).readNew()).toEqual([{ op_code: 0, worker_id: 'w' }]);
    expect(readFileSync(path, 'utf8')).toBe('{"op_code":0,"worker_id":"w"}\n');
  });

  it('returns each complete line once, holds back a line until its newline is written, and reads Python\'s tokens', () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    expect(log.readNew()).toEqual([]);
    appendFileSync(path, '{"op_code": 1, "worker_id": "w"}\n{"op_code": 7, "intermediate_value": NaN}\n{"op_code": 2');
    const first = log.readNew();
    expect(first).toHaveLength(2);
    expect(first[0]).toEqual({ op_code: 1, worker_id: 'w' });
    expect(first[1]!['intermediate_value']).toBeNaN();
    expect(log.readNew()).toEqual([]);
    appendFileSync(path, ', "worker_id": "é"}\n');
    expect(log.readNew()).toEqual([{ op_code: 2, worker_id: 'é' }]);
    expect(log.readNew()).toEqual([]);
  });

  it('refuses a file that shrank, naming it and the sizes', () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    writeFileSync(path, '{"op_code": 0}\n{"op_code": 1}\n');
    expect(log.readNew()).toHaveLength(2);
    writeFileSync(path, '{"op_code": 0}\n');
    expect(() => log.readNew()).toThrow(new DataError('the journal must only grow, got 15 bytes where 30 were read (the file was truncated or replaced)', { source: path }));
  });

  it('refuses a line that is no JSON object with an integer op_code, naming the file, the line number across reads and what it found', () => {
    const cases: [string, string][] = [
      ['[1, 2]', 'an array of 2 items'],
      ['"op_code"', 'a string of 7 characters'],
      ['null', 'null'],
      ['3', '3'],
      ['{"op_code": 1.5}', 'an object'],
      ['{"op_code": "1"}', 'an object'],
      ['{"worker_id": "w"}', 'an object'],
    ];
    for (const [line, found] of cases) {
      const path = nextPath();
      const log = new JournalFileLog(path);
      writeFileSync(path, '{"op_code": 0}\n');
      log.readNew();
      appendFileSync(path, `{"op_code": 0}\n${line}\n`);
      const error = (() => {
        try {
          log.readNew();
        } catch (e) {
          return e as DataError;
        }
        throw new Error(`${line} was read`);
      })();
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toBe(`${path}: line 3: the line must be a JSON object with an integer op_code (Optuna's journal format), got ${found}`);
      expect(error.line).toBe(3);
    }
  });

  it('names the parser\'s reason for a line that does not parse', () => {
    const path = nextPath();
    writeFileSync(path, '{"op_code": 0, "x": [NaN}\n');
    expect(() => new JournalFileLog(path).readNew()).toThrow(`${path}: line 1: the line must be one JSON object (Optuna's journal format), got a line that does not parse (expected "," or "]" at character 25)`);
  });
});

/** This process's open file descriptors (Linux). */
const openFiles = (): number => readdirSync('/proc/self/fd').length;

describe('JournalFileLog appending', () => {
  it("cuts off a crashed writer's half line longer than what is appended", () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    writeFileSync(path, `{"op_code": 0}\n{"op_code": 4, "pad": "${'x'.repeat(200)}`);
    log.readNew();
    log.append([{ op_code: 1, worker_id: 'n' }]);
    expect(readFileSync(path, 'utf8')).toBe('{"op_code": 0}\n{"op_code":1,"worker_id":"n"}\n');
  });

  it('closes the file after each read and append', () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    const before = openFiles();
    for (let i = 0; i < 20; i++) {
      log.append([{ op_code: 1, worker_id: 'n' }]);
      log.readNew();
    }
    // Other threads of the process may open a file meanwhile; 40 left open would show.
    expect(openFiles() - before).toBeLessThan(10);
  });

  it("appends Python's JSON a line each after the last complete line, cutting off a crashed writer's half line", () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    writeFileSync(path, '{"op_code": 0, "worker_id": "w"}\n{"op_code": 4, "work');
    log.readNew();
    log.append([
      { op_code: 7, worker_id: 'n', intermediate_value: Number.NEGATIVE_INFINITY },
      { op_code: 8, worker_id: 'n', user_attr: { k: 'é' } },
    ]);
    expect(readFileSync(path, 'utf8')).toBe('{"op_code": 0, "worker_id": "w"}\n{"op_code":7,"worker_id":"n","intermediate_value":-Infinity}\n{"op_code":8,"worker_id":"n","user_attr":{"k":"é"}}\n');
    // The appended lines are read back as new lines, the first one included.
    expect(log.readNew().map((r) => r.op_code)).toEqual([7, 8]);
  });

  it('appends nothing, and opens nothing, for no records', () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    unlinkSync(path);
    expect(() => log.append([])).not.toThrow();
    expect(existsSync(path)).toBe(false);
  });
});

describe('JournalFileLog lock', () => {
  it('runs the section holding the lock, returns its value, and gives the lock back also when the section throws', async () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    let held = false;
    expect(await log.withLock(() => ((held = existsSync(log.lockPath)), 7))).toBe(7);
    expect(held).toBe(true);
    expect(existsSync(log.lockPath)).toBe(false);
    // Released by renaming away and removing: nothing of the lock is left beside the journal.
    expect(readdirSync(dirname(path)).filter((f) => f.startsWith(basename(path)))).toEqual([basename(path)]);
    await expect(
      log.withLock(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(log.lockPath)).toBe(false);
  });

  it('takes over a lock older than 30 s at once', async () => {
    const path = nextPath();
    const log = new JournalFileLog(path);
    symlinkSync(path, log.lockPath);
    const old = Date.now() / 1000 - 31;
    lutimesSync(log.lockPath, old, old);
    const started = Date.now();
    expect(await log.withLock(() => existsSync(log.lockPath))).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(existsSync(log.lockPath)).toBe(false);
  });

  it('passes on a failure to create the lock other than its being taken', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hyperprop-journal-gone-'));
    const log = new JournalFileLog(join(folder, 'j.log'));
    rmSync(folder, { recursive: true });
    await expect(log.withLock(() => 1)).rejects.toMatchObject({ code: 'ENOENT', syscall: 'symlink' });
  });
});
