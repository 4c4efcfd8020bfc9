// Searched-out basins: the ellipsoid test, the exhaustion test, and the sampler moving on from
// a basin whose best observations all agree.
import { describe, expect, it } from 'vitest';
import { basinExhausted, insideRegion } from '../../../../src/tune/samplers/bayes/basins.ts';
import { GaussianProcessSampler } from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import type { Distribution, FrozenTrial, StudyView, TrialState } from '../../../../src/tune/types.ts';

describe('insideRegion', () => {
  it('measures distance in length scales, per dimension, at an offset', () => {
    const region = { center: Float64Array.from([0.5, 0.5]), inverseScale: Float64Array.from([10, 2]), radius: 1 };
    expect(insideRegion(region, Float64Array.from([0.59, 0.5]))).toBe(true);
    expect(insideRegion(region, Float64Array.from([0.61, 0.5]))).toBe(false);
    expect(insideRegion(region, Float64Array.from([0.5, 0.95]))).toBe(true);
    expect(insideRegion(region, Float64Array.from([0.5, 1]))).toBe(false);
    expect(insideRegion(region, Float64Array.from([9, 9, 0.55, 0.7]), 2)).toBe(true);
  });
});

describe('basinExhausted', () => {
  const inverseScale = Float64Array.from([10, 10]);
  const spread = Array.from({ length: 10 }, (_, i) => ({ x: Float64Array.from([i / 10, 1 - i / 10]), y: i }));
  const cluster = (values: number[], step = 0.01) => values.map((y, i) => ({ x: Float64Array.from([0.8 + step * i, 0.8]), y }));

  it('holds when the best five agree and sit within a length scale of the best', () => {
    const observed = [...spread, ...cluster([-1, -1.001, -1.002, -1.003, -1.004])];
    expect(basinExhausted(observed, Float64Array.from([0.84, 0.8]), inverseScale)).toBe(true);
  });

  it('fails when the best values still differ, when they sit apart, or with too few points', () => {
    const differ = [...spread, ...cluster([-1, -1.2, -1.4, -1.6, -1.8])];
    expect(basinExhausted(differ, Float64Array.from([0.84, 0.8]), inverseScale)).toBe(false);
    const apart = [...spread, ...cluster([-1, -1.001, -1.002, -1.003, -1.004], 0.1)];
    expect(basinExhausted(apart, Float64Array.from([1.2, 0.8]), inverseScale)).toBe(false);
    const few = cluster([-1, -1.001, -1.002, -1.003, -1.004, 5, 6, 7, 8]);
    expect(basinExhausted(few, Float64Array.from([0.84, 0.8]), inverseScale)).toBe(false);
  });
});

class ArrayStudy implements StudyView {
  readonly direction = 'minimize' as const;
  readonly seed = 4;
  readonly trials: FrozenTrial[] = [];
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t));
  }
  add(params: { a: number; b: number } | Record<string, never>, value: number | null, state: TrialState): FrozenTrial {
    const trial: FrozenTrial = { number: this.trials.length, state, params, distributions: state === 'running' ? {} : { ...plane }, value, values: value === null ? null : [value], intermediate: {}, seed: this.trials.length, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
    this.trials.push(trial);
    return trial;
  }
}

const plane: Record<string, Distribution> = { a: { type: 'float', low: 0, high: 1, log: false }, b: { type: 'float', low: 0, high: 1, log: false } };
/** A wide basin at (0.8, 0.8), depth 1, and a narrower, deeper one at (0.2, 0.25). */
const twoBasins = (a: number, b: number): number => -Math.exp(-((a - 0.8) ** 2 + (b - 0.8) ** 2) / 0.02) - 1.2 * Math.exp(-((a - 0.2) ** 2 + (b - 0.25) ** 2) / 0.005);

describe('GaussianProcessSampler restarts', () => {
  it('leaves a basin whose best observations all agree; with restarts: 0 it stays', async () => {
    const study = new ArrayStudy();
    // A 4 × 4 grid that misses the deep basin, then the wide one searched out: eight points at
    // its bottom and rings around them.
    for (const a of [0.05, 0.35, 0.65, 0.95]) for (const b of [0.05, 0.4, 0.6, 0.95]) study.add({ a, b }, twoBasins(a, b), 'complete');
    for (const radius of [0.002, 0.06, 0.12]) {
      for (let i = 0; i < 8; i++) {
        const a = 0.8 + radius * Math.cos(i * (Math.PI / 4));
        const b = 0.8 + radius * Math.sin(i * (Math.PI / 4));
        study.add({ a, b }, twoBasins(a, b), 'complete');
      }
    }
    const ask = async (sampler: GaussianProcessSampler): Promise<number> => {
      const trial = study.add({}, null, 'running');
      const p = await sampler.sampleRelative(study, trial, plane);
      study.trials.pop();
      return Math.hypot((p.a as number) - 0.8, (p.b as number) - 0.8);
    };
    // Without restarts, EI and the lower bound both stay at the bottom of the wide basin.
    for (const exploitEvery of [0, 1]) {
      expect(await ask(new GaussianProcessSampler({ seed: 1, exploitEvery, restarts: 0 }))).toBeLessThan(0.05);
      expect(await ask(new GaussianProcessSampler({ seed: 1, exploitEvery }))).toBeGreaterThan(0.3);
    }
  });

  it('rejects a negative or fractional restarts option', () => {
    expect(() => new GaussianProcessSampler({ restarts: -1 })).toThrow('options.restarts must be an integer >= 0, got -1');
    expect(() => new GaussianProcessSampler({ restarts: 0.5 })).toThrow(/options.restarts/);
  });
});
