// Options of a reproducible study (see logical-clock.ts and trial-history.ts).
import { rangeError, typeError } from '../../errors.ts';

export interface ReproducibleOptions {
  /**
   * Virtual workers of the logical clock (default 4): the study's history is the one it would
   * have on this many workers whose epochs all take the same time, whatever the real parallelism.
   * Real parallelism above it makes trials wait for lower-numbered ones; below it costs nothing.
   */
  logicalWorkers?: number;
  /**
   * Milliseconds a trial may wait for lower-numbered trials that show no progress at all (no
   * report, no state change) before it fails with a ReproducibleWaitError (default 600 000).
   * Trials of dead workers are failed (and re-queued) meanwhile by the study's orphan reaping.
   */
  waitTimeoutMs?: number;
  /** Milliseconds between reads of the storage while waiting on another process (default 20). */
  pollMs?: number;
}

export type ResolvedReproducibleOptions = Required<ReproducibleOptions>;

export function checkReproducibleOptions(options: boolean | ReproducibleOptions | undefined): ResolvedReproducibleOptions | undefined {
  if (options === undefined || options === false) return undefined;
  const given = options === true ? {} : options;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw typeError('reproducible', 'a boolean or an object', options);
  const logicalWorkers = given.logicalWorkers ?? 4;
  if (!(Number.isSafeInteger(logicalWorkers) && logicalWorkers >= 1)) throw rangeError('reproducible.logicalWorkers', 'a positive integer', logicalWorkers);
  const waitTimeoutMs = given.waitTimeoutMs ?? 600_000;
  if (!(typeof waitTimeoutMs === 'number' && waitTimeoutMs > 0)) throw rangeError('reproducible.waitTimeoutMs', 'a positive number of ms', waitTimeoutMs);
  const pollMs = given.pollMs ?? 20;
  if (!(typeof pollMs === 'number' && pollMs > 0 && Number.isFinite(pollMs))) throw rangeError('reproducible.pollMs', 'a positive finite number of ms', pollMs);
  return { logicalWorkers, waitTimeoutMs, pollMs };
}
