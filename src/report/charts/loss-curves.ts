// Training and validation loss by epoch: the first thing to read after a run (a widening gap is
// overfitting, a flat line a learning rate that is too small, a jagged one too large).
import type { RunRecord } from '../run-record.ts';
import type { ChartSpec } from '../page.ts';
import { chart, HEIGHT, spanScale, splitColours, WIDTH } from './common.ts';

export function lossCurvesChart(run: RunRecord): ChartSpec | null {
  const { epoch, series } = run.history;
  const values: { epoch: number; split: string; loss: number }[] = [];
  for (const [key, split] of [['loss', 'training'], ['valLoss', 'validation']] as const) {
    series[key]?.forEach((loss, i) => {
      if (Number.isFinite(loss)) values.push({ epoch: epoch[i]!, split, loss });
    });
  }
  if (values.length === 0) return null;
  const scale = spanScale(values.map((v) => v.loss));
  return chart('Loss by epoch', `${run.model.loss}, mean over the rows (regularisation penalties included in training loss)`, values, {
    width: WIDTH,
    height: HEIGHT,
    // Points help read a short run; on a long one they merge into a thick line.
    mark: { type: 'line', point: epoch.length <= 60, tooltip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: `Loss (${run.model.loss}${'type' in scale ? ', log scale' : ''})`, scale },
      color: { field: 'split', type: 'nominal', title: 'Data', scale: splitColours(values) },
    },
  });
}
