// Each parameter against the score, one small scatter per parameter (Optuna's plot_slice):
// x on the parameter's own scale (log where it was searched on one), colour = trial number, so
// where the sampler concentrated late in the study shows too.
import type { ChartSpec } from '../page.ts';
import type { StudyData } from '../study-data.ts';
import { chart } from './common.ts';
import { paramAxes } from './param-axes.ts';
import { valueLabel } from './value-label.ts';

/** Powers of ten from low to high (at least the two ends). */
function decades(low: number, high: number): number[] {
  const values: number[] = [];
  for (let k = Math.ceil(Math.log10(low)); k <= Math.floor(Math.log10(high)); k++) values.push(10 ** k);
  return values.length >= 2 ? values : [low, high];
}

export function paramScoresChart(study: StudyData): ChartSpec | null {
  const complete = study.trials.filter((t) => t.state === 'complete' && t.value !== null);
  const axes = paramAxes(complete);
  if (complete.length === 0 || axes.length === 0) return null;
  const values = complete.flatMap((t) => axes.filter((a) => a.name in t.params).map((a) => ({ param: a.name, raw: t.params[a.name], shown: String(t.params[a.name]), score: t.value, trial: t.number })));
  const panels = axes.map(({ name, distribution: d }) => ({
    transform: [{ filter: { field: 'param', equal: name } }],
    width: 200,
    height: 160,
    mark: { type: 'point', filled: true, size: 40, opacity: 0.8, tooltip: { content: 'data' } },
    encoding: {
      x:
        d.type === 'categorical'
          ? { field: 'shown', type: 'ordinal', title: name, sort: d.choices.map(String), axis: { labelAngle: 0 } }
          : {
              field: 'raw',
              type: 'quantitative',
              title: `${name}${d.log ? ' (log scale)' : ''}`,
              scale: { type: d.log ? 'log' : 'linear', domain: [d.low, d.high] },
              // Vega's log axis ticks every 1…9 of each decade; decades alone read better in a small panel.
              ...(d.log ? { axis: { values: decades(d.low, d.high), format: '~g' } } : {}),
            },
      y: { field: 'score', type: 'quantitative', title: valueLabel(study), scale: { zero: false } },
      color: { field: 'trial', type: 'quantitative', title: 'Trial number', scale: { scheme: 'blues' } },
    },
  }));
  return chart('Each parameter against the score', 'Complete trials only; darker points are later trials', values, { concat: panels, columns: 3 });
}
