// Signals an objective raises to end its trial in a state other than complete or failed.

/** Throw from an objective (typically after `trial.shouldPrune()`) to record the trial as pruned. */
export class TrialPrunedError extends Error {
  override name = 'TrialPrunedError';
  constructor(message = 'trial was pruned') {
    super(message);
  }
}

/** Throw from an objective when training diverged (loss became NaN or infinite): recorded as 'diverged'. */
export class TrialDivergedError extends Error {
  override name = 'TrialDivergedError';
  constructor(message = 'training diverged') {
    super(message);
  }
}

/** `ask()` on a study whose sampler (a grid) has no point left. `optimize` ends quietly instead. */
export class SearchSpaceExhaustedError extends Error {
  override name = 'SearchSpaceExhaustedError';
}

/**
 * tell() on a trial that is no longer running because the study failed it meanwhile: its
 * heartbeat went stale (another worker re-queued it) or its worker released it. The result is
 * dropped; the retry runs the same parameters. optimize() carries on past it.
 */
export class TrialLostError extends Error {
  override name = 'TrialLostError';
}

/**
 * A trial of a reproducible study waited longer than reproducible.waitTimeoutMs for
 * lower-numbered trials that made no progress (a worker hung, or died on another host without
 * heartbeats to fail its trials).
 */
export class ReproducibleWaitError extends Error {
  override name = 'ReproducibleWaitError';
}
