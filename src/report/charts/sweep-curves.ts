// Every run of a sweep on one chart: training and validation loss by epoch, one colour per value
// of the swept hyperparameter, validation dashed. A log loss axis keeps a diverging run from
// flattening the others.
import type { ChartSpec } from '../page.ts';
import type { SweepRecord } from '../sweep-record.ts';
import { chart, HEIGHT, WIDTH } from './common.ts';

export function sweepCurvesChart(sweep: SweepRecord): ChartSpec | null {
  const values: { epoch: number; value: string; split: string; loss: number }[] = [];
  for (const { value, run } of sweep.runs) {
    for (const [key, split] of [['loss', 'training'], ['valLoss', 'validation']] as const) {
      run.history.series[key]?.forEach((loss, i) => {
        if (Number.isFinite(loss) && loss > 0) values.push({ epoch: run.history.epoch[i]!, value: `${sweep.param} = ${value}`, split, loss });
      });
    }
  }
  if (values.length === 0) return null;
  const loss = sweep.runs[0]!.run.model.loss;
  const longest = Math.max(...sweep.runs.map((r) => r.run.history.epoch.length));
  return chart(`Loss by epoch for each ${sweep.param}`, `Training (solid) and validation (dashed) ${loss}; log scale`, values, {
    width: WIDTH,
    height: HEIGHT,
    // Points help read short runs (and show where a diverged run stopped); on long ones they merge.
    mark: { type: 'line', point: longest <= 60, tooltip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: `Loss (${loss}, log scale)`, scale: { type: 'log' } },
      color: { field: 'value', type: 'nominal', title: sweep.param, sort: null },
      strokeDash: { field: 'split', type: 'nominal', title: 'Data' },
      detail: { field: 'split' },
    },
  });
}
