// How GaussianProcessSampler calls the hyperparameter fit, seen by wrapping fitHyperparameters
// (the real one still runs): fitStarts starts, BFGS from two of them up to 64 observations and
// from one beyond, and warm starts kept apart per warping, per search space and per restart
// level, taken only from the sampler's own earlier fit of the same model.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as BayesSampler from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import type { GaussianProcessSamplerOptions } from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import type * as Fit from '../../../../src/tune/samplers/bayes/fit.ts';
import type { Distribution, FrozenTrial, StudyView } from '../../../../src/tune/types.ts';
import { spyOnExport } from './spied-module.ts';

let fitHyperparameters: typeof Fit.fitHyperparameters;
let GaussianProcessSampler: typeof BayesSampler.GaussianProcessSampler;

spyOnExport('../../../../src/tune/samplers/bayes/fit.ts', 'fitHyperparameters');
beforeAll(async () => {
  ({ fitHyperparameters } = await import('../../../../src/tune/samplers/bayes/fit.ts'));
  ({ GaussianProcessSampler } = await import('../../../../src/tune/samplers/bayes/bayes-sampler.ts'));
});

const line: Record<string, Distribution> = { x: { type: 'float', low: 0, high: 1, log: false } };
const fast: GaussianProcessSamplerOptions = { candidates: 20, fitStarts: 3, refine: 0, exploitEvery: 0, restarts: 0, seed: 1 };

function study(count: number, space: Record<string, Distribution> = line, scale = 1): StudyView & { trials: FrozenTrial[] } {
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < count; i++) {
    const x = (((i * 0.618) % 1) * 0.9 + 0.05) * scale;
    trials.push({ number: i, state: 'complete', params: { x }, distributions: { ...space }, value: Math.sin(5 * x) + x, values: null, intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} });
  }
  return { direction: 'minimize', seed: 1, trials, getTrials: async () => structuredClone(trials) };
}

const asking = (number: number): FrozenTrial => ({ number, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} });
const fitCalls = () => vi.mocked(fitHyperparameters).mock.calls.map(([, options]) => options);
const fitResults = () => vi.mocked(fitHyperparameters).mock.results.map((r) => (r.value as ReturnType<typeof Fit.fitHyperparameters>).logParams);

describe('GaussianProcessSampler fits', () => {
  it('scores fitStarts starts and runs BFGS from two up to 64 observations, from one beyond', async () => {
    for (const [count, optimized] of [[64, 2], [65, 1]] as const) {
      vi.mocked(fitHyperparameters).mockClear();
      await new GaussianProcessSampler({ ...fast, outputWarping: 'none' }).sampleRelative(study(count), asking(count), line);
      expect(fitCalls()).toHaveLength(1);
      expect(fitCalls()[0]).toMatchObject({ starts: 3, optimizedStarts: optimized });
      expect(fitCalls()[0]).not.toHaveProperty('warmStart');
    }
  });

  it("warm-starts each warping from that warping's own last fit", async () => {
    const s = study(8);
    const sampler = new GaussianProcessSampler({ ...fast, outputWarping: 'auto' });
    await sampler.sampleRelative(s, asking(8), line);
    // 'auto' fits 'log' then 'none'; neither has anything to start from yet.
    expect(fitCalls()).toHaveLength(2);
    for (const options of fitCalls()) expect(options).not.toHaveProperty('warmStart');
    const [logFit, noneFit] = fitResults();
    vi.mocked(fitHyperparameters).mockClear();
    await sampler.sampleRelative(s, asking(8), line);
    expect(fitCalls().map((o) => o.warmStart)).toEqual([logFit, noneFit]);
    // Without reuse, never.
    vi.mocked(fitHyperparameters).mockClear();
    const cold = new GaussianProcessSampler({ ...fast, reuseHyperparameters: false });
    await cold.sampleRelative(s, asking(8), line);
    await cold.sampleRelative(s, asking(8), line);
    for (const options of fitCalls()) expect(options).not.toHaveProperty('warmStart');
  });

  it('starts cold on another search space', async () => {
    const wide: Record<string, Distribution> = { x: { type: 'float', low: 0, high: 4, log: false } };
    const sampler = new GaussianProcessSampler({ ...fast, outputWarping: 'none' });
    await sampler.sampleRelative(study(8), asking(8), line);
    vi.mocked(fitHyperparameters).mockClear();
    await sampler.sampleRelative(study(8, wide, 4), asking(8), wide);
    expect(fitCalls()).toHaveLength(1);
    expect(fitCalls()[0]).not.toHaveProperty('warmStart');
  });

  it('keeps each restart level to its own warm start', async () => {
    // The searched-out basin of basins.test.ts: level 0 fits all points, level 1 those outside it.
    const plane: Record<string, Distribution> = { a: line.x!, b: line.x! };
    const f = (a: number, b: number): number => -Math.exp(-((a - 0.8) ** 2 + (b - 0.8) ** 2) / 0.02) - 1.2 * Math.exp(-((a - 0.2) ** 2 + (b - 0.25) ** 2) / 0.005);
    const points: [number, number][] = [];
    for (const a of [0.05, 0.35, 0.65, 0.95]) for (const b of [0.05, 0.4, 0.6, 0.95]) points.push([a, b]);
    for (const radius of [0.002, 0.06, 0.12]) for (let i = 0; i < 8; i++) points.push([0.8 + radius * Math.cos(i * (Math.PI / 4)), 0.8 + radius * Math.sin(i * (Math.PI / 4))]);
    const trials: FrozenTrial[] = points.map(([a, b], number) => ({ number, state: 'complete', params: { a, b }, distributions: { ...plane }, value: f(a, b), values: null, intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} }));
    const view: StudyView = { direction: 'minimize', seed: 4, getTrials: async () => structuredClone(trials) };
    const sampler = new GaussianProcessSampler({ seed: 1, exploitEvery: 0, restarts: 1, candidates: 50, refine: 0, outputWarping: 'none' });
    await sampler.sampleRelative(view, asking(40), plane);
    const sizes = vi.mocked(fitHyperparameters).mock.calls.map(([data]) => data.n);
    expect(sizes).toHaveLength(2);
    expect(sizes[0]).toBe(40);
    expect(sizes[1]).toBeLessThan(40);
    for (const options of fitCalls()) expect(options).not.toHaveProperty('warmStart');
    const [level0, level1] = fitResults();
    vi.mocked(fitHyperparameters).mockClear();
    await sampler.sampleRelative(view, asking(40), plane);
    expect(fitCalls().map((o) => o.warmStart)).toEqual([level0, level1]);
  });
});
