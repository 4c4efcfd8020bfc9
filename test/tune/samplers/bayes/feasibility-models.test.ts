// The constraint side of the GP sampler without a study: which trials' constraint rows count,
// how many constraints a study records, and each constraint's GP on standardised values with
// its threshold (the raw 0) on the same scale.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { constraintCount, constraintRow, fitFeasibilityModels } from '../../../../src/tune/samplers/bayes/feasibility.ts';
import { fitHyperparameters } from '../../../../src/tune/samplers/bayes/fit.ts';
import type { FrozenTrial } from '../../../../src/tune/types.ts';

function trial(constraints?: unknown): FrozenTrial {
  return { number: 0, state: 'complete', params: {}, distributions: {}, value: 1, values: [1], intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: constraints === undefined ? {} : { constraints } };
}

describe('constraintRow and constraintCount', () => {
  it('takes a row only with the expected count of finite values', () => {
    expect(constraintRow(trial([0.5, -1]), 2)).toEqual([0.5, -1]);
    expect(constraintRow(trial([0.5, -1]), 1)).toBeUndefined();
    expect(constraintRow(trial([0.5, Number.NaN]), 2)).toBeUndefined();
    expect(constraintRow(trial([0.5, Number.POSITIVE_INFINITY]), 2)).toBeUndefined();
    expect(constraintRow(trial(), 0)).toBeUndefined();
    expect(constraintRow(trial('0.5'), 3)).toBeUndefined();
  });

  it('counts the constraints of the most recent trial that recorded any', () => {
    expect(constraintCount([])).toBe(0);
    expect(constraintCount([trial(), trial([])])).toBe(0);
    expect(constraintCount([trial([1]), trial([1, 2, 3]), trial(), trial([])])).toBe(3);
    expect(constraintCount([trial([1, 2, 3]), trial([1])])).toBe(1);
    // The first trial is looked at too.
    expect(constraintCount([trial([1, 2]), trial()])).toBe(2);
  });
});

describe('fitFeasibilityModels', () => {
  const points = [0.1, 0.3, 0.5, 0.7, 0.9].map((v) => Float64Array.from([v, 1 - v]));

  it('fits one GP per constraint on values standardised to mean 0 and spread 1, with the raw 0 as threshold', () => {
    const rows = points.map((p) => [p[0]! - 0.4, 2]);
    const models = fitFeasibilityModels(points, rows, 2, new SeededRandom(1));
    expect(models).toHaveLength(2);
    const [first, second] = models;
    // First: values −0.3 … 0.5, mean 0.1, population spread √0.08.
    const spread = Math.sqrt(0.08);
    expect(first!.threshold).toBeCloseTo(-0.1 / spread, 12);
    Array.from(first!.gp.data.y).forEach((v, i) => expect(v).toBeCloseTo((rows[i]![0]! - 0.1) / spread, 12));
    expect(Array.from(first!.gp.data.x)).toEqual(points.flatMap((p) => Array.from(p)));
    expect([first!.gp.data.n, first!.gp.data.d]).toEqual([5, 2]);
    // Second: constant 2, no spread: divided by max(1, |mean|) = 2, so every value is 0 and 0 lies at −1.
    expect(Array.from(second!.gp.data.y)).toEqual([0, 0, 0, 0, 0]);
    expect(second!.threshold).toBe(-1);
    // A constant below 1 in size is divided by 1.
    const small = fitFeasibilityModels(points, points.map(() => [-0.25]), 2, new SeededRandom(1));
    expect(small[0]!.threshold).toBe(0.25);
    // Each fitted with three starts, BFGS from the best one, drawing on one shared stream in turn.
    const rng = new SeededRandom(1);
    for (const model of models) expect(model.gp.logParams).toEqual(fitHyperparameters(model.gp.data, { rng, starts: 3, optimizedStarts: 1 }).logParams);
    // No rows, no models.
    expect(fitFeasibilityModels([], [], 2, new SeededRandom(1))).toEqual([]);
  });
});
