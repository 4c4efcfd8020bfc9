// Errors across a thread boundary with their class: structured clone keeps only the message
// (and the name of JavaScript's own error types), so a DataError thrown in a worker would arrive
// as a plain Error. The worker sends a plain record; the caller's side rebuilds an error of the
// same class from the catalogue, with the same message, stack and fields (DataError's line and
// column, ConfigError's issues ...), without running its constructor again.
import { BackendUnavailableError, ConfigError, DataError, FileError, NativeDependencyError, WorkerThreadError } from '../errors.ts';

export interface ErrorRecord {
  name: string;
  message: string;
  stack?: string;
  /** The error's own fields (those structured clone can carry). */
  fields: Record<string, unknown>;
  cause?: ErrorRecord | { value: unknown };
}

type ErrorClass = abstract new (...args: never[]) => Error;

const CLASSES: Record<string, ErrorClass> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  BackendUnavailableError,
  ConfigError,
  DataError,
  FileError,
  NativeDependencyError,
  WorkerThreadError,
};

/** Causes deeper than this are dropped: a cyclic chain must not recurse forever. */
const MAX_CAUSES = 4;

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** A plain record of `error` that postMessage carries whole; anything thrown, not only Errors. */
export function toErrorRecord(error: unknown, depth = 0): ErrorRecord {
  if (!(error instanceof Error)) return { name: 'Error', message: `a non-Error value was thrown: ${String(error)}`, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'cause' && cloneable(value)) fields[key] = value;
  }
  const record: ErrorRecord = { name: error.name, message: error.message, fields };
  if (error.stack !== undefined) record.stack = error.stack;
  if ('cause' in error && depth < MAX_CAUSES) {
    record.cause = error.cause instanceof Error ? toErrorRecord(error.cause, depth + 1) : { value: cloneable(error.cause) ? error.cause : String(error.cause) };
  }
  return record;
}

/** The error `record` describes, of the catalogue class of that name (Error for others, named as sent). */
export function fromErrorRecord(record: ErrorRecord): Error {
  const Class = Object.hasOwn(CLASSES, record.name) ? CLASSES[record.name]! : Error;
  // A real Error object with the class's prototype: instanceof, the name and util.inspect all
  // work, and the class's constructor (which formats its message) does not run a second time.
  const error = Reflect.construct(Error, [record.message], Class) as Error;
  Object.assign(error, record.fields);
  if (error.name !== record.name) Object.defineProperty(error, 'name', { value: record.name, writable: true, configurable: true });
  if (record.stack !== undefined) Object.defineProperty(error, 'stack', { value: record.stack, writable: true, configurable: true });
  if (record.cause !== undefined) {
    const cause = 'value' in record.cause ? record.cause.value : fromErrorRecord(record.cause);
    Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true });
  }
  return error;
}
