// The best trial refit on training + validation rows (refitBest: its hyperparameters, seed and
// epochs, the scaler refit on those rows) and scored once on the test split, which no trial and
// no scaler saw: the honest estimate of the model `tune --save-model` writes, which is this one.
import type { Dataset } from '../data/dataset.ts';
import { refitTrial, type RefitData, type RefitResult, type RefitScaling } from '../tune/refit-best.ts';
import type { FrozenTrial } from '../tune/types.ts';

export interface TestResult {
  trial: number;
  /** Scored on the test split; empty when the refit diverged. */
  metrics: Record<string, number>;
}

/** Refits `best` on the raw rows, then scores it on the raw test rows (the model scales them itself). */
export function testBestTrial(best: FrozenTrial, data: RefitData, test: Dataset | undefined, scaling: RefitScaling, targetScaling: 'none' | 'standard' = 'none'): { refit: RefitResult; test?: TestResult } {
  const refit = refitTrial(best, data, { scaling, targetScaling });
  if (test === undefined || refit.diverged !== undefined) return { refit };
  const metrics = Object.fromEntries(Object.entries(refit.model.evaluate(test.x, test.y)).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;
  return { refit, test: { trial: best.number, metrics } };
}
