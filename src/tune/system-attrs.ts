// Keys of the engine's bookkeeping in FrozenTrial.systemAttrs, named once.
export const SYSTEM_ATTRS = {
  /** Index of the grid point a GridSampler (or a RandomSampler with a finite space) gave the trial. */
  gridIndex: 'gridIndex',
  /** Parameters fixed by enqueueTrial (or a re-queued grid point): suggest returns these. */
  fixedParams: 'fixedParams',
  /** On a re-queued trial: the number of the stale trial it repeats. */
  retryOf: 'retryOf',
  /** On a re-queued trial: how many times its parameters have been retried (1 for the first retry). */
  retryCount: 'retryCount',
  /** The sampler's relative sample, recorded at ask so that other workers see the proposal as pending. */
  relativeParams: 'relativeParams',
  /**
   * true on a trial the study failed because its worker died or handed it back (stale, orphaned,
   * released): such a trial does not count against the study's budget (its retry does).
   */
  orphaned: 'orphaned',
  /** Why a trial failed: an error message, "objective returned NaN", "stale running trial". */
  failReason: 'failReason',
  /** The trial's constraint values, recorded when it finished (Optuna's key): each ≤ 0 is feasible. */
  constraints: 'constraints',
} as const;
