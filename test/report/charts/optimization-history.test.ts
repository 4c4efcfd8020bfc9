// The optimisation history's y axis goes log when trial values span more than two decades (a
// regressor's loss tuned over learning rates), and stays linear for accuracies.
import { describe, expect, it } from 'vitest';
import { optimizationHistoryChart } from '../../../src/report/charts/optimization-history.ts';
import { createStudy } from '../../../src/tune/study.ts';

async function studyOf(values: number[], direction: 'minimize' | 'maximize') {
  const study = await createStudy({ direction, seed: 1 });
  for (const v of values) {
    const trial = await study.ask();
    await study.tell(trial, v);
  }
  return { name: 'chart', direction, settings: { sampler: { type: 'random' }, pruner: { type: 'none' }, metric: direction === 'minimize' ? 'loss' : 'accuracy', epochs: 5 }, trials: await study.getTrials() } as const;
}

const yOf = (spec: unknown) => (spec as { layer: { encoding: { y: { scale?: unknown; title?: string } } }[] }).layer[0]!.encoding.y;

describe('optimisation history axis', () => {
  it('is log for losses spanning decades, linear for accuracies', async () => {
    const losses = yOf(optimizationHistoryChart((await studyOf([32000, 3400, 12, 3.4], 'minimize')) as never));
    expect(losses.scale).toEqual({ type: 'log' });
    expect(losses.title).toBe('Validation loss (log scale)');
    expect(yOf(optimizationHistoryChart((await studyOf([0.5, 0.9, 0.95], 'maximize')) as never)).scale).toEqual({ zero: false });
  });
});
