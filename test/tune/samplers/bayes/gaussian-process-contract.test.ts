// The GP against a two-point posterior worked out by hand (a 2 × 2 inverse), and the contracts
// the acquisition and the fit lean on: the length checks, the likelihood's cache across
// evaluations, batched prediction over many points writing only the first m entries, caller
// buffers holding stale values, the jitter, and the variance floor at an observed point.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { GaussianProcess, hyperparameterCount, logMarginalLikelihood, MarginalLikelihood, type GpData, type PredictionWithGradient } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';

const scales = [0.3, 0.8];
const signal = 1.5;
const noise = 0.1;
const theta = Float64Array.from([Math.log(scales[0]!), Math.log(scales[1]!), Math.log(signal), Math.log(noise)]);
const pair: GpData = { x: Float64Array.from([0.1, 0.2, 0.5, 0.9]), y: Float64Array.from([0.7, -0.4]), n: 2, d: 2 };

/** Matérn 5/2 with this test's ARD scales and σ_f², written out independently. */
function kernel(a: readonly number[], b: readonly number[]): number {
  const r = Math.sqrt(((a[0]! - b[0]!) / scales[0]!) ** 2 + ((a[1]! - b[1]!) / scales[1]!) ** 2);
  return signal * (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
}

describe('GaussianProcess on two points, by hand', () => {
  const x1 = [0.1, 0.2];
  const x2 = [0.5, 0.9];
  const a = signal + noise;
  const k12 = kernel(x1, x2);
  const det = a * a - k12 * k12;
  // K⁻¹ = [[a, −k12], [−k12, a]] / det.
  const solve = (v: readonly number[]): number[] => [(a * v[0]! - k12 * v[1]!) / det, (-k12 * v[0]! + a * v[1]!) / det];
  const y = [0.7, -0.4];

  it('has the log marginal likelihood −½ yᵀK⁻¹y − ½ log det K − log 2π', () => {
    const alpha = solve(y);
    const expected = -0.5 * (y[0]! * alpha[0]! + y[1]! * alpha[1]!) - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
    expect(logMarginalLikelihood(pair, theta)).toBeCloseTo(expected, 12);
    expect(new MarginalLikelihood(pair).evaluate(theta, new Float64Array(4))).toBeCloseTo(expected, 12);
  });

  it('predicts mean k*ᵀK⁻¹y and variance σ_f² − k*ᵀK⁻¹k*, batched and one at a time', () => {
    const gp = new GaussianProcess(pair, theta);
    expect(gp.jitter).toBe(0);
    const points = [[0.3, 0.4], [0.9, 0.1], [0.1, 0.2]];
    const mean = new Float64Array(3);
    const variance = new Float64Array(3);
    gp.predict(Float64Array.from(points.flat()), 3, mean, variance);
    const out: PredictionWithGradient = { mean: 0, variance: 0, meanGradient: new Float64Array(2), varianceGradient: new Float64Array(2) };
    points.forEach((p, i) => {
      const kStar = [kernel(p, x1), kernel(p, x2)];
      const alpha = solve(y);
      const expectedMean = kStar[0]! * alpha[0]! + kStar[1]! * alpha[1]!;
      const w = solve(kStar);
      const expectedVariance = signal - (kStar[0]! * w[0]! + kStar[1]! * w[1]!);
      expect(mean[i]).toBeCloseTo(expectedMean, 12);
      expect(variance[i]).toBeCloseTo(expectedVariance, 12);
      gp.predictWithGradient(Float64Array.from(p), out);
      expect(out.mean).toBeCloseTo(expectedMean, 12);
      expect(out.variance).toBeCloseTo(expectedVariance, 12);
    });
  });
});

describe('GaussianProcess and MarginalLikelihood contracts', () => {
  it('count d + 2 hyperparameters and refuse any other number, naming both', () => {
    expect(hyperparameterCount(3)).toBe(5);
    const short = theta.subarray(0, 3);
    expect(() => new GaussianProcess(pair, short)).toThrow(new RangeError('gaussian process: logParams must hold d + 2 = 4 values, got 3'));
    expect(() => new MarginalLikelihood(pair).evaluate(short)).toThrow(new RangeError('gaussian process: logParams must hold d + 2 = 4 values, got 3'));
  });

  it('a reused MarginalLikelihood answers as a fresh one would, whatever it evaluated before', () => {
    const rng = new SeededRandom(8);
    const n = 9;
    const data: GpData = { x: Float64Array.from({ length: n * 2 }, () => rng.uniform()), y: Float64Array.from({ length: n }, () => rng.normal()), n, d: 2 };
    const zero = new Float64Array(4);
    const other = Float64Array.from([-1, -0.5, 0.2, -3]);
    // Differs from `other` in its last entry only.
    const near = Float64Array.from([-1, -0.5, 0.2, -2]);
    const fresh = (t: Float64Array): { value: number; gradient: Float64Array } => {
      const gradient = new Float64Array(4);
      return { value: new MarginalLikelihood(data).evaluate(t, gradient), gradient };
    };
    const reused = new MarginalLikelihood(data);
    // The first evaluation, at θ = 0 (what the cache's buffer starts as), is computed, not recalled.
    expect(reused.evaluate(zero)).toBe(fresh(zero).value);
    for (const t of [other, near, zero, other, other]) {
      const gradient = new Float64Array(4);
      expect(reused.evaluate(t)).toBe(fresh(t).value);
      // The gradient at the θ just evaluated, and again: no sums carried over.
      expect(reused.evaluate(t, gradient)).toBe(fresh(t).value);
      expect(Array.from(gradient)).toEqual(Array.from(fresh(t).gradient));
      reused.evaluate(t, gradient);
      expect(Array.from(gradient)).toEqual(Array.from(fresh(t).gradient));
    }
  });

  it('gives −Infinity where K cannot be factorised and leaves the gradient alone', () => {
    const broken: GpData = { ...pair, x: Float64Array.from([Number.NaN, 0.2, 0.5, 0.9]) };
    const gradient = new Float64Array(4).fill(42);
    expect(new MarginalLikelihood(broken).evaluate(theta, gradient)).toBe(Number.NEGATIVE_INFINITY);
    expect(Array.from(gradient)).toEqual([42, 42, 42, 42]);
  });

  it('predicts many points against many observations exactly as one at a time, writing only m entries', () => {
    // n = 13 takes the solve's four-row steps and its remainder; m = 7 points side by side.
    const rng = new SeededRandom(12);
    const n = 13;
    const d = 2;
    const data: GpData = { x: Float64Array.from({ length: n * d }, () => rng.uniform()), y: Float64Array.from({ length: n }, () => rng.normal()), n, d };
    const gp = new GaussianProcess(data, Float64Array.from([Math.log(0.4), Math.log(0.25), 0.3, Math.log(1e-3)]));
    const m = 7;
    const points = Float64Array.from({ length: m * d }, () => rng.uniform());
    // Stale values in the caller's buffers, and one entry past m that must survive.
    const mean = new Float64Array(m + 1).fill(5);
    const variance = new Float64Array(m + 1).fill(5);
    gp.predict(points, m, mean, variance);
    expect(mean[m]).toBe(5);
    expect(variance[m]).toBe(5);
    const out: PredictionWithGradient = { mean: 0, variance: 0, meanGradient: new Float64Array(d).fill(3), varianceGradient: new Float64Array(d).fill(3) };
    for (let p = 0; p < m; p++) {
      const one = new Float64Array(1);
      const oneVariance = new Float64Array(1);
      gp.predict(points.subarray(p * d, p * d + d), 1, one, oneVariance);
      expect(mean[p]).toBeCloseTo(one[0]!, 12);
      expect(variance[p]).toBeCloseTo(oneVariance[0]!, 12);
      // Gradients come out the same into a buffer with stale values as into a clean one.
      gp.predictWithGradient(points.subarray(p * d, p * d + d), out);
      const clean: PredictionWithGradient = { mean: 0, variance: 0, meanGradient: new Float64Array(d), varianceGradient: new Float64Array(d) };
      gp.predictWithGradient(points.subarray(p * d, p * d + d), clean);
      expect(out.mean).toBeCloseTo(mean[p]!, 12);
      expect(out.variance).toBeCloseTo(variance[p]!, 12);
      expect(Array.from(out.meanGradient)).toEqual(Array.from(clean.meanGradient));
      expect(Array.from(out.varianceGradient)).toEqual(Array.from(clean.varianceGradient));
      out.meanGradient.fill(3);
      out.varianceGradient.fill(3);
    }
  });

  it('floors the variance at 1e-12 at an observed point of a noise-free model, with a zero variance gradient', () => {
    const data: GpData = { x: Float64Array.from([0.2, 0.6, 0.9]), y: Float64Array.from([1, -1, 0.5]), n: 3, d: 1 };
    const gp = new GaussianProcess(data, Float64Array.from([Math.log(0.3), 0, Math.log(1e-300)]));
    const variance = new Float64Array(3);
    gp.predict(data.x, 3, new Float64Array(3), variance);
    expect(Array.from(variance)).toEqual([1e-12, 1e-12, 1e-12]);
    const out: PredictionWithGradient = { mean: 0, variance: 0, meanGradient: new Float64Array(1), varianceGradient: new Float64Array(1).fill(7) };
    gp.predictWithGradient(Float64Array.from([0.6]), out);
    expect(out.variance).toBe(1e-12);
    expect(out.varianceGradient[0]).toBe(0);
    // Two identical points without noise: K is singular and takes jitter to factorise.
    const twice = new GaussianProcess({ x: Float64Array.from([0.4, 0.4]), y: Float64Array.from([1, 1]), n: 2, d: 1 }, Float64Array.from([Math.log(0.3), 0, Math.log(1e-300)]));
    expect(twice.jitter).toBeGreaterThan(0);
  });
});
