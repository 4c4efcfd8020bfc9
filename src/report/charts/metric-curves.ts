// The task's metric by epoch (accuracy for classifiers; R², MSE and MAE for regressors), for
// training and validation.
import type { RunRecord } from '../run-record.ts';
import type { ChartSpec } from '../page.ts';
import { chart, HEIGHT, splitColours, WIDTH } from './common.ts';

const METRICS = [
  ['accuracy', 'Accuracy (fraction correct)'],
  ['r2', 'R² (1 = perfect)'],
  ['mae', 'Mean absolute error'],
] as const;

export function metricCurvesChart(run: RunRecord): ChartSpec | null {
  const { epoch, series } = run.history;
  const found = METRICS.find(([key]) => series[key] !== undefined);
  if (found === undefined) return null;
  const [key, title] = found;
  const valKey = `val${key[0]!.toUpperCase()}${key.slice(1)}`;
  const values: { epoch: number; split: string; value: number }[] = [];
  for (const [name, split] of [[key, 'training'], [valKey, 'validation']] as const) {
    series[name]?.forEach((value, i) => {
      if (Number.isFinite(value)) values.push({ epoch: epoch[i]!, split, value });
    });
  }
  return chart(`${title.split(' (')[0]} by epoch`, 'Measured after each epoch with the weights at its end', values, {
    width: WIDTH,
    height: HEIGHT,
    // Points help read a short run; on a long one they merge into a thick line.
    mark: { type: 'line', point: epoch.length <= 60, tooltip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
      color: { field: 'split', type: 'nominal', title: 'Data', scale: splitColours(values) },
    },
  });
}
