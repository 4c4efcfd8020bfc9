// One place that turns a --storage value (or tune.storage) into a Storage. Schemes register in
// STORAGE_SCHEMES, so another backend (PostgreSQL) is one more entry. A value without a scheme
// is a SQLite file path.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { MemoryStorage } from '../tune/storage/memory-storage.ts';
import { PostgresStorage } from '../tune/storage/postgres/postgres-storage.ts';
import { SqliteStorage } from '../tune/storage/sqlite-storage.ts';
import type { Storage } from '../tune/types.ts';
import { FileError } from '../errors.ts';
import { checkRegularFile } from '../files/read-bounded-file.ts';
import { UsageError } from './exit-codes.ts';

export interface StorageOpenOptions {
  /** Relative file paths are resolved against this folder (default: the working directory). */
  baseDir?: string;
  /** Reading commands (report, trials): fail instead of creating an empty storage. */
  mustExist?: boolean;
}

type Opener = (rest: string, url: string, options: StorageOpenOptions) => Storage | Promise<Storage>;

function sqlite(path: string, options: StorageOpenOptions): Storage {
  if (path === '') throw new UsageError('--storage must name a SQLite file after "sqlite:", got nothing');
  const file = isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path);
  if (options.mustExist && !existsSync(file)) throw new UsageError(`--storage must be an existing SQLite file, got ${JSON.stringify(path)} (no such file)`);
  // SQLite would block on a FIFO, or fail on a device or a directory with a vague error.
  if (existsSync(file)) {
    try {
      checkRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER, what: '--storage' });
    } catch (error) {
      if (error instanceof FileError) throw new UsageError(`--storage ${JSON.stringify(path)} ${error.reason}`);
      throw error;
    }
  }
  return new SqliteStorage(file);
}

/** postgres://user:password@host:5432/db[?schema=name]: a study shared by workers on many machines (schema default "hyperprop"). */
function postgres(url: string): Storage {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
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
  postgres: (_rest, url) => postgres(url),
  postgresql: (_rest, url) => postgres(url),
};

/** `memory:` (default), `sqlite:study.db`, `sqlite://study.db`, or a bare file path. */
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
