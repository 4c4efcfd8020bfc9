// Every trial's validation value epoch by epoch: where pruned trials stopped and how the
// survivors went on (Optuna's plot_intermediate_values).
import type { ChartSpec } from '../page.ts';
import type { StudyData } from '../study-data.ts';
import { chart, HEIGHT, WIDTH } from './common.ts';
import { valueLabel } from './value-label.ts';

export function learningCurvesChart(study: StudyData): ChartSpec | null {
  const values = study.trials.flatMap((t) =>
    Object.entries(t.intermediate).map(([step, value]) => ({ trial: t.number, epoch: Number(step), value, state: t.state })),
  );
  if (values.length === 0) return null;
  return chart('Learning curves of every trial', 'Validation value reported after each epoch; lines that end early were pruned', values, {
    width: WIDTH,
    height: HEIGHT,
    mark: { type: 'line', strokeWidth: 1.2, opacity: 0.7, point: { size: 12 }, tooltip: { content: 'data' } },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch (resource)', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: valueLabel(study), scale: { zero: false } },
      detail: { field: 'trial', type: 'nominal' },
      color: { field: 'state', type: 'nominal', title: 'Trial state', scale: { domain: ['complete', 'pruned', 'failed', 'diverged'], range: ['#1f77b4', '#bbbbbb', '#d62728', '#9467bd'] } },
    },
  });
}
