// The numbers behind the study charts: best-so-far curves on both clocks, and which trials were
// promoted or stopped at each Hyperband rung.
import { describe, expect, it } from 'vitest';
import { rungPoints } from '../../src/report/charts/hyperband-rungs.ts';
import { bestSoFarCurve, type StudyData } from '../../src/report/study-data.ts';
import type { FrozenTrial, TrialState } from '../../src/tune/types.ts';

function trial(number: number, state: TrialState, value: number | null, intermediate: Record<number, number>, completedAt: number): FrozenTrial {
  return { number, state, value, values: value === null ? null : [value], intermediate, params: {}, distributions: {}, seed: 0, startedAt: 0, completedAt, userAttrs: { epochs: Math.max(0, ...Object.keys(intermediate).map(Number)) }, systemAttrs: {} };
}

describe('study report data', () => {
  it('best so far follows finishing order and counts epochs per trial', () => {
    const study: StudyData = {
      name: 's',
      direction: 'maximize',
      trials: [trial(0, 'complete', 0.5, { 1: 0.4, 2: 0.5 }, 30), trial(1, 'pruned', 0.9, { 1: 0.9 }, 10), trial(2, 'complete', 0.7, { 1: 0.7 }, 20), trial(3, 'running', null, {}, 0)],
    };
    expect(bestSoFarCurve(study).map((p) => [p.trial, p.evaluations, p.epochs, p.best])).toEqual([
      [1, 1, 1, null], // a pruned trial's value never counts as the best
      [2, 2, 2, 0.7],
      [0, 3, 4, 0.7],
    ]);
  });

  it('marks each trial promoted or stopped at the rungs of its Hyperband bracket', () => {
    // maxResource 9, η 3: bracket 0 has rungs 1 and 3; bracket 1 has rung 3; bracket 2 none.
    const trials = Array.from({ length: 12 }, (_, n) => trial(n, n % 2 ? 'pruned' : 'complete', 0.5, n % 2 ? { 1: 0.3, 3: 0.4 } : { 1: 0.5, 3: 0.6, 9: 0.8 }, n));
    const study: StudyData = { name: 's', direction: 'maximize', trials, settings: { sampler: { type: 'random' }, pruner: { type: 'hyperband', minResource: 1, reductionFactor: 3 }, metric: 'accuracy', epochs: 9 } };
    const points = rungPoints(study)!;
    const bracket0 = points.filter((p) => p.bracket.startsWith('bracket 0'));
    expect(bracket0.length).toBeGreaterThan(0);
    for (const p of points) {
      const t = trials[p.trial]!;
      if (p.outcome === 'trained to the end') expect([t.state, p.epoch]).toEqual(['complete', 9]);
      else if (t.state === 'pruned' && p.epoch === 3) expect(p.outcome).toBe('stopped here');
      else expect(p.outcome).toBe('promoted');
    }
    expect(points.every((p) => p.bracket.startsWith('bracket 0') ? [1, 3, 9].includes(p.epoch) : p.bracket.startsWith('bracket 1') ? [3, 9].includes(p.epoch) : p.epoch === 9)).toBe(true);
    expect(rungPoints({ ...study, settings: { ...study.settings!, pruner: { type: 'median' } } })).toBeUndefined();
  });
});
