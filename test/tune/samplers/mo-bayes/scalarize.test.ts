// ParEGO's scalarisation pieces on values worked out by hand.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { augmentedChebyshev, normalization, simplexWeights } from '../../../../src/tune/samplers/mo-bayes/scalarize.ts';

describe('scalarize', () => {
  it('normalises by the front when one is given, else by every point', () => {
    const points = [[0, 10], [1, 0], [0.5, 0.5]];
    const all = normalization(points);
    expect(Array.from(all.low)).toEqual([0, 0]);
    expect(Array.from(all.span)).toEqual([1, 10]);
    const front = normalization(points, [[1, 0], [0.5, 0.5]]);
    expect(Array.from(front.low)).toEqual([0.5, 0]);
    expect(Array.from(front.span)).toEqual([0.5, 0.5]);
    // A flat objective scales by 1 rather than dividing by 0.
    expect(Array.from(normalization([[2, 1], [2, 3]]).span)).toEqual([1, 2]);
    // Flat relative to its magnitude counts as flat too; no points, no objectives.
    expect(Array.from(normalization([[1e6, 5], [1e6 + 1e-7, 5.5]]).span)).toEqual([1, 0.5]);
    expect(Array.from(normalization([[3e-13, 0], [0, 1]]).span)).toEqual([1, 1]);
    expect(Array.from(normalization([[2e-12, 0], [0, 1]]).span)).toEqual([2e-12, 1]);
    expect(Array.from(normalization([[1e-12], [0]]).span)).toEqual([1]);
    expect(normalization([])).toEqual({ low: new Float64Array(0), span: new Float64Array(0) });
  });

  it('augmented Chebyshev: the largest weighted term plus ρ times their sum', () => {
    const scale = { low: Float64Array.from([0, 0]), span: Float64Array.from([2, 4]) };
    // u = (0.5, 0.5); λ = (0.25, 0.75): max(0.125, 0.375) + 0.05·0.5.
    expect(augmentedChebyshev([1, 2], Float64Array.from([0.25, 0.75]), scale, 0.05)).toBeCloseTo(0.375 + 0.025, 12);
    // Below the front's low end the terms are negative, and the largest of them still leads.
    const shifted = { low: Float64Array.from([1, 1]), span: Float64Array.from([1, 1]) };
    expect(augmentedChebyshev([0, 0.5], Float64Array.from([0.5, 0.5]), shifted, 0.1)).toBeCloseTo(-0.25 + 0.1 * -0.75, 12);
  });

  it('draws weights on the simplex, spread over it', () => {
    const random = new SeededRandom(3);
    let firstMean = 0;
    // Over the 2,000 draws, asserted once each (not 4,000 expects): the smallest weight and the
    // largest distance of a sum from 1 (toBeCloseTo(1, 12) is a distance below 5e-13).
    let lowest = Number.POSITIVE_INFINITY;
    let farthest = 0;
    for (let i = 0; i < 2000; i++) {
      const w = simplexWeights(3, random);
      lowest = Math.min(lowest, ...w);
      farthest = Math.max(farthest, Math.abs(w[0]! + w[1]! + w[2]! - 1));
      firstMean += w[0]! / 2000;
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(farthest).toBeLessThan(5e-13);
    expect(firstMean).toBeGreaterThan(0.3);
    expect(firstMean).toBeLessThan(0.37);
    expect(Array.from(simplexWeights(1, random))).toEqual([1]);
    // Uniform on the two-objective simplex: the first weight is uniform on [0, 1], a tenth of it below 0.1.
    let low = 0;
    for (let i = 0; i < 4000; i++) if (simplexWeights(2, random)[0]! < 0.1) low++;
    expect(low / 4000).toBeGreaterThan(0.08);
    expect(low / 4000).toBeLessThan(0.12);
  });
});
