// The technique comparison: best value so far of each study (strategy) against the number of
// finished trials, or against the epochs spent — the clock on which pruning pays off.
import type { ChartSpec } from '../page.ts';
import { bestSoFarCurve, type StudyData } from '../study-data.ts';
import { chart, HEIGHT, WIDTH } from './common.ts';
import { valueLabel } from './value-label.ts';

const AXES = {
  evaluations: { title: 'Trials finished', subtitle: 'Best value so far after each finished trial' },
  epochs: { title: 'Epochs trained, all trials together', subtitle: 'The same curves against the training spent: where pruning saves its time' },
} as const;

export function bestSoFarChart(studies: readonly StudyData[], axis: keyof typeof AXES): ChartSpec | null {
  const values = studies.flatMap((s) => bestSoFarCurve(s).filter((p) => p.best !== null));
  if (values.length === 0 || studies.length === 0) return null;
  const { title, subtitle } = AXES[axis];
  return chart(`Best so far vs ${axis === 'epochs' ? 'epochs' : 'trials'}`, subtitle, values, {
    width: WIDTH,
    height: HEIGHT,
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: { size: 18 }, tooltip: { content: 'data' } },
    encoding: {
      x: { field: axis, type: 'quantitative', title, axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'best', type: 'quantitative', title: `Best ${valueLabel(studies[0]!).toLowerCase()}`, scale: { zero: false } },
      color: { field: 'study', type: 'nominal', title: 'Strategy' },
    },
  });
}
