// The best trial's model retrained (its hyperparameters, seed and epochs, so the same weights
// as in the study) and scored once on the test split, which no trial saw: the honest estimate
// of what tuning found. The hyperparameters travel as a trial user attr, so a resumed study's
// best trial from an earlier run can be retrained too.
import type { Dataset } from '../data/dataset.ts';
import { trialEpochs } from '../tune/compare.ts';
import { validateMlpHyperparameters, type MlpSpace } from '../tune/objectives/default-space.ts';
import { buildMlp } from '../tune/objectives/train-trial.ts';
import type { FrozenTrial } from '../tune/types.ts';

/** The trial user attr holding the MlpHyperparameters a trial trained with. */
export const HYPERPARAMETERS_ATTR = 'hyperparameters';

/** Wraps a space so each trial records the hyperparameters it drew. */
export function recordingSpace(space: MlpSpace): MlpSpace {
  return async (trial) => {
    const hyper = await space(trial);
    await trial.setUserAttr(HYPERPARAMETERS_ATTR, hyper);
    return hyper;
  };
}

export interface TestResult {
  trial: number;
  metrics: Record<string, number>;
}

export function testBestTrial(best: FrozenTrial, train: Dataset, test: Dataset): TestResult | undefined {
  const recorded = best.userAttrs[HYPERPARAMETERS_ATTR];
  if (recorded === undefined) return undefined;
  const hyper = validateMlpHyperparameters(recorded);
  const model = buildMlp(hyper, train, best.seed);
  // Epoch by epoch as trainTrial does, so shuffling and weights match the trial's.
  for (let e = 0; e < trialEpochs(best); e++) {
    model.fit(train.x, train.y, { epochs: e + 1, initialEpoch: e, batchSize: hyper.batchSize, seed: best.seed, monitorGradients: false });
  }
  const metrics = Object.fromEntries(Object.entries(model.evaluate(test.x, test.y)).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;
  return { trial: best.number, metrics };
}
