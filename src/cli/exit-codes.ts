// The CLI's exit codes: scripts tell a bad invocation (fix the command or the config) from a
// run that failed.
export const EXIT = {
  ok: 0,
  /** The command ran and failed (a training error, an unreadable storage, a crashed bench). */
  failure: 1,
  /** Bad usage: unknown command or option, missing argument, invalid configuration. */
  usage: 2,
  /**
   * Training diverged (a loss or weight became NaN or infinite): the run and report are written,
   * the model only with --save-diverged, so a script never deploys NaN weights by accident.
   */
  diverged: 3,
  /** `tune` interrupted by Ctrl-C or SIGTERM, its running trials handed back (128 + SIGINT's number, what shells report for Ctrl-C). */
  interrupted: 130,
} as const;

/** A mistake in how the command was called (an option's value, a missing study). Exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A run that finished but diverged; the command wrote what it should before throwing. Exits 3. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}
