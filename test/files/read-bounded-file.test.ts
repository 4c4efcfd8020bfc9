import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileError } from '../../src/errors.ts';
import { checkRegularFile, readBoundedFile, readBoundedText } from '../../src/files/read-bounded-file.ts';
import { errorOfType } from '../fixtures/error-of.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-files-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const fifo = join(folder, 'pipe');
execFileSync('mkfifo', [fifo]);
const directory = join(folder, 'folder');
mkdirSync(directory);

const errorOf = (fn: () => unknown): FileError => errorOfType(FileError, fn);

/**
 * Runs `fn` three times and returns its error and the fastest time: a refusal that reads
 * nothing takes well under a millisecond, and the best of three keeps a busy machine's pauses
 * out of the figure (a read of /dev/zero or a FIFO would not end at all).
 */
function timed(fn: () => unknown): { error: FileError; ms: number } {
  let ms = Infinity;
  let error: FileError | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = performance.now();
    error = errorOf(fn);
    ms = Math.min(ms, performance.now() - start);
  }
  return { error: error!, ms };
}

describe('readBoundedFile', () => {
  it('reads a regular file within the limit, byte for byte', () => {
    const path = join(folder, 'ok.bin');
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    writeFileSync(path, bytes);
    expect(readBoundedFile(path, { maxBytes: 5, what: 'test file' })).toEqual(bytes);
    writeFileSync(path, 'héllo');
    expect(readBoundedText(path, { maxBytes: 100, what: 'test file' })).toBe('héllo');
    writeFileSync(path, '');
    expect(readBoundedFile(path, { maxBytes: 0, what: 'test file' }).length).toBe(0);
  });

  it.each([
    ['a FIFO', fifo, 'a FIFO (named pipe)'],
    ['/dev/zero', '/dev/zero', 'a character device'],
    ['a directory', directory, 'a directory'],
  ])('refuses %s before reading, within 100 ms', (_name, path, kind) => {
    const { error, ms } = timed(() => readBoundedFile(path, { maxBytes: 1024, what: 'data.csv' }));
    expect(error.message).toBe(`data.csv ${JSON.stringify(path)} must be a regular file, got ${kind}`);
    expect(error.path).toBe(path);
    expect(ms).toBeLessThan(100);
  });

  it('refuses a file over the limit by its size, without reading it (a sparse 4 GiB file)', () => {
    const path = join(folder, 'sparse.bin');
    writeFileSync(path, '');
    truncateSync(path, 4 * 1024 ** 3);
    const { error, ms } = timed(() => readBoundedFile(path, { maxBytes: 1024 ** 3, what: 'model file' }));
    expect(error.message).toBe(`model file ${JSON.stringify(path)} must be at most ${1024 ** 3} bytes, got ${4 * 1024 ** 3} bytes`);
    expect(ms).toBeLessThan(100);
    const small = join(folder, 'eleven.txt');
    writeFileSync(small, 'hello world');
    expect(errorOf(() => readBoundedFile(small, { maxBytes: 10, what: 'config file' })).message).toBe(
      `config file ${JSON.stringify(small)} must be at most 10 bytes, got 11 bytes`,
    );
  });

  it('names a missing or unreadable file with the system error code', () => {
    const path = join(folder, 'missing.csv');
    const error = errorOf(() => readBoundedFile(path, { maxBytes: 10, what: 'data.csv' }));
    expect(error.message).toBe(`data.csv ${JSON.stringify(path)} must be readable, got ENOENT (no such file)`);
    expect(error.code).toBe('ENOENT');
    expect(errorOf(() => readBoundedFile(join(folder, 'ok.bin', 'x'), { maxBytes: 10, what: 'data.csv' })).code).toBe('ENOTDIR');
  });

  it('refuses bad arguments with typed errors', () => {
    expect(() => readBoundedFile('', { maxBytes: 1, what: 'model file' })).toThrow(new TypeError('model file must be a non-empty file path, got ""'));
    expect(() => readBoundedFile(42 as unknown as string, { maxBytes: 1, what: 'model file' })).toThrow(new TypeError('model file must be a non-empty file path, got 42'));
    expect(() => readBoundedFile('a\0b', { maxBytes: 1, what: 'model file' })).toThrow(TypeError);
    expect(() => readBoundedFile('x', { maxBytes: -1, what: 'model file' })).toThrow(new RangeError('options.maxBytes must be a non-negative integer, got -1'));
  });
});

describe('checkRegularFile', () => {
  it('stats without opening: a FIFO is refused at once, a regular file passes', () => {
    const { error, ms } = timed(() => checkRegularFile(fifo, { maxBytes: 10, what: '--storage' }));
    expect(error.message).toBe(`--storage ${JSON.stringify(fifo)} must be a regular file, got a FIFO (named pipe)`);
    expect(ms).toBeLessThan(100);
    const path = join(folder, 'regular.db');
    writeFileSync(path, 'x');
    expect(checkRegularFile(path, { maxBytes: 10, what: '--storage' }).size).toBe(1);
  });
});
