// A model's own intra-op thread count (MLPOptions.threads): set on its backend for the length of
// one call (fit, predict, evaluate, ...) and put back after, so models with and without the
// option share one backend without leaking their choice to each other. A plain pair of calls
// instead of a wrapper taking a closure: predictInto and trainOnBatch allocate nothing.
import type { Backend } from '../backend/backend.ts';
import { rangeError, typeError } from '../errors.ts';

/** MLPOptions.threads, checked: undefined (the backend's own count) or a positive integer. */
export function checkModelThreads(threads: unknown): number | undefined {
  if (threads === undefined) return undefined;
  if (typeof threads !== 'number') throw typeError('MLP options.threads', 'a positive integer', threads);
  if (!Number.isSafeInteger(threads) || threads < 1) throw rangeError('MLP options.threads', 'a positive integer', threads);
  return threads;
}

/** Puts the backend on `threads` (when given); returns what to hand to leaveThreads. */
export function enterThreads(backend: Backend, threads: number | undefined): number {
  if (threads === undefined) return 0;
  const previous = backend.getThreads();
  if (previous !== threads) backend.setThreads(threads);
  return previous;
}

/** Puts back the count enterThreads found (0: it changed nothing). */
export function leaveThreads(backend: Backend, previous: number): void {
  if (previous !== 0 && backend.getThreads() !== previous) backend.setThreads(previous);
}
