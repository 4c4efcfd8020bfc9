// Study.stop's request lives here rather than on Study so that only optimize() can read and
// clear it: the read-and-clear is part of the loop, not of the public API.
const requested = new WeakSet<object>();

/** Asks the optimize() loop running on `study` to start no new trial. */
export function requestStop(study: object): void {
  requested.add(study);
}

/** True once per request: the loop reads it before each start and at its own start. */
export function consumeStopRequest(study: object): boolean {
  return requested.delete(study);
}
