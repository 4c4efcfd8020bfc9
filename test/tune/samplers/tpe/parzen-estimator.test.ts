// The Parzen estimator against values worked out by hand: kernel centres and widths (neighbour
// gaps, endpoints, magic clip, Scott's rule), mixture weights, densities of continuous, log,
// int and categorical parameters, draws that follow those densities, and Optuna 3.1's own
// log densities on one mixed history.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { defaultGamma, defaultWeights, hyperoptDefaultGamma } from '../../../../src/tune/samplers/tpe/gamma-weights.ts';
import { isSingle, parzenBounds, toExternal, toInternal } from '../../../../src/tune/samplers/tpe/internal-repr.ts';
import { ParzenEstimator, type NumericKernels, type ParzenEstimatorParameters } from '../../../../src/tune/samplers/tpe/parzen-estimator.ts';
import type { Distribution } from '../../../../src/tune/types.ts';

const PARAMETERS: ParzenEstimatorParameters = { considerPrior: true, priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: defaultWeights, multivariate: false };

/** erf by its Maclaurin series (exact to ~1e-13 for |x| < 4), independent of the code under test. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const Phi = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));
const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

function numeric(estimator: ParzenEstimator, name: string): NumericKernels {
  const kernels = estimator.kernels[name]!;
  if (kernels.type !== 'numeric') throw new Error('expected numeric kernels');
  return kernels;
}

const unit: Distribution = { type: 'float', low: 0, high: 1, log: false };
const obs = (...values: number[]) => ({ x: Float64Array.from(values) });

describe('gamma and weights', () => {
  it('follow Optuna: the best tenth up to 25, ones then a ramp over the oldest past 25', () => {
    expect([0, 1, 10, 11, 100, 250, 251, 1000].map(defaultGamma)).toEqual([0, 1, 1, 2, 10, 25, 25, 25]);
    expect([1, 16, 17, 10_000].map(hyperoptDefaultGamma)).toEqual([1, 1, 2, 25]);
    expect(Array.from(defaultWeights(3))).toEqual([1, 1, 1]);
    expect(Array.from(defaultWeights(26))).toEqual([1 / 26, ...Array(25).fill(1)]);
    const w = defaultWeights(30);
    // linspace(1/30, 1, 5), then 25 ones.
    [1 / 30, 1 / 30 + (29 / 30) * 0.25, 1 / 30 + (29 / 30) * 0.5, 1 / 30 + (29 / 30) * 0.75, 1].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 15));
    expect(Array.from(w.subarray(5))).toEqual(Array(25).fill(1));
  });
});

describe('the estimator’s space', () => {
  it('maps values in and out: log scales, half-step bins, choice indices, clamped and rounded', () => {
    const logInt: Distribution = { type: 'int', low: 1, high: 8, log: true, step: 1 };
    expect(parzenBounds(logInt)).toEqual({ low: Math.log(0.5), high: Math.log(8.5), step: undefined });
    expect(parzenBounds({ type: 'float', low: 0, high: 1, log: false, step: 0.25 })).toEqual({ low: -0.125, high: 1.125, step: 0.25 });
    expect(parzenBounds({ type: 'float', low: 1, high: 10, log: true })).toEqual({ low: 0, high: Math.log(10), step: undefined });
    const act: Distribution = { type: 'categorical', choices: ['a', 0, -0] };
    expect([toInternal(act, -0), toInternal(act, 0), toInternal(act, 'b'), toInternal(act, undefined)]).toEqual([2, 1, undefined, undefined]);
    expect([toInternal(logInt, 4), toInternal(logInt, 9), toInternal(unit, 0.25)]).toEqual([Math.log(4), undefined, 0.25]);
    expect([-0.7, 0.4, 1.6, 2.4, 7].map((x) => toExternal(act, x))).toEqual(['a', 'a', -0, -0, -0]);
    expect(toExternal(act, 0.6)).toBe(0);
    expect([Math.log(0.4), Math.log(2.6), Math.log(9)].map((x) => toExternal(logInt, x))).toEqual([1, 3, 8]);
    expect(toExternal({ type: 'float', low: 2, high: 2, log: false }, 5)).toBe(2);
    expect([isSingle({ type: 'float', low: 2, high: 2, log: false }), isSingle(unit), isSingle({ type: 'categorical', choices: ['x'] }), isSingle(act)]).toEqual([true, false, true, false]);
  });
});

describe('ParzenEstimator kernels', () => {
  it('widths are the larger neighbour gap, the outermost ones their inner gap, then clipped; the prior spans the range', () => {
    // Centres 0.2, 0.5, 0.9 and the prior's 0.5; sorted with the ends: 0 | 0.2 0.5 0.5 0.9 | 1.
    const e = new ParzenEstimator(obs(0.2, 0.5, 0.9), { x: unit }, PARAMETERS);
    const k = numeric(e, 'x');
    expect(Array.from(k.mus)).toEqual([0.2, 0.5, 0.9, 0.5]);
    // 0.2: inner gap 0.3 (the end's 0.2 is ignored); 0.5: max(0.3, 0); 0.9: its inner gap 0.4; prior 1.
    // Magic clip's floor is 1 / min(100, 4 + 1) = 0.2.
    expect(Array.from(k.sigmas).map((s) => +s.toFixed(12))).toEqual([0.3, 0.3, 0.4, 1]);
    expect(Array.from(e.weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('considerEndpoints lets the gap to an end widen the outermost kernels; magic clip sets a floor', () => {
    const noClip = { ...PARAMETERS, considerMagicClip: false };
    // Centres 0.6, 0.7 and the prior's 0.5: 0 | 0.5 0.6 0.7 | 1.
    expect(Array.from(numeric(new ParzenEstimator(obs(0.6, 0.7), { x: unit }, noClip), 'x').sigmas).map((s) => +s.toFixed(12))).toEqual([0.1, 0.1, 1]);
    expect(Array.from(numeric(new ParzenEstimator(obs(0.6, 0.7), { x: unit }, { ...noClip, considerEndpoints: true }), 'x').sigmas).map((s) => +s.toFixed(12))).toEqual([0.1, 0.3, 1]);
    // With the clip, every width is at least 1 / min(100, 3 + 1) = 0.25.
    expect(Array.from(numeric(new ParzenEstimator(obs(0.6, 0.7), { x: unit }, PARAMETERS), 'x').sigmas)).toEqual([0.25, 0.25, 1]);
    // Without a prior, two observations: 0 | 0.6 0.7 | 1, floor 1/3.
    const bare = new ParzenEstimator(obs(0.6, 0.7), { x: unit }, { ...PARAMETERS, considerPrior: false });
    expect(Array.from(numeric(bare, 'x').sigmas)).toEqual([1 / 3, 1 / 3]);
    expect(Array.from(bare.weights)).toEqual([0.5, 0.5]);
  });

  it('multivariate widths follow Scott: 0.2·n^(−1/(d+4)) of the range', () => {
    const space: Record<string, Distribution> = { x: unit, y: { type: 'float', low: -5, high: 5, log: false } };
    const observations = { x: Float64Array.from([0.1, 0.2, 0.3, 0.4]), y: Float64Array.from([0, 1, 2, 3]) };
    const e = new ParzenEstimator(observations, space, { ...PARAMETERS, multivariate: true, considerMagicClip: false });
    const sigma0 = 0.2 * 4 ** (-1 / 6);
    expect(numeric(e, 'x').sigmas[0]).toBeCloseTo(sigma0, 14);
    expect(numeric(e, 'y').sigmas[2]).toBeCloseTo(10 * sigma0, 13);
    expect(numeric(e, 'y').sigmas[4]).toBe(10);
    // Magic clip raises them to range / min(100, 5 + 1).
    expect(numeric(new ParzenEstimator(observations, space, { ...PARAMETERS, multivariate: true }), 'x').sigmas[0]).toBe(1 / 6);
  });

  it('with no observations the prior alone remains, even when considerPrior is off', () => {
    const e = new ParzenEstimator(obs(), { x: unit }, { ...PARAMETERS, considerPrior: false });
    expect(Array.from(e.weights)).toEqual([1]);
    expect(Array.from(numeric(e, 'x').mus)).toEqual([0.5]);
  });

  it('refuses an empty space, observation lists of unequal length and unusable weights, naming the value', () => {
    expect(() => new ParzenEstimator({}, {}, PARAMETERS)).toThrow(new RangeError('ParzenEstimator: space must hold at least one parameter, got {}'));
    expect(() => new ParzenEstimator({ x: Float64Array.of(0.1, 0.2), y: Float64Array.of(0.3) }, { x: unit, y: unit }, PARAMETERS)).toThrow(
      new RangeError('ParzenEstimator: observations.y must hold 2 values like the others, got 1'),
    );
    expect(() => new ParzenEstimator({ x: Float64Array.of(0.1) }, { x: unit, y: unit }, PARAMETERS)).toThrow(new RangeError('ParzenEstimator: observations.y must hold 1 values like the others, got none'));
    const weights = (w: number[]) => ({ ...PARAMETERS, weights: () => w });
    expect(() => new ParzenEstimator(obs(0.1, 0.2), { x: unit }, weights([1]))).toThrow(new RangeError('ParzenEstimator: weights(2) must return at least 2 values, got 1'));
    expect(() => new ParzenEstimator(obs(0.1, 0.2), { x: unit }, weights([1, -1]))).toThrow(new RangeError('ParzenEstimator: weights(2)[1] must be a finite number >= 0, got -1'));
    expect(() => new ParzenEstimator(obs(0.1, 0.2), { x: unit }, weights([Number.NaN, 1]))).toThrow(new RangeError('ParzenEstimator: weights(2)[0] must be a finite number >= 0, got NaN'));
    expect(() => new ParzenEstimator(obs(0.1, 0.2), { x: unit }, { ...weights([0, 0]), considerPrior: false })).toThrow(new RangeError('ParzenEstimator: the weights of 2 observations must not all be 0'));
    // Zero weights are allowed while something weighs: here the prior alone.
    expect(Array.from(new ParzenEstimator(obs(0.1, 0.2), { x: unit }, weights([0, 0])).weights)).toEqual([0, 0, 1]);
  });

  it('priorWeight sets the prior component against the observations', () => {
    const e = new ParzenEstimator(obs(0.1, 0.9), { x: unit }, { ...PARAMETERS, priorWeight: 2 });
    expect(Array.from(e.weights)).toEqual([0.25, 0.25, 0.5]);
  });
});

describe('ParzenEstimator densities', () => {
  it('a continuous parameter: the weighted mixture of normals truncated to the range', () => {
    const e = new ParzenEstimator(obs(0.2, 0.5, 0.9), { x: unit }, PARAMETERS);
    const mus = [0.2, 0.5, 0.9, 0.5];
    const sigmas = [0.3, 0.3, 0.4, 1];
    for (const x of [0, 0.05, 0.5, 0.77, 1]) {
      const expected = mus.reduce((sum, mu, j) => sum + (0.25 * phi((x - mu) / sigmas[j]!)) / sigmas[j]! / (Phi((1 - mu) / sigmas[j]!) - Phi(-mu / sigmas[j]!)), 0);
      expect(e.logPdf({ x: Float64Array.of(x) })[0]).toBeCloseTo(Math.log(expected), 6);
    }
  });

  it('equalKernelHeights drops each continuous kernel’s 1/σ (Optuna 3.1.0’s scoring), and only there', () => {
    const e = new ParzenEstimator(obs(0.2, 0.5, 0.9), { x: unit }, { ...PARAMETERS, equalKernelHeights: true });
    const mus = [0.2, 0.5, 0.9, 0.5];
    const sigmas = [0.3, 0.3, 0.4, 1];
    for (const x of [0.05, 0.5, 0.77]) {
      const expected = mus.reduce((sum, mu, j) => sum + (0.25 * phi((x - mu) / sigmas[j]!)) / (Phi((1 - mu) / sigmas[j]!) - Phi(-mu / sigmas[j]!)), 0);
      expect(e.logPdf({ x: Float64Array.of(x) })[0]).toBeCloseTo(Math.log(expected), 6);
    }
    // An int's kernels are masses over bins, which have no 1/σ to drop.
    const d: Distribution = { type: 'int', low: 0, high: 4, log: false, step: 1 };
    const mass = (equalKernelHeights: boolean) => new ParzenEstimator({ n: Float64Array.of(1, 3) }, { n: d }, { ...PARAMETERS, equalKernelHeights }).logPdf({ n: Float64Array.of(2) })[0];
    expect(mass(true)).toBe(mass(false));
  });

  it('a log-scaled float lives in log space: centres at log values, the range [log low, log high]', () => {
    const d: Distribution = { type: 'float', low: 1, high: 100, log: true };
    const e = new ParzenEstimator({ lr: Float64Array.of(toInternal(d, 2)!) }, { lr: d }, PARAMETERS);
    const k = numeric(e, 'lr');
    const L = Math.log(100);
    expect(k.low).toBe(0);
    expect(k.high).toBeCloseTo(L, 15);
    expect(k.mus[0]).toBeCloseTo(Math.log(2), 15);
    expect(k.mus[1]).toBeCloseTo(L / 2, 15);
    // 0 | log 2, log 10 (the prior) | log 100: the observation takes its inner gap, log 10 − log 2
    // = log 5, above the clip's floor log(100) / 3.
    expect(k.sigmas[0]).toBeCloseTo(Math.log(5), 14);
    expect(toExternal(d, Math.log(10))).toBeCloseTo(10, 12);
  });

  it('an int is a mass over its bin [v − 1/2, v + 1/2] within [low − 1/2, high + 1/2]', () => {
    const d: Distribution = { type: 'int', low: 0, high: 4, log: false, step: 1 };
    const e = new ParzenEstimator({ n: Float64Array.of(1, 3) }, { n: d }, PARAMETERS);
    const k = numeric(e, 'n');
    expect(Array.from(k.mus)).toEqual([1, 3, 2]);
    // Centres sorted: -0.5 | 1 2 3 | 4.5; the outer ones take their inner gap 1, raised to the
    // clip's floor 5 / min(100, 3 + 1) = 1.25; the prior spans the range, 5.
    expect(Array.from(k.sigmas)).toEqual([1.25, 1.25, 5]);
    const mass = (v: number) =>
      [1, 3, 2].reduce((sum, mu, j) => {
        const s = k.sigmas[j]!;
        return sum + ((Phi((v + 0.5 - mu) / s) - Phi((v - 0.5 - mu) / s)) / (Phi((4.5 - mu) / s) - Phi((-0.5 - mu) / s))) / 3;
      }, 0);
    let total = 0;
    for (let v = 0; v <= 4; v++) {
      const p = Math.exp(e.logPdf({ n: Float64Array.of(v) })[0]!);
      expect(p).toBeCloseTo(mass(v), 6);
      total += p;
    }
    expect(total).toBeCloseTo(1, 6);
  });

  it('a categorical smooths each observation with the prior weight, and the prior component is uniform', () => {
    const d: Distribution = { type: 'categorical', choices: ['relu', 'tanh', 'sigmoid'] };
    const e = new ParzenEstimator({ act: Float64Array.of(0, 0, 2) }, { act: d }, PARAMETERS);
    // Four rows of 1/4 each; an observed choice gets +1; rows normalised: [1.25, .25, .25] / 1.75.
    const k = e.kernels.act!;
    expect(k.type).toBe('categorical');
    if (k.type !== 'categorical') return;
    expect(Array.from(k.probabilities.subarray(0, 3))).toEqual([1.25 / 1.75, 0.25 / 1.75, 0.25 / 1.75]);
    expect(Array.from(k.probabilities.subarray(9, 12))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const p0 = 0.25 * ((2 * 1.25) / 1.75 + 0.25 / 1.75 + 1 / 3);
    const p2 = 0.25 * ((2 * 0.25) / 1.75 + 1.25 / 1.75 + 1 / 3);
    expect(Math.exp(e.logPdf({ act: Float64Array.of(0) })[0]!)).toBeCloseTo(p0, 14);
    expect(Math.exp(e.logPdf({ act: Float64Array.of(2) })[0]!)).toBeCloseTo(p2, 14);
  });
});

describe('ParzenEstimator draws', () => {
  it('follow the density: categorical frequencies and the continuous mean, from a seeded stream', () => {
    const space: Record<string, Distribution> = { x: unit, act: { type: 'categorical', choices: ['a', 'b', 'c'] } };
    const e = new ParzenEstimator({ x: Float64Array.of(0.2, 0.5, 0.9), act: Float64Array.of(0, 0, 2) }, space, PARAMETERS);
    const n = 20_000;
    const draws = e.sample(new SeededRandom(3), n, (_name, x) => x);
    const counts = [0, 0, 0];
    let mean = 0;
    // Every draw inside [0, 1]: checked as the smallest and largest draw, one expect each rather
    // than 40,000 expect calls (which cost more than the sampling itself).
    let lowest = Number.POSITIVE_INFINITY;
    let highest = Number.NEGATIVE_INFINITY;
    for (let s = 0; s < n; s++) {
      counts[draws.act![s]!]!++;
      mean += draws.x![s]! / n;
      lowest = Math.min(lowest, draws.x![s]!);
      highest = Math.max(highest, draws.x![s]!);
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThanOrEqual(1);
    const grid = 2_000;
    // act and x are drawn from one component, so E[x] is over the joint density summed over act.
    let marginalMean = 0;
    for (let i = 0; i < grid; i++) {
      const x = (i + 0.5) / grid;
      let density = 0;
      for (let a = 0; a < 3; a++) density += Math.exp(e.logPdf({ x: Float64Array.of(x), act: Float64Array.of(a) })[0]!);
      marginalMean += (x * density) / grid;
    }
    // Within about four standard errors of 20,000 draws.
    expect(Math.abs(mean - marginalMean)).toBeLessThan(0.01);
    for (let a = 0; a < 3; a++) expect(Math.abs(counts[a]! / n - marginalChoice(e, a))).toBeLessThan(0.015);
    // The same seed gives the same draws.
    const again = () => Array.from(e.sample(new SeededRandom(3), 50, (_n, x) => x).x!);
    expect(again()).toEqual(again());
    expect(again()).not.toEqual(Array.from(e.sample(new SeededRandom(4), 50, (_n, x) => x).x!));
  });

  it('int draws are snapped onto the grid before they are scored', () => {
    const d: Distribution = { type: 'int', low: 0, high: 4, log: false, step: 1 };
    const e = new ParzenEstimator({ n: Float64Array.of(1, 3) }, { n: d }, PARAMETERS);
    const draws = e.sample(new SeededRandom(1), 500, (_name, x) => toInternal(d, toExternal(d, x))!);
    for (const v of draws.n!) expect([0, 1, 2, 3, 4]).toContain(v);
  });
});

function marginalChoice(e: ParzenEstimator, a: number): number {
  const k = e.kernels.act!;
  if (k.type !== 'categorical') throw new Error('categorical');
  let p = 0;
  for (let j = 0; j < e.weights.length; j++) p += e.weights[j]! * k.probabilities[j * 3 + a]!;
  return p;
}

describe('ParzenEstimator against Optuna 3.1', () => {
  // Optuna 3.1.0's _ParzenEstimator (prior weight 1, magic clip, no endpoints, default weights) on
  // 28 observations of a float, a log float, an int and a categorical: its log_pdf at four points
  // of one estimator over all four, with neighbour-gap widths and with Scott's rule. Its truncated
  // normals lack their 1/σ, so they are compared with equalKernelHeights.
  const space: Record<string, Distribution> = {
    a: { type: 'float', low: -5, high: 10, log: false },
    b: { type: 'float', low: 1e-4, high: 1e-1, log: true },
    c: { type: 'int', low: 1, high: 40, log: false, step: 1 },
    e: { type: 'categorical', choices: ['x', 'y', 'z'] },
  };
  const observed: Record<string, number[]> = {
    a: [-2.296, -4.708, 1.948, 5.874, 1.303, 2.281, -4.808, 2.311, 9.127, 7.762, 5.949, -3.369, 8.409, 7.857, -2.524, 4.485, -4.693, -3.249, -0.254, -2.631, 6.385, 7.274, 0.169, -0.218, -3.325, -3.741, 5.691, 3.993],
    b: [0.000147, 0.00275, 0.001603, 0.034989, 0.014241, 0.0064, 0.004541, 0.070357, 0.091205, 0.001033, 0.000524, 0.024508, 0.000155, 0.001241, 0.000162, 0.000908, 0.000163, 0.000743, 0.023459, 0.052024, 0.023871, 0.004847, 0.007048, 0.001215, 0.000321, 0.002036, 0.015793, 0.000154],
    c: [34, 3, 28, 10, 17, 6, 1, 37, 20, 12, 30, 25, 40, 13, 7, 33, 24, 19, 4, 8, 15, 31, 36, 26, 16, 18, 11, 21],
    e: [1, 1, 2, 0, 1, 0, 1, 0, 0, 2, 2, 2, 0, 0, 2, 0, 1, 1, 1, 0, 1, 2, 2, 2, 2, 0, 1, 2],
  };
  const points: Record<string, number[]> = { a: [-4.9, 0.25, 3.1, 9.7], b: [0.0002, 0.003, 0.02, 0.09], c: [1, 7, 22, 40], e: [0, 1, 2, 1] };
  const internal = (values: Record<string, number[]>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Float64Array.from(v, (x) => (k === 'e' ? x : toInternal(space[k]!, x)!))]));

  it('gives the same log densities, univariate and multivariate, to 1e-5', () => {
    const optuna = { univariate: [-8.301090095, -8.048943609, -8.017817761, -8.332228551], multivariate: [-8.274119217, -7.762388785, -7.954940501, -8.331979949] };
    for (const multivariate of [false, true]) {
      const ours = new ParzenEstimator(internal(observed), space, { ...PARAMETERS, multivariate, equalKernelHeights: true }).logPdf(internal(points));
      const expected = multivariate ? optuna.multivariate : optuna.univariate;
      for (let i = 0; i < 4; i++) expect(ours[i]!, `${multivariate ? 'multivariate' : 'univariate'}, point ${i}`).toBeCloseTo(expected[i]!, 5);
    }
  });
});
