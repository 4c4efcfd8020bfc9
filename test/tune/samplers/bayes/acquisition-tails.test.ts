// log EI against 50-digit references (mpmath: log(z·Φ(z) + φ(z)), σ = 1) from the upper tail
// down to z = −50, across the switch from the Mills-ratio form to the asymptotic series at
// z = −20: the series' terms show there, where the earlier checks allowed 1e-2.
import { describe, expect, it } from 'vitest';
import { logExpectedImprovement } from '../../../../src/tune/samplers/bayes/acquisition.ts';

const reference: [number, number][] = [
  [4, 1.3862961474329032],
  [1.5, 0.4248145567622593],
  [0, -0.9189385332046728],
  [-1.5, -3.52993592080571],
  [-4, -11.849061577550662],
  [-8, -37.12236426169263],
  [-12, -77.90910054500735],
  [-19, -187.31604760112668],
  [-21, -227.51473292810905],
  [-25, -319.86146358149597],
  [-30, -457.724653760598],
  [-50, -1258.744182868461],
];

/**
 * The Chebyshev fit's 1.2e-7 relative error in the Mills ratio R(t) grows by about t² in
 * 1 − t·R(t) before the series takes over at t = 20; the series' first omitted term is below
 * 5e-7 from there on.
 */
const tolerance = (z: number): number => (z > -20 ? 2e-7 * Math.max(1, z * z) : 1e-5);

describe('logExpectedImprovement in both tails', () => {
  it('is log h(z) to within the fit\'s error for z from 4 down to −50', () => {
    // z = (best − μ)/σ with σ = 1, best = 0: μ = −z.
    for (const [z, logH] of reference) expect(Math.abs(logExpectedImprovement(-z, 1, 0) - logH)).toBeLessThan(tolerance(z));
  });

  it('adds log σ for σ ≠ 1 at the same z', () => {
    for (const [z, logH] of reference) expect(Math.abs(logExpectedImprovement(-z * 3, 9, 0) - (logH + Math.log(3)))).toBeLessThan(tolerance(z));
  });
});
