// Ctrl-C (SIGINT) or SIGTERM during `hyperprop tune`: the run asks no new trial, hands its
// running trials back to the study (failed as released and re-queued at once, so the next run
// takes them first and they do not count against the budget), restores the terminal that the
// progress bars changed, says so in one line and exits 130. A second signal while that happens
// exits at once (the study is still consistent: what was not handed back is failed and re-queued
// by the next run, whose process sees this one gone).
import type { Writable } from 'node:stream';
import { EXIT } from './exit-codes.ts';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

const SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];

/** The exit code of an interrupted run. */
export const INTERRUPTED_EXIT = EXIT.interrupted;

/** Shows the cursor and turns line wrap back on (cli-progress hides the one and turns off the other). */
export function restoreTerminal(stream: Writable): void {
  if ((stream as Writable & { isTTY?: boolean }).isTTY === true) stream.write('\x1b[?25h\x1b[?7h');
}

/**
 * Until the returned function is called, SIGINT and SIGTERM run `handler` and then exit 130;
 * `onSecond` runs before the immediate exit of a second signal.
 */
export function onInterrupt(handler: (signal: InterruptSignal) => Promise<void>, onSecond: () => void): () => void {
  let handling = false;
  const listener = (signal: InterruptSignal): void => {
    if (handling) {
      onSecond();
      process.exit(INTERRUPTED_EXIT);
    }
    handling = true;
    handler(signal)
      .catch((error: unknown) => process.stderr.write(`error while handing back trials: ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => process.exit(INTERRUPTED_EXIT));
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of SIGNALS) process.off(signal, listener);
  };
}
