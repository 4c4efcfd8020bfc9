// Resuming after a killed process: its running trials will never finish. Call this before the
// new process starts working, and only when no other worker is running trials of the study.
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { FrozenTrial, Storage, StaleTrialsResult } from '../types.ts';

export type { StaleTrialsResult };

/**
 * Marks every running trial failed (systemAttrs.failReason = "stale running trial") and re-queues
 * each one that held a grid point as a new waiting trial with the same grid point and parameters
 * (systemAttrs.retryOf = the stale trial's number), so the grid still runs every point.
 */
export async function failStaleRunningTrials(storage: Storage, studyId: number): Promise<StaleTrialsResult> {
  const result: StaleTrialsResult = { failed: [], requeued: [] };
  for (const trial of await storage.getTrials(studyId, ['running'])) {
    await storage.setTrialAttr(studyId, trial.number, 'system', SYSTEM_ATTRS.failReason, 'stale running trial');
    await storage.finishTrial(studyId, trial.number, 'failed', null);
    result.failed.push(trial.number);
    const gridIndex = trial.systemAttrs[SYSTEM_ATTRS.gridIndex];
    if (typeof gridIndex !== 'number') continue;
    const fixed = trial.systemAttrs[SYSTEM_ATTRS.fixedParams] ?? trial.params;
    const retry = await storage.createTrial(studyId, {
      state: 'waiting',
      systemAttrs: { [SYSTEM_ATTRS.gridIndex]: gridIndex, [SYSTEM_ATTRS.fixedParams]: fixed, [SYSTEM_ATTRS.retryOf]: trial.number },
    });
    result.requeued.push(retry);
  }
  return result;
}
