// Parallel coordinates: one line per complete trial through its parameter values (each axis
// scaled to its own range, log where the search was) and its score, coloured by score, so the
// regions good trials share stand out.
import type { ChartSpec } from '../page.ts';
import type { StudyData } from '../study-data.ts';
import { formatNumber } from '../html.ts';
import { chart, HEIGHT, WIDTH } from './common.ts';
import { axisPosition, axisTicks, paramAxes } from './param-axes.ts';
import { valueLabel } from './value-label.ts';

const SCORE_AXIS = 'score';

export function parallelCoordinatesChart(study: StudyData): ChartSpec | null {
  const complete = study.trials.filter((t) => t.state === 'complete' && t.value !== null);
  const axes = paramAxes(complete);
  if (complete.length < 2 || axes.length === 0) return null;
  const scores = complete.map((t) => t.value!);
  const [low, high] = [Math.min(...scores), Math.max(...scores)];
  const scorePosition = (v: number) => (high === low ? 0.5 : (v - low) / (high - low));
  const order = [...axes.map((a) => a.name), SCORE_AXIS];
  const lines = complete.flatMap((t) => [
    ...axes.flatMap(({ name, distribution }) => {
      const position = name in t.params ? axisPosition(distribution, t.params[name]!) : null;
      return position === null ? [] : [{ trial: t.number, axis: name, position, shown: String(t.params[name]), score: t.value }];
    }),
    { trial: t.number, axis: SCORE_AXIS, position: scorePosition(t.value!), shown: formatNumber(t.value), score: t.value },
  ]);
  const ticks = [
    ...axes.flatMap(({ name, distribution }) => axisTicks(distribution).map((tick) => ({ axis: name, ...tick }))),
    ...[low, high].map((v) => ({ axis: SCORE_AXIS, position: scorePosition(v), label: formatNumber(v) })),
  ];
  const x = { field: 'axis', type: 'nominal', sort: order, title: null, axis: { orient: 'top', labelAngle: 0, labelFontWeight: 'bold', domain: false } };
  return chart('Parallel coordinates', `${complete.length} complete trials; each axis spans its search range (log where searched on a log scale); colour = ${valueLabel(study)}`, [], {
    width: Math.max(WIDTH, order.length * 110),
    height: HEIGHT + 40,
    layer: [
      { data: { values: order.map((axis) => ({ axis })) }, mark: { type: 'rule', color: '#999' }, encoding: { x } },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.75, tooltip: { content: 'data' } },
        encoding: {
          x,
          y: { field: 'position', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
          detail: { field: 'trial', type: 'nominal' },
          color: { field: 'score', type: 'quantitative', title: 'Score', scale: { scheme: 'viridis', reverse: study.direction === 'minimize' } },
        },
      },
      {
        data: { values: ticks },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' },
        encoding: { x, y: { field: 'position', type: 'quantitative', axis: null, scale: { domain: [0, 1] } }, text: { field: 'label' } },
      },
    ],
  });
}
