// The loss chart's y axis: log when the losses span more than two decades (a regressor falling
// from 32,000 to 3.4 would otherwise be a flat line after the first epochs), linear otherwise.
import { describe, expect, it } from 'vitest';
import { lossCurvesChart } from '../../../src/report/charts/loss-curves.ts';
import { spanScale } from '../../../src/report/charts/common.ts';
import type { RunRecord } from '../../../src/report/run-record.ts';

function run(loss: number[], valLoss: number[]): RunRecord {
  return {
    model: { summary: '10 → 8 tanh → 1 linear', loss: 'mse', parameters: 97 },
    history: { epoch: loss.map((_, i) => i + 1), series: { loss, valLoss }, status: 'completed' },
  } as unknown as RunRecord;
}

const yOf = (spec: unknown) => (spec as { encoding: { y: { scale: unknown; title: string } } }).encoding.y;

describe('loss chart axis', () => {
  it('is log when the losses span more than two decades', () => {
    const y = yOf(lossCurvesChart(run([32000, 900, 40, 5], [31000, 1000, 60, 3.4])));
    expect(y.scale).toEqual({ type: 'log' });
    expect(y.title).toBe('Loss (mse, log scale)');
  });

  it('stays linear within two decades, or with a zero or negative value', () => {
    expect(yOf(lossCurvesChart(run([34000, 3400], [32000, 4000]))).scale).toEqual({ zero: false });
    expect(spanScale([0, 1, 1000])).toEqual({ zero: false });
    expect(spanScale([1, 101])).toEqual({ type: 'log' });
    expect(spanScale([1, 100])).toEqual({ zero: false });
  });
});
