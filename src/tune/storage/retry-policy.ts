// What a failed trial's retry looks like, the same in every storage: a new waiting trial with the
// original's seed and parameters (fixed, so suggest returns them), its grid point if it held one,
// a link to the original (retryOf) and a retry count that caps how often one configuration is
// retried, so a configuration that kills its worker every time cannot loop forever.
import { describeValue } from '../../errors.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { FrozenTrial, StalePolicy } from '../types.ts';

export interface RetryInit {
  state: 'waiting';
  seed: number;
  systemAttrs: Record<string, unknown>;
}

/** The failReason of a trial failed because its heartbeat stopped. */
export function staleReason(graceMs: number): string {
  return `stale heartbeat: no beat for more than ${graceMs} ms`;
}

export function checkStalePolicy(policy: StalePolicy, field = 'failStaleTrials: policy'): StalePolicy {
  if (policy === null || typeof policy !== 'object') throw new TypeError(`${field} must be an object, got ${describeValue(policy)}`);
  const { graceMs, maxRetries } = policy;
  if (!(typeof graceMs === 'number' && graceMs > 0)) throw new RangeError(`${field}.graceMs must be a positive number of ms, got ${describeValue(graceMs)}`);
  if (!(Number.isSafeInteger(maxRetries) && maxRetries >= 0)) throw new RangeError(`${field}.maxRetries must be a non-negative integer, got ${describeValue(maxRetries)}`);
  return { graceMs, maxRetries };
}

export function retryCountOf(trial: FrozenTrial): number {
  const count = trial.systemAttrs[SYSTEM_ATTRS.retryCount];
  return typeof count === 'number' ? count : 0;
}

/**
 * The new waiting trial that repeats `trial`, or undefined when it has been retried
 * `maxRetries` times already. Released trials (a stopping worker) always come back.
 */
export function retryInit(trial: FrozenTrial, maxRetries: number = Number.POSITIVE_INFINITY): RetryInit | undefined {
  const count = retryCountOf(trial);
  if (count >= maxRetries) return undefined;
  const fixed = trial.systemAttrs[SYSTEM_ATTRS.fixedParams];
  const systemAttrs: Record<string, unknown> = {
    [SYSTEM_ATTRS.fixedParams]: { ...(fixed !== null && typeof fixed === 'object' ? fixed : {}), ...trial.params },
    [SYSTEM_ATTRS.retryOf]: trial.number,
    [SYSTEM_ATTRS.retryCount]: count + 1,
  };
  const gridIndex = trial.systemAttrs[SYSTEM_ATTRS.gridIndex];
  if (typeof gridIndex === 'number') systemAttrs[SYSTEM_ATTRS.gridIndex] = gridIndex;
  return { state: 'waiting', seed: trial.seed, systemAttrs };
}
