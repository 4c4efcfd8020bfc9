// One place that turns a --storage value (or tune.storage) into a Storage. Schemes register in
// STORAGE_SCHEMES, so another backend (PostgreSQL) is one more entry. A value without a scheme
// is a SQLite file path. When better-sqlite3's binding does not load, a new SQLite study goes to
// a journal file beside it instead (pure Node, no native build), with one line saying why.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { JournalStorage } from '../tune/storage/journal/journal-storage.ts';
import { MemoryStorage } from '../tune/storage/memory-storage.ts';
import { openSqliteDatabase } from '../tune/storage/sqlite-open.ts';
import { SqliteStorage } from '../tune/storage/sqlite-storage.ts';
import type { Storage } from '../tune/types.ts';
import { FileError, NativeDependencyError } from '../errors.ts';
import { checkRegularFile } from '../files/read-bounded-file.ts';
import { UsageError } from './exit-codes.ts';

export interface StorageOpenOptions {
  /** Relative file paths are resolved against this folder (default: the working directory). */
  baseDir?: string;
  /** Reading commands (report, trials): fail instead of creating an empty storage. */
  mustExist?: boolean;
  /** Told the one line that says a SQLite study went to a journal file (default: written to stderr). */
  notice?: (line: string) => void;
}

type Opener = (rest: string, url: string, options: StorageOpenOptions) => Storage | Promise<Storage>;

function sqlite(path: string, options: StorageOpenOptions): Storage {
  if (path === '') throw new UsageError('--storage must name a SQLite file after "sqlite:", got nothing');
  const file = filePath(path, options);
  const exists = existsSync(file);
  // SQLite would block on a FIFO, or fail on a device or a directory with a vague error.
  if (exists) checkStorageFile(file, path);
  const unavailable = sqliteUnavailable();
  if (unavailable === undefined) {
    if (options.mustExist && !exists) throw new UsageError(`--storage must be an existing SQLite file, got ${JSON.stringify(path)} (no such file)`);
    return new SqliteStorage(file);
  }
  // An existing SQLite file can only be read through the binding.
  if (exists) throw unavailable;
  const journalFile = fallbackJournal(file);
  if (options.mustExist && !existsSync(journalFile)) throw new UsageError(`--storage must be an existing SQLite file, got ${JSON.stringify(path)} (no such file)`);
  const shown = fallbackJournal(path);
  (options.notice ?? ((line) => process.stderr.write(`${line}\n`)))(
    `hyperprop: SQLite is unavailable, so the study is in the journal file ${shown} (--storage journal:${shown}, Optuna's journal format): ${unavailable.message}`,
  );
  return new JournalStorage(journalFile);
}

/** study.db → study.log: where a SQLite study goes when SQLite cannot load. */
export function fallbackJournal(path: string): string {
  return `${path.replace(/\.(db|sqlite3?)$/i, '')}.log`;
}

let sqliteProbe: { error: NativeDependencyError | undefined } | undefined;

/** Why better-sqlite3's binding does not load, or undefined when it does (asked once per process). */
function sqliteUnavailable(): NativeDependencyError | undefined {
  if (sqliteProbe === undefined) {
    try {
      openSqliteDatabase(':memory:').close();
      sqliteProbe = { error: undefined };
    } catch (error) {
      if (!(error instanceof NativeDependencyError)) throw error;
      sqliteProbe = { error };
    }
  }
  return sqliteProbe.error;
}

function filePath(path: string, options: StorageOpenOptions): string {
  return isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path);
}

function checkStorageFile(file: string, path: string): void {
  try {
    checkRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER, what: '--storage' });
  } catch (error) {
    if (error instanceof FileError) throw new UsageError(`--storage ${JSON.stringify(path)} ${error.reason}`);
    throw error;
  }
}

/** journal:./study.log: Optuna's journal format (JournalFileStorage), which Python workers can share. */
function journal(path: string, options: StorageOpenOptions): Storage {
  if (path === '') throw new UsageError('--storage must name a journal file after "journal:", got nothing');
  const file = filePath(path, options);
  const exists = existsSync(file);
  if (options.mustExist && !exists) throw new UsageError(`--storage must be an existing journal file, got ${JSON.stringify(path)} (no such file)`);
  if (exists) checkStorageFile(file, path);
  return new JournalStorage(file);
}

/** postgres://user:password@host:5432/db[?schema=name]: a study shared by workers on many machines (schema default "hyperprop"). */
async function postgres(url: string): Promise<Storage> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  // Loaded here, not at the top: the pg driver costs every SQLite or in-memory run its start-up.
  const { PostgresStorage } = await import('../tune/storage/postgres/postgres-storage.ts');
  return new PostgresStorage(parsed.toString(), schema === undefined ? {} : { schema });
}

/** scheme (without the colon) → opener. Extend here for new storages. */
export const STORAGE_SCHEMES: Record<string, Opener> = {
  memory: (_rest, url, options) => {
    if (options.mustExist) throw new UsageError(`--storage must be a storage that outlives the process to read from, got ${JSON.stringify(url)}`);
    return new MemoryStorage();
  },
  sqlite: (rest, _url, options) => sqlite(rest.replace(/^\/\//, ''), options),
  file: (rest, _url, options) => sqlite(rest.replace(/^\/\//, ''), options),
  journal: (rest, _url, options) => journal(rest.replace(/^\/\//, ''), options),
  postgres: (_rest, url) => postgres(url),
  postgresql: (_rest, url) => postgres(url),
};

/** `memory:` (default), `sqlite:study.db`, `sqlite://study.db`, `journal:study.log`, `postgres://…`, or a bare file path. */
export async function storageFromUrl(url: string | undefined, options: StorageOpenOptions = {}): Promise<Storage> {
  if (url === undefined || url === '') return STORAGE_SCHEMES.memory!('', 'memory:', options);
  // A scheme is two or more letters before the colon, so a Windows drive letter (C:\) is a path.
  const match = /^([a-z][a-z0-9+.-]+):(.*)$/i.exec(url);
  if (match === null) return sqlite(url, options);
  const opener = STORAGE_SCHEMES[match[1]!.toLowerCase()];
  if (opener === undefined) {
    throw new UsageError(`--storage must use one of the schemes ${Object.keys(STORAGE_SCHEMES).map((s) => `${s}:`).join(', ')} or be a file path, got ${JSON.stringify(url)}`);
  }
  return opener(match[2]!, url, options);
}
