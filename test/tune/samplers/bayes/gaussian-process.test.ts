// The GP: interpolation of noise-free data, the log marginal likelihood's gradient against finite
// differences, gradients of the posterior, and the hyperparameter fit.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { fitHyperparameters } from '../../../../src/tune/samplers/bayes/fit.ts';
import { GaussianProcess, logMarginalLikelihood, type GpData, type PredictionWithGradient } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';

function sampleData(n: number, d: number, seed: number): GpData {
  const rng = new SeededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += Math.sin(3 * (k + 1) * x[i * d + k]!);
    return s;
  });
  return { x, y, n, d };
}

const logParams = (d: number, scales: number[], signal: number, noise: number): Float64Array =>
  Float64Array.from([...Array.from({ length: d }, (_, k) => Math.log(scales[k % scales.length]!)), Math.log(signal), Math.log(noise)]);

describe('GaussianProcess', () => {
  it('interpolates noise-free data: mean = y and variance ≈ 0 at the training points', () => {
    const data = sampleData(15, 2, 3);
    const gp = new GaussianProcess(data, logParams(2, [0.3, 0.5], 1, 1e-8));
    const mean = new Float64Array(data.n);
    const variance = new Float64Array(data.n);
    gp.predict(data.x, data.n, mean, variance);
    for (let i = 0; i < data.n; i++) {
      expect(mean[i]).toBeCloseTo(data.y[i]!, 5);
      expect(variance[i]).toBeLessThan(1e-6);
    }
    // Far from the data the posterior returns to the prior: mean 0, variance σ_f².
    const far = new Float64Array(1);
    const farVariance = new Float64Array(1);
    gp.predict(Float64Array.from([50, 50]), 1, far, farVariance);
    expect(far[0]).toBeCloseTo(0, 10);
    expect(farVariance[0]).toBeCloseTo(1, 10);
  });

  it('batched predict agrees with predictWithGradient, whose gradients match finite differences', () => {
    const data = sampleData(12, 3, 5);
    const gp = new GaussianProcess(data, logParams(3, [0.4, 0.7, 0.2], 1.3, 1e-3));
    const point = Float64Array.from([0.3, 0.6, 0.45]);
    const out: PredictionWithGradient = { mean: 0, variance: 0, meanGradient: new Float64Array(3), varianceGradient: new Float64Array(3) };
    gp.predictWithGradient(point, out);
    const mean = new Float64Array(1);
    const variance = new Float64Array(1);
    gp.predict(point, 1, mean, variance);
    expect(out.mean).toBeCloseTo(mean[0]!, 12);
    expect(out.variance).toBeCloseTo(variance[0]!, 12);
    const h = 1e-6;
    for (let k = 0; k < 3; k++) {
      const plus = Float64Array.from(point);
      const minus = Float64Array.from(point);
      plus[k] = plus[k]! + h;
      minus[k] = minus[k]! - h;
      const mp = new Float64Array(1), vp = new Float64Array(1), mm = new Float64Array(1), vm = new Float64Array(1);
      gp.predict(plus, 1, mp, vp);
      gp.predict(minus, 1, mm, vm);
      expect(out.meanGradient[k]).toBeCloseTo((mp[0]! - mm[0]!) / (2 * h), 5);
      expect(out.varianceGradient[k]).toBeCloseTo((vp[0]! - vm[0]!) / (2 * h), 5);
    }
  });

  it('the log marginal likelihood gradient matches central finite differences', () => {
    for (const [n, d, seed] of [[10, 1, 1], [20, 3, 2], [30, 5, 3]] as const) {
      const data = sampleData(n, d, seed);
      const theta = logParams(d, [0.2, 0.9, 0.5, 0.35, 1.7], 0.8, 3e-3);
      const gradient = new Float64Array(d + 2);
      logMarginalLikelihood(data, theta, gradient);
      const h = 1e-5;
      for (let i = 0; i < d + 2; i++) {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[i] = plus[i]! + h;
        minus[i] = minus[i]! - h;
        const numeric = (logMarginalLikelihood(data, plus) - logMarginalLikelihood(data, minus)) / (2 * h);
        expect(Math.abs(gradient[i]! - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('the fit raises the likelihood above every start and keeps the hyperparameters in bounds', () => {
    const data = sampleData(25, 2, 9);
    const fit = fitHyperparameters(data, { rng: new SeededRandom(4) });
    expect(fit.logMarginalLikelihood).toBeGreaterThan(logMarginalLikelihood(data, logParams(2, [0.5], 1, 1e-3)));
    for (let k = 0; k < 2; k++) {
      expect(Math.exp(fit.logParams[k]!)).toBeGreaterThanOrEqual(1e-2);
      expect(Math.exp(fit.logParams[k]!)).toBeLessThanOrEqual(1e2);
    }
    expect(Math.exp(fit.logParams[3]!)).toBeGreaterThanOrEqual(1e-6 * (1 - 1e-12));
    // The data are noise-free: the fitted noise is small.
    expect(Math.exp(fit.logParams[3]!)).toBeLessThan(1e-2);
    // Deterministic for a seed.
    expect(fitHyperparameters(data, { rng: new SeededRandom(4) }).logParams).toEqual(fit.logParams);
  });
});
