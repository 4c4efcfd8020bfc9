// A two-objective study's trade-off (Optuna's plot_pareto_front): each complete trial at its two
// values, the Pareto front marked and joined by a step line, infeasible trials (a constraint > 0)
// shown apart, so what one objective costs in the other reads off the chart.
import { bestTrials } from '../../tune/multi-objective/pareto.ts';
import { isFeasible } from '../../tune/multi-objective/constraints.ts';
import type { ChartSpec } from '../page.ts';
import type { StudyData } from '../study-data.ts';
import { chart, HEIGHT, WIDTH } from './common.ts';

const KINDS = ['Pareto front', 'dominated', 'infeasible'] as const;

/** The axis title of objective i: its metric's name where the settings give one, and its direction. */
export function objectiveLabel(study: StudyData, i: number): string {
  const direction = study.directions?.[i] ?? study.direction;
  return `${study.settings?.metrics?.[i] ?? `objective ${i}`} (${direction === 'maximize' ? 'higher' : 'lower'} is better)`;
}

/** null unless the study has exactly two objectives and a complete trial. */
export function paretoFrontChart(study: StudyData): ChartSpec | null {
  const directions = study.directions ?? [study.direction];
  if (directions.length !== 2) return null;
  const complete = study.trials.filter((t) => t.state === 'complete' && t.values?.length === 2);
  if (complete.length === 0) return null;
  const front = new Set(bestTrials(complete, directions).map((t) => t.number));
  const values = complete.map((t) => ({
    trial: t.number,
    first: t.values![0],
    second: t.values![1],
    kind: front.has(t.number) ? KINDS[0] : isFeasible(t) ? KINDS[1] : KINDS[2],
    params: JSON.stringify(t.params),
  }));
  const x = { field: 'first', type: 'quantitative', title: objectiveLabel(study, 0), scale: { zero: false } };
  const y = { field: 'second', type: 'quantitative', title: objectiveLabel(study, 1), scale: { zero: false } };
  return chart('Pareto front', `${front.size} of ${complete.length} complete trials are on the front: none of the others is as good on both objectives`, values, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        transform: [{ filter: { field: 'kind', equal: KINDS[0] } }],
        // The edge of what the front dominates: across then up or down when the first objective
        // is minimised (worse lies to the right), up or down then across when it is maximised.
        mark: { type: 'line', interpolate: directions[0] === 'minimize' ? 'step-after' : 'step-before', color: '#e45756', strokeWidth: 1.5 },
        encoding: { x, y, order: { field: 'first', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 50, tooltip: { content: 'data' } },
        encoding: { x, y, color: { field: 'kind', type: 'nominal', title: 'Trial', scale: { domain: [...KINDS], range: ['#e45756', '#1f77b4', '#bbbbbb'] } } },
      },
    ],
  });
}
