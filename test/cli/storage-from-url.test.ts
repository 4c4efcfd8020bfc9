// storageFromUrl: the schemes, bare paths, and the errors for unknown schemes and missing files.
// (The fall-back to a journal file when SQLite cannot load is tested in test/tune/storage/sqlite-open.test.ts.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.ts';
import { fallbackJournal, storageFromUrl } from '../../src/cli/storage-from-url.ts';
import { storageSetting } from '../../src/cli/tune-run.ts';
import type { LoadedConfig } from '../../src/config/load-config.ts';
import { JournalStorage } from '../../src/tune/storage/journal/journal-storage.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-storage-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storageFromUrl', () => {
  it('opens memory by default and for memory:', async () => {
    expect(await storageFromUrl(undefined)).toBeInstanceOf(MemoryStorage);
    expect(await storageFromUrl('memory:')).toBeInstanceOf(MemoryStorage);
  });

  it('opens SQLite files from sqlite:, sqlite://, file: and bare paths, relative to baseDir', async () => {
    for (const [url, file] of [['sqlite:a.db', 'a.db'], ['sqlite://b.db', 'b.db'], ['file:c.db', 'c.db'], ['d.db', 'd.db'], [join(dir, 'e.db'), 'e.db']] as const) {
      const storage = await storageFromUrl(url, { baseDir: dir });
      expect(storage, url).toBeInstanceOf(SqliteStorage);
      await storage.createStudy('s', 'minimize', 0);
      await storage.close();
      expect(existsSync(join(dir, file)), url).toBe(true);
    }
  });

  it("opens Optuna journal files from journal: and journal://, relative to baseDir; readers need an existing one", async () => {
    for (const [url, file] of [['journal:a.log', 'a.log'], ['journal://b.log', 'b.log'], [`journal:${join(dir, 'c.log')}`, 'c.log']] as const) {
      const storage = await storageFromUrl(url, { baseDir: dir });
      expect(storage, url).toBeInstanceOf(JournalStorage);
      await storage.createStudy('s', 'minimize', 0);
      await storage.close();
      expect(existsSync(join(dir, file)), url).toBe(true);
    }
    expect(await (await storageFromUrl('journal:a.log', { baseDir: dir, mustExist: true })).getStudy('s')).toMatchObject({ name: 's' });
    await expect(storageFromUrl('journal:none.log', { baseDir: dir, mustExist: true })).rejects.toThrow('--storage must be an existing journal file, got "none.log" (no such file)');
    expect(existsSync(join(dir, 'none.log'))).toBe(false);
    await expect(storageFromUrl('journal:')).rejects.toThrow('--storage must name a journal file after "journal:", got nothing');
    await expect(storageFromUrl(`journal:${dir}`)).rejects.toThrow(`--storage ${JSON.stringify(dir)} must be a regular file, got a directory`);
  });

  it('tune.storage: a journal file is relative to the config, like a SQLite file; the fall-back journal sits beside the SQLite file', () => {
    const loaded = { source: join(dir, 'conf', 'study.yaml'), baseDir: join(dir, 'conf') } as LoadedConfig;
    expect(storageSetting(loaded, 'journal:./study.log')).toBe(`journal:${join(dir, 'conf', 'study.log')}`);
    expect(storageSetting(loaded, 'study.db')).toBe(`sqlite:${join(dir, 'conf', 'study.db')}`);
    expect(storageSetting(loaded, 'postgres://h/db')).toBe('postgres://h/db');
    expect(['study.db', 'x/s.sqlite', 's.SQLITE3', 'plain'].map(fallbackJournal)).toEqual(['study.log', 'x/s.log', 's.log', 'plain.log']);
  });

  it('rejects unknown schemes, missing files for readers, and memory: for readers', async () => {
    await expect(storageFromUrl('redis://x')).rejects.toThrow(UsageError);
    await expect(storageFromUrl('redis://x')).rejects.toThrow('--storage must use one of the schemes memory:, sqlite:, file:, journal:, postgres:, postgresql: or be a file path, got "redis://x"');
    await expect(storageFromUrl(join(dir, 'none.db'), { mustExist: true })).rejects.toThrow('--storage must be an existing SQLite file');
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
    await expect(storageFromUrl('memory:', { mustExist: true })).rejects.toThrow('outlives the process');
    await expect(storageFromUrl('sqlite:')).rejects.toThrow('--storage must name a SQLite file after "sqlite:"');
  });

  it('refuses a FIFO, a device or a directory before SQLite opens it, within 100 ms', async () => {
    const fifo = join(dir, 'study.fifo');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'study-folder');
    mkdirSync(folder);
    for (const [url, kind] of [[fifo, 'a FIFO (named pipe)'], ['sqlite:/dev/zero', 'a character device'], [`file://${folder}`, 'a directory']] as const) {
      for (const mustExist of [false, true]) {
        const start = performance.now();
        const error = await storageFromUrl(url, { mustExist }).then(() => undefined, (caught: unknown) => caught);
        expect(performance.now() - start, url).toBeLessThan(100);
        expect(error, url).toBeInstanceOf(UsageError);
        expect((error as Error).message).toBe(`--storage ${JSON.stringify(url.replace(/^(sqlite|file):(\/\/)?/, ''))} must be a regular file, got ${kind}`);
      }
    }
  });
});
