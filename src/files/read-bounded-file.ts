// Every file hyperprop reads on a caller's behalf (model files, CSV data, config files, run
// records) goes through here. The path is checked before a byte is read: a FIFO would block the
// process, /dev/zero or a huge file would fill the memory, a directory has nothing to read. The
// file is then opened and checked again through its descriptor, so a file swapped in between
// the two checks is caught too, and the read stops at the limit even if the file grows.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { FileError, rangeError, typeError } from '../errors.ts';

export interface BoundedReadOptions {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The file's role, leading every error: `model file`, `data.csv`, `config file`. */
  what: string;
}

/** Limits of the files hyperprop reads; each is far above what a legitimate file needs. */
export const FILE_LIMITS = {
  /** JSON or YAML configuration. */
  config: 4 * 1024 ** 2,
  /** CSV data: V8 strings stop near 512 MiB, and parsing needs several times the text. */
  csv: 256 * 1024 ** 2,
  /** Model files: 1 GiB of parameters, base64-encoded, plus the JSON around them. */
  model: 1.5 * 1024 ** 3,
  /** Run records written by `hyperprop train -o`. */
  run: 256 * 1024 ** 2,
} as const;

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a folder on the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'a directory',
};

function systemError(error: unknown, what: string, path: string): FileError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === undefined ? (error as Error).message : `${code} (${SYSTEM_ERRORS[code] ?? 'system error'})`;
  return new FileError(what, path, `must be readable, got ${why}`, code);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something other than a regular file';
}

function checkStats(stats: Stats, path: string, options: BoundedReadOptions): void {
  if (!stats.isFile()) throw new FileError(options.what, path, `must be a regular file, got ${kindOf(stats)}`);
  if (stats.size > options.maxBytes) throw new FileError(options.what, path, `must be at most ${options.maxBytes} bytes, got ${stats.size} bytes`);
}

function checkOptions(path: unknown, options: BoundedReadOptions): asserts path is string {
  if (typeof options?.what !== 'string' || options.what === '') throw typeError('options.what', 'a non-empty description of the file', options?.what);
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) throw rangeError('options.maxBytes', 'a non-negative integer', options.maxBytes);
  if (typeof path !== 'string' || path === '') throw typeError(options.what, 'a non-empty file path', path);
  if (path.includes('\0')) throw typeError(options.what, 'a file path without NUL characters', path);
}

/**
 * Checks, without opening it, that `path` is a regular file within `maxBytes` (when given).
 * For files another library opens itself (a SQLite storage).
 */
export function checkRegularFile(path: string, options: BoundedReadOptions): Stats {
  checkOptions(path, options);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw systemError(error, options.what, path);
  }
  checkStats(stats, path, options);
  return stats;
}

/** The bytes of the regular file at `path`, refused before reading when it is not one or is over `maxBytes`. */
export function readBoundedFile(path: string, options: BoundedReadOptions): Buffer {
  checkRegularFile(path, options);
  let fd: number;
  try {
    // O_NONBLOCK: if a FIFO was swapped in after the check, opening it must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw systemError(error, options.what, path);
  }
  try {
    const stats = fstatSync(fd);
    checkStats(stats, path, options);
    // One byte beyond the size tells a file that grew since fstat; it may grow up to the limit.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, options.maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > options.maxBytes) {
          throw new FileError(options.what, path, `must be at most ${options.maxBytes} bytes, got more while reading it`);
        }
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, options.maxBytes + 1));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      let read: number;
      try {
        read = readSync(fd, buffer, total, buffer.length - total, null);
      } catch (error) {
        throw systemError(error, options.what, path);
      }
      if (read === 0) return buffer.subarray(0, total);
      total += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** The file as UTF-8 text (a leading byte order mark is kept for the parser to handle). */
export function readBoundedText(path: string, options: BoundedReadOptions): string {
  return readBoundedFile(path, options).toString('utf8');
}
