// Optimisation history: every finished trial's value by trial number (pruned trials at their
// last reported value) with the best-so-far as a step line, as Optuna's plot_optimization_history.
import type { ChartSpec } from '../page.ts';
import { bestSoFarCurve, type StudyData } from '../study-data.ts';
import { chart, HEIGHT, spanScale, WIDTH } from './common.ts';
import { valueLabel } from './value-label.ts';

export function optimizationHistoryChart(study: StudyData): ChartSpec | null {
  const curve = bestSoFarCurve(study).filter((p) => p.value !== null);
  if (curve.length === 0) return null;
  const values = curve.map((p) => ({ finished: p.evaluations, trial: p.trial, state: p.state, value: p.value, best: p.best }));
  // Trials of a regressor's loss may sit decades apart (a too-small learning rate vs a good one).
  const scale = spanScale(values.map((v) => v.value!));
  const x = { field: 'finished', type: 'quantitative', title: 'Trials finished', axis: { format: 'd', tickMinStep: 1 } };
  return chart('Optimisation history', `Each finished trial's value (pruned: its last reported value) and the best so far (${study.direction})`, values, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        mark: { type: 'point', filled: true, size: 45, tooltip: { content: 'data' } },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: `${valueLabel(study)}${'type' in scale ? ' (log scale)' : ''}`, scale },
          color: { field: 'state', type: 'nominal', title: 'Trial state', scale: { domain: ['complete', 'pruned', 'failed', 'diverged'], range: ['#1f77b4', '#bbbbbb', '#d62728', '#9467bd'] } },
        },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', color: '#e45756', strokeWidth: 2 },
        transform: [{ filter: 'datum.best !== null' }],
        encoding: { x, y: { field: 'best', type: 'quantitative' } },
      },
    ],
  });
}
