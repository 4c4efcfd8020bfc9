// Resuming after a killed process: its running trials will never finish. Call this before the
// new process starts working, and only when no other worker is running trials of the study.
// (Studies fail the running trials of dead processes on this host by themselves at their first
// ask; this also covers trials whose process ran elsewhere, without waiting for a grace.)
import type { FrozenTrial, Storage, StaleTrialsResult } from '../types.ts';

export type { StaleTrialsResult };

/**
 * Marks every running trial failed (systemAttrs.failReason = "stale running trial", orphaned, so
 * it does not count against the budget) and re-queues each one as a new waiting trial with the
 * same parameters and grid point (systemAttrs.retryOf = the stale trial's number), so the grid
 * still runs every point and the budget still yields its complete trials.
 */
export async function failStaleRunningTrials(storage: Storage, studyId: number): Promise<StaleTrialsResult> {
  const result: StaleTrialsResult = { failed: [], requeued: [] };
  for (const trial of await storage.getTrials(studyId, ['running'])) {
    const retry: FrozenTrial | undefined = await storage.releaseTrial(studyId, trial.number, 'stale running trial');
    // undefined: it finished meanwhile.
    if (retry === undefined) continue;
    result.failed.push(trial.number);
    result.requeued.push(retry);
  }
  return result;
}
