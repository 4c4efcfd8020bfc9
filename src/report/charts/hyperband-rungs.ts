// Hyperband's rungs: for each bracket, every trial's value at each rung it reached (the epochs
// where successive halving compares trials), marked promoted when the trial trained on past the
// rung and stopped when it was pruned there. The widening gaps between rungs are the halving.
import { HyperbandPruner } from '../../tune/pruners/hyperband-pruner.ts';
import { SuccessiveHalvingPruner } from '../../tune/pruners/successive-halving-pruner.ts';
import type { FrozenTrial } from '../../tune/types.ts';
import type { ChartSpec } from '../page.ts';
import { isFinished, type StudyData } from '../study-data.ts';
import { chart } from './common.ts';
import { valueLabel } from './value-label.ts';

export interface RungPoint {
  bracket: string;
  trial: number;
  epoch: number;
  value: number;
  outcome: 'promoted' | 'stopped here' | 'trained to the end';
}

/** Maps a trial to its bracket label and that bracket's rungs, or undefined when the pruner has no rungs. */
function bracketsOf(study: StudyData): ((trial: FrozenTrial) => { label: string; rungs: number[] }) | undefined {
  const settings = study.settings;
  if (settings === undefined) return undefined;
  const { pruner, epochs } = settings;
  const minResource = Number(pruner.minResource ?? 1);
  const reductionFactor = Number(pruner.reductionFactor ?? 3);
  if (pruner.type === 'hyperband') {
    const hyperband = new HyperbandPruner({ minResource, reductionFactor, maxResource: epochs });
    const rungs = Array.from({ length: hyperband.nBrackets }, (_, b) => hyperband.bracketPruner(b).rungSteps().filter((r) => r < epochs));
    return (trial) => {
      const b = hyperband.bracketOf(trial.number);
      return { label: rungs[b]!.length > 0 ? `bracket ${b} (rungs at ${rungs[b]!.join(', ')})` : `bracket ${b} (no rung: trains to ${epochs})`, rungs: rungs[b]! };
    };
  }
  if (pruner.type === 'successiveHalving') {
    const rungs = new SuccessiveHalvingPruner({ minResource, reductionFactor, maxResource: epochs }).rungSteps().filter((r) => r < epochs);
    return () => ({ label: `rungs at ${rungs.join(', ')}`, rungs });
  }
  return undefined;
}

export function rungPoints(study: StudyData): RungPoint[] | undefined {
  const bracketOf = bracketsOf(study);
  if (bracketOf === undefined) return undefined;
  const points: RungPoint[] = [];
  for (const trial of study.trials.filter(isFinished)) {
    const { label, rungs } = bracketOf(trial);
    const steps = Object.keys(trial.intermediate).map(Number);
    const last = Math.max(...steps);
    for (const rung of rungs) {
      const value = trial.intermediate[rung];
      if (value === undefined) continue;
      points.push({ bracket: label, trial: trial.number, epoch: rung, value, outcome: last > rung ? 'promoted' : 'stopped here' });
    }
    if (trial.state === 'complete' && steps.length > 0 && !rungs.includes(last)) {
      points.push({ bracket: label, trial: trial.number, epoch: last, value: trial.intermediate[last]!, outcome: 'trained to the end' });
    }
  }
  return points;
}

export function hyperbandRungsChart(study: StudyData): ChartSpec | null {
  const points = rungPoints(study);
  if (points === undefined || points.length === 0) return null;
  const x = { field: 'epoch', type: 'quantitative', title: 'Epochs (log scale)', scale: { type: 'log', base: Number(study.settings!.pruner.reductionFactor ?? 3), domain: [Number(study.settings!.pruner.minResource ?? 1), study.settings!.epochs], nice: false } };
  const y = { field: 'value', type: 'quantitative', title: valueLabel(study), scale: { zero: false } };
  return chart(
    study.settings!.pruner.type === 'hyperband' ? 'Hyperband rungs' : 'Successive-halving rungs',
    'Each trial\'s value at the rungs it reached; promoted = trained on past the rung, stopped here = pruned at it',
    points,
    {
      facet: { column: { field: 'bracket', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
      spec: {
        width: 200,
        height: 220,
        layer: [
          { mark: { type: 'line', color: '#cccccc', strokeWidth: 1 }, encoding: { x, y, detail: { field: 'trial', type: 'nominal' } } },
          {
            mark: { type: 'point', filled: true, size: 50, tooltip: { content: 'data' } },
            encoding: {
              x,
              y,
              color: { field: 'outcome', type: 'nominal', title: 'At this rung', scale: { domain: ['promoted', 'stopped here', 'trained to the end'], range: ['#2ca02c', '#d62728', '#1f77b4'] } },
            },
          },
        ],
      },
      resolve: { scale: { x: 'shared', y: 'shared' } },
    },
  );
}
