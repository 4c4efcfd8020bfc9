// Errors sent across a real MessageChannel arrive with their class, message, stack, fields and
// cause (structured clone alone turns a DataError into a plain Error).
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, FileError } from '../../src/errors.ts';
import { fromErrorRecord, toErrorRecord } from '../../src/workers/transported-error.ts';

function across(error: unknown): Error {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(toErrorRecord(error));
  const received = receiveMessageOnPort(port2)!.message;
  port1.close();
  return fromErrorRecord(received);
}

describe('transported errors', () => {
  it('plain structured clone loses the class (why records exist)', () => {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(new DataError('the cell must be a number', { source: 'a.csv', line: 3 }));
    const cloned = receiveMessageOnPort(port2)!.message as Error;
    port1.close();
    expect(cloned).not.toBeInstanceOf(DataError);
  });

  it('keeps the catalogue class, message, fields and stack', () => {
    const original = new DataError('the cell must be a number, got text of 3 characters', { source: 'a.csv', line: 3, column: 'x' });
    const error = across(original) as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect(error.name).toBe('DataError');
    expect(error.message).toBe(original.message);
    expect([error.source, error.line, error.column]).toEqual(['a.csv', 3, 'x']);
    expect(error.stack).toBe(original.stack);

    const config = across(new ConfigError([{ path: 'tune.trials', message: 'tune.trials must be a positive integer, got 0' }])) as ConfigError;
    expect(config).toBeInstanceOf(ConfigError);
    expect(config.issues).toEqual([{ path: 'tune.trials', message: 'tune.trials must be a positive integer, got 0' }]);
    const file = across(new FileError('model file', 'm.json', 'must be a regular file, got a directory', 'EISDIR')) as FileError;
    expect([file instanceof FileError, file.path, file.code, file.message]).toEqual([true, 'm.json', 'EISDIR', 'model file "m.json" must be a regular file, got a directory']);
  });

  it('keeps built-in classes and the cause; other classes arrive as Error under their own name', () => {
    const range = across(new RangeError('epochs must be a positive integer, got 0', { cause: new TypeError('inner') }));
    expect(range).toBeInstanceOf(RangeError);
    expect(range.cause).toBeInstanceOf(TypeError);
    expect((range.cause as Error).message).toBe('inner');
    class CustomError extends Error {
      override name = 'CustomError';
    }
    const custom = across(new CustomError('custom'));
    expect([custom instanceof Error, custom.name, custom.message]).toEqual([true, 'CustomError', 'custom']);
    expect(across('a string').message).toBe('a non-Error value was thrown: a string');
  });
});
