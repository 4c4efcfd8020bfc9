import { describe, expect, it } from 'vitest';
import { bestTrial } from '../../src/report/study-data.ts';
import { trialsSharingBest, VALIDATION_LOSS_ATTR } from '../../src/tune/best-trial.ts';
import { createStudy } from '../../src/tune/study.ts';
import type { Direction } from '../../src/tune/types.ts';

/** A study whose trial i returns values[i] and, when given, records losses[i] as its validation loss. */
async function studyOf(direction: Direction, values: number[], losses?: (number | undefined)[]) {
  const study = await createStudy({ direction });
  await study.optimize(
    async (trial) => {
      const loss = losses?.[trial.number];
      if (loss !== undefined) await trial.setUserAttr(VALIDATION_LOSS_ATTR, loss);
      return values[trial.number]!;
    },
    { nTrials: values.length },
  );
  return study;
}

describe('best trial', () => {
  it('breaks a tie on the value by the lower validation loss', async () => {
    const study = await studyOf('maximize', [0.9, 1, 1, 1], [0.01, 0.4, 0.05, 0.2]);
    expect((await study.bestTrial()).number).toBe(2);
    const trials = await study.trials();
    expect(bestTrial({ name: 'x', direction: 'maximize', trials })!.number).toBe(2);
    expect(trialsSharingBest(trials, await study.bestTrial())).toBe(3);
  });

  it('ranks by the value first: a better value wins whatever its loss', async () => {
    const study = await studyOf('minimize', [0.3, 0.2, 0.2], [0.001, 0.9, 0.5]);
    expect((await study.bestTrial()).number).toBe(2);
  });

  it('keeps the lowest number among ties when the objective records no loss', async () => {
    const study = await studyOf('maximize', [1, 1, 1]);
    expect((await study.bestTrial()).number).toBe(0);
  });

  it('uses the loss only when both tied trials recorded one', async () => {
    const study = await studyOf('maximize', [1, 1, 1], [undefined, 0.1, Number.NaN]);
    expect((await study.bestTrial()).number).toBe(0);
  });
});
