// The CLI's exit codes: scripts tell a bad invocation (fix the command or the config) from a
// run that failed.
export const EXIT = {
  ok: 0,
  /** The command ran and failed (a training error, an unreadable storage, a crashed bench). */
  failure: 1,
  /** Bad usage: unknown command or option, missing argument, invalid configuration. */
  usage: 2,
} as const;

/** A mistake in how the command was called (an option's value, a missing study). Exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
