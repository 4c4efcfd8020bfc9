// The hyperparameter fit: its bounds (checked, and each box on its own hyperparameter), the start
// it always scores, the warm start, the fallback when nothing factorises, and the log-normal prior.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { DEFAULT_BOUNDS, defaultLogParams, fitHyperparameters } from '../../../../src/tune/samplers/bayes/fit.ts';
import { logMarginalLikelihood, type GpData } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';

/** n points in d dimensions of a smooth function, standardised to mean 0. */
function smoothData(n: number, d: number, seed: number): GpData {
  const rng = new SeededRandom(seed);
  const x = Float64Array.from({ length: n * d }, () => rng.uniform());
  const raw = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += Math.sin(3 * (k + 1) * x[i * d + k]!);
    return s;
  });
  const mean = raw.reduce((s, v) => s + v, 0) / n;
  return { x, y: Float64Array.from(raw, (v) => v - mean), n, d };
}

describe('defaultLogParams', () => {
  it('is length scales 0.5, σ_f² = 1 and σ_n² = 1e-3, as logs', () => {
    expect(Array.from(defaultLogParams(2))).toEqual([Math.log(0.5), Math.log(0.5), 0, Math.log(1e-3)]);
  });
});

describe('fitHyperparameters', () => {
  const data = smoothData(12, 2, 7);

  it('rejects bounds that are not 0 < low < high, naming the field', () => {
    const rng = new SeededRandom(1);
    expect(() => fitHyperparameters(data, { rng, bounds: { ...DEFAULT_BOUNDS, lengthScale: [0, 1] } })).toThrow(new RangeError('fit: bounds.lengthScale must satisfy 0 < low < high, got [0, 1]'));
    // Equal ends leave no room either.
    expect(() => fitHyperparameters(data, { rng, bounds: { ...DEFAULT_BOUNDS, signalVariance: [1, 1] } })).toThrow('fit: bounds.signalVariance must satisfy 0 < low < high, got [1, 1]');
    expect(() => fitHyperparameters(data, { rng, bounds: { ...DEFAULT_BOUNDS, noiseVariance: [1e-2, 1e-3] } })).toThrow('fit: bounds.noiseVariance must satisfy 0 < low < high, got [0.01, 0.001]');
  });

  it('keeps each hyperparameter in its own box, and reports the likelihood at the answer', () => {
    // Boxes that exclude each other's values, so a box applied to the wrong entry shows.
    const bounds = { lengthScale: [0.3, 0.4], signalVariance: [2, 3], noiseVariance: [1e-2, 2e-2] } as const;
    const fit = fitHyperparameters(data, { rng: new SeededRandom(2), bounds });
    const boxes = [bounds.lengthScale, bounds.lengthScale, bounds.signalVariance, bounds.noiseVariance];
    boxes.forEach(([lo, hi], i) => {
      expect(fit.logParams[i]).toBeGreaterThanOrEqual(Math.log(lo) - 1e-12);
      expect(fit.logParams[i]).toBeLessThanOrEqual(Math.log(hi) + 1e-12);
    });
    expect(fit.logMarginalLikelihood).toBe(logMarginalLikelihood(data, fit.logParams));
  });

  it('without iterations returns the best-scoring start: the default, or a warm start that beats it', () => {
    // maxIterations 0: BFGS returns each start as it was (clamped), so the choice of starts shows.
    const one = { starts: 1, optimizedStarts: 1, maxIterations: 0 };
    expect(fitHyperparameters(data, { rng: new SeededRandom(3), ...one }).logParams).toEqual(defaultLogParams(2));
    // A poor warm start (huge noise) loses to the default start, which beats it and so runs too.
    const poor = Float64Array.from([Math.log(0.5), Math.log(0.5), 0, Math.log(0.9)]);
    expect(logMarginalLikelihood(data, poor)).toBeLessThan(logMarginalLikelihood(data, defaultLogParams(2)));
    expect(fitHyperparameters(data, { rng: new SeededRandom(3), ...one, warmStart: poor }).logParams).toEqual(defaultLogParams(2));
    // A good warm start (the optimum) is kept; one outside the bounds is clamped into them.
    const optimum = fitHyperparameters(data, { rng: new SeededRandom(3) }).logParams;
    expect(logMarginalLikelihood(data, optimum)).toBeGreaterThan(logMarginalLikelihood(data, defaultLogParams(2)));
    expect(fitHyperparameters(data, { rng: new SeededRandom(3), ...one, warmStart: optimum }).logParams).toEqual(optimum);
    // The optimum's noise sits on its lower bound, 1e-6: a warm start below it is clamped back there.
    expect(optimum[3]).toBe(Math.log(1e-6));
    const below = Float64Array.from(optimum);
    below[3] = Math.log(1e-9);
    expect(fitHyperparameters(data, { rng: new SeededRandom(3), ...one, warmStart: below }).logParams).toEqual(optimum);
    // A warm start of the wrong length is ignored: the same answer as none at all.
    const wrong = fitHyperparameters(data, { rng: new SeededRandom(5), warmStart: Float64Array.from([0, 0, 0]) });
    expect(wrong.logParams).toEqual(fitHyperparameters(data, { rng: new SeededRandom(5) }).logParams);
  });

  it('falls back to a smooth, noisy model when no start factorises', () => {
    // A NaN coordinate makes every covariance NaN, so every start fails to factorise.
    const broken = { ...data, x: Float64Array.from(data.x, (v, i) => (i === 0 ? Number.NaN : v)) };
    const fit = fitHyperparameters(broken, { rng: new SeededRandom(1) });
    expect(Array.from(fit.logParams)).toEqual([Math.log(0.5), Math.log(0.5), 0, Math.log(1e-1)]);
    expect(fit.logMarginalLikelihood).toBe(Number.NEGATIVE_INFINITY);
    // σ_n² = 0.1 unless the bounds forbid it.
    const capped = fitHyperparameters(broken, { rng: new SeededRandom(1), bounds: { ...DEFAULT_BOUNDS, noiseVariance: [1e-6, 1e-2] } });
    expect(capped.logParams[3]).toBe(Math.log(1e-2));
  });

  it("with the log-normal prior maximises the posterior (BoTorch's priors), yet reports the likelihood", () => {
    const d = data.d;
    // log ℓ_k ~ N(√2 + ½ log d, 3), log σ_n² ~ N(−8, 2²), written out here independently.
    const posterior = (theta: Float64Array): number => {
      let value = logMarginalLikelihood(data, theta);
      for (let k = 0; k < d; k++) value -= (theta[k]! - (Math.SQRT2 + 0.5 * Math.log(d))) ** 2 / 6;
      return value - (theta[d + 1]! + 8) ** 2 / 8;
    };
    const plain = fitHyperparameters(data, { rng: new SeededRandom(3) });
    const map = fitHyperparameters(data, { rng: new SeededRandom(3), prior: 'lognormal' });
    expect(map.logMarginalLikelihood).toBe(logMarginalLikelihood(data, map.logParams));
    expect(map.logMarginalLikelihood).toBeLessThan(plain.logMarginalLikelihood);
    expect(posterior(map.logParams)).toBeGreaterThan(posterior(plain.logParams) + 0.1);
    // The MAP is a stationary point of that posterior (every entry lies inside its bounds here).
    const h = 1e-5;
    for (let i = 0; i < d + 2; i++) {
      const plus = Float64Array.from(map.logParams);
      const minus = Float64Array.from(map.logParams);
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      expect(Math.abs((posterior(plus) - posterior(minus)) / (2 * h))).toBeLessThan(1e-2);
    }
    // The noise prior pulls σ_n² off its lower bound, toward e^−8.
    expect(map.logParams[3]).toBeGreaterThan(Math.log(1e-5));
  });

  it('draws its random starts log-uniformly: ℓ in [0.05, 2], σ_f² in [0.5, 2], σ_n² in [1e-6, 1e-1]', () => {
    // The same stream, replayed: what the fit's one random start must be.
    const replay = (seed: number): Float64Array => {
      const rng = new SeededRandom(seed);
      const draw = (lo: number, hi: number): number => Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo));
      const theta = new Float64Array(4);
      for (let k = 0; k < 2; k++) theta[k] = draw(0.05, 2);
      theta[2] = draw(0.5, 2);
      theta[3] = draw(1e-6, 1e-1);
      return theta;
    };
    const prior = (theta: Float64Array): number => -((theta[0]! - Math.SQRT2 - 0.5 * Math.log(2)) ** 2 + (theta[1]! - Math.SQRT2 - 0.5 * Math.log(2)) ** 2) / 6 - (theta[3]! + 8) ** 2 / 8;
    let randomWon = 0;
    let defaultWon = 0;
    for (let seed = 1; seed <= 40; seed++) {
      for (const withPrior of [false, true]) {
        const score = (theta: Float64Array): number => logMarginalLikelihood(data, theta) + (withPrior ? prior(theta) : 0);
        const random = replay(seed);
        const better = score(random) > score(defaultLogParams(2)) ? random : defaultLogParams(2);
        // Two starts scored, the better one kept (maxIterations 0: as it was).
        const fit = fitHyperparameters(data, { rng: new SeededRandom(seed), starts: 2, optimizedStarts: 1, maxIterations: 0, ...(withPrior ? { prior: 'lognormal' as const } : {}) });
        expect(fit.logParams).toEqual(better);
        // Both optimised (0 iterations each): the better one still.
        expect(fitHyperparameters(data, { rng: new SeededRandom(seed), starts: 2, optimizedStarts: 2, maxIterations: 0, ...(withPrior ? { prior: 'lognormal' as const } : {}) }).logParams).toEqual(better);
        if (!withPrior && better === random) randomWon++;
        if (!withPrior && better !== random) defaultWon++;
        // A warm start takes the random start's place: with starts 2 only it and the default are scored.
        const poor = Float64Array.from([Math.log(0.5), Math.log(0.5), 0, Math.log(0.9)]);
        expect(fitHyperparameters(data, { rng: new SeededRandom(seed), starts: 2, optimizedStarts: 1, maxIterations: 0, warmStart: poor }).logParams).toEqual(defaultLogParams(2));
      }
    }
    // Both outcomes occur, so the replay is what decides them.
    expect(randomWon).toBeGreaterThan(1);
    expect(defaultWon).toBeGreaterThan(1);
  });

  it('runs BFGS from the two best-scoring starts by default, not one and not all five', () => {
    // Seed 4 on this data: one start, two and five each end at a different optimum.
    const fit = (extra: object): number[] => Array.from(fitHyperparameters(data, { rng: new SeededRandom(4), ...extra }).logParams);
    const byDefault = fit({});
    expect(byDefault).toEqual(fit({ optimizedStarts: 2 }));
    expect(byDefault).not.toEqual(fit({ optimizedStarts: 1 }));
    expect(byDefault).not.toEqual(fit({ optimizedStarts: 5 }));
  });
});
