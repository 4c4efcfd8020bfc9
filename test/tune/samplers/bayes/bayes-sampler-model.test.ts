// What GaussianProcessSampler hands the acquisition, seen by wrapping maximizeExpectedImprovement
// (the real one still runs): the GP's targets under each warping (shifted to the 0.8 quantile,
// scaled to unit spread), pruned values capped at the worst complete one, the constant liar's
// value for pending points (best for EI, worst for the lower bound), the incumbent EI counts
// from (the best feasible one under constraints), and the up-to-five spaced-out incumbents.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Acquisition from '../../../../src/tune/samplers/bayes/acquisition.ts';
import type * as BayesSampler from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import type { GaussianProcessSamplerOptions } from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import { insideRegion } from '../../../../src/tune/samplers/bayes/basins.ts';
import type { GaussianProcess } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';
import type { Distribution, FrozenTrial, ParamValue, StudyView, TrialState } from '../../../../src/tune/types.ts';
import { spyOnExport } from './spied-module.ts';

let maximizeExpectedImprovement: typeof Acquisition.maximizeExpectedImprovement;
let GaussianProcessSampler: typeof BayesSampler.GaussianProcessSampler;

spyOnExport('../../../../src/tune/samplers/bayes/acquisition.ts', 'maximizeExpectedImprovement');
beforeAll(async () => {
  ({ maximizeExpectedImprovement } = await import('../../../../src/tune/samplers/bayes/acquisition.ts'));
  ({ GaussianProcessSampler } = await import('../../../../src/tune/samplers/bayes/bayes-sampler.ts'));
});

const line: Record<string, Distribution> = { x: { type: 'float', low: 0, high: 1, log: false } };

class ListStudy implements StudyView {
  readonly direction = 'minimize' as const;
  readonly seed = 2;
  readonly trials: FrozenTrial[] = [];
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t));
  }
  add(x: number | undefined, value: number | null, state: TrialState = 'complete', constraints?: number[]): void {
    const params: Record<string, ParamValue> = x === undefined ? {} : { x };
    this.trials.push({ number: this.trials.length, state, params, distributions: { ...line }, value, values: value === null ? null : [value], intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: constraints === undefined ? {} : { constraints } });
  }
}

const fast: GaussianProcessSamplerOptions = { candidates: 20, fitStarts: 1, refine: 0, reuseHyperparameters: false, exploitEvery: 0, restarts: 0, nStartupTrials: 3 };

/** Asks once (as trial `number`) and returns what the acquisition was given. */
async function handed(study: ListStudy, options: GaussianProcessSamplerOptions, number = study.trials.length): Promise<{ gp: GaussianProcess; best: number; options: Parameters<typeof Acquisition.maximizeExpectedImprovement>[2] }> {
  const trial: FrozenTrial = { number, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
  await new GaussianProcessSampler(options).sampleRelative(study, trial, line);
  const calls = vi.mocked(maximizeExpectedImprovement).mock.calls;
  expect(calls).toHaveLength(1);
  const [gp, best, acquisition] = calls[0]!;
  return { gp, best, options: acquisition };
}

/** (v − the 0.8 quantile) / population spread, as the sampler documents its targets. */
function standardized(values: number[]): number[] {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const center = [...values].sort((a, b) => a - b)[Math.min(n - 1, Math.floor(0.8 * n))]!;
  return values.map((v) => (v - center) / (spread > 1e-12 ? spread : 1));
}

const expectClose = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 10));
};

describe('GaussianProcessSampler targets', () => {
  const xs = [0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9];
  // Out of order, so that the 0.8 quantile (the sixth of seven, 6) is not at index ⌊0.8·7⌋ = 5.
  const ys = [4, 6, 9, 0.5, 2, 1, 3];

  it("'none': the values shifted to their 0.8 quantile and scaled to unit spread", async () => {
    const study = new ListStudy();
    xs.forEach((x, i) => study.add(x, ys[i]!));
    const { gp, best } = await handed(study, { ...fast, outputWarping: 'none' });
    expectClose(gp.data.y, standardized(ys));
    expect(Array.from(gp.data.x)).toEqual(xs);
    expect(best).toBe(Math.min(...gp.data.y));
  });

  it("'log': log(y − min + δ), δ a tenth of the range, then the same standardisation", async () => {
    const study = new ListStudy();
    xs.forEach((x, i) => study.add(x, ys[i]!));
    const { gp } = await handed(study, { ...fast, outputWarping: 'log' });
    expectClose(gp.data.y, standardized(ys.map((y) => Math.log(y - 0.5 + 0.85))));
    // The quantile itself: the target of the value 6 is 0.
    expect(gp.data.y[1]).toBe(0);
  });

  it('equal values: every target 0 under either warping (no division by a zero spread)', async () => {
    for (const outputWarping of ['none', 'log'] as const) {
      const study = new ListStudy();
      xs.forEach((x) => study.add(x, 3));
      const { gp } = await handed(study, { ...fast, outputWarping });
      expect(Array.from(gp.data.y)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      vi.mocked(maximizeExpectedImprovement).mockClear();
    }
  });

  it('caps pruned values at the worst complete one, and takes them as they are with none complete', async () => {
    const study = new ListStudy();
    xs.forEach((x, i) => study.add(x, ys[i]!));
    study.add(0.2, -100, 'pruned');
    study.add(0.4, 20, 'pruned');
    const { gp } = await handed(study, { ...fast, outputWarping: 'none' });
    expectClose(gp.data.y, standardized([...ys, 9, 20]));
    vi.mocked(maximizeExpectedImprovement).mockClear();
    // A pruned trial without a finite value does not enter at all.
    study.add(0.6, Number.NaN, 'pruned');
    study.add(0.65, null, 'pruned');
    expect((await handed(study, { ...fast, outputWarping: 'none' })).gp.data.n).toBe(9);
    vi.mocked(maximizeExpectedImprovement).mockClear();
    const pruned = new ListStudy();
    xs.forEach((x, i) => pruned.add(x, ys[i]!, 'pruned'));
    expectClose((await handed(pruned, { ...fast, outputWarping: 'none' })).gp.data.y, standardized(ys));
  });

  it("leaves out a finished trial carrying the asking trial's number", async () => {
    const study = new ListStudy();
    xs.forEach((x, i) => study.add(x, ys[i]!));
    const { gp } = await handed(study, { ...fast, outputWarping: 'none' }, 4);
    expect(Array.from(gp.data.x)).toEqual([...xs.slice(0, 4), ...xs.slice(5)]);
  });
});

describe('GaussianProcessSampler pending points and incumbents', () => {
  it('enters running trials at the best target for EI and at the worst for the lower bound', async () => {
    const study = new ListStudy();
    [0.1, 0.3, 0.5, 0.7, 0.9].forEach((x, i) => study.add(x, [4, 1, 0.5, 2, 9][i]!));
    study.add(0.6, null, 'running');
    study.add(undefined, null, 'running');
    study.add(0.2, null, 'running');
    const ei = await handed(study, { ...fast, outputWarping: 'none' });
    const targets = Array.from(ei.gp.data.y.subarray(0, 5));
    expect(ei.gp.data.n).toBe(7);
    expect(Array.from(ei.gp.data.y.subarray(5))).toEqual([Math.min(...targets), Math.min(...targets)]);
    expect(ei.options.criterion).toBe('ei');
    // After the observations, in order; every observed and pending point is excluded from the answer.
    expect(Array.from(ei.gp.data.x)).toEqual([0.1, 0.3, 0.5, 0.7, 0.9, 0.6, 0.2]);
    expect(Array.from(ei.options.exclude!)).toEqual([0.1, 0.3, 0.5, 0.7, 0.9, 0.6, 0.2]);
    vi.mocked(maximizeExpectedImprovement).mockClear();
    const lower = await handed(study, { ...fast, outputWarping: 'none', exploitEvery: 1 });
    expect(Array.from(lower.gp.data.y.subarray(5))).toEqual([Math.max(...targets), Math.max(...targets)]);
    expect(lower.options.criterion).toBe('mean');
    expect(lower.options.kappa).toBe(0.5);
  });

  it('passes up to five incumbents, best first, each at least 0.3 from those before it', async () => {
    const study = new ListStudy();
    // Values rise with |x − 0.5|: 0.5, then 0.45 and 0.6 (too close), 0.2 (exactly 0.3 away: taken),
    // 0.85, and the rest within 0.3 of one taken.
    for (const x of [0.5, 0.45, 0.6, 0.2, 0.85, 0.95, 0.05, 1]) study.add(x, Math.abs(x - 0.5));
    const { options } = await handed(study, { ...fast, outputWarping: 'none', candidates: 30, refine: 2 });
    expect(Array.from(options.incumbents!)).toEqual([0.5, 0.2, 0.85]);
    expect(options.candidates).toBe(30);
    expect(options.refine).toBe(2);
    vi.mocked(maximizeExpectedImprovement).mockClear();
    // Nine points on a 3 × 3 grid, 0.45 and more apart: the best five are taken, no more.
    const plane: Record<string, Distribution> = { a: line.x!, b: line.x! };
    const grid: FrozenTrial[] = [];
    for (const a of [0.05, 0.5, 0.95]) for (const b of [0.05, 0.5, 0.95]) grid.push({ number: grid.length, state: 'complete', params: { a, b }, distributions: { ...plane }, value: a + 2 * b, values: [a + 2 * b], intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} });
    const view: StudyView = { direction: 'minimize', seed: 2, getTrials: async () => structuredClone(grid) };
    const asking: FrozenTrial = { ...grid[0]!, number: 9, state: 'running', params: {}, value: null, values: null };
    await new GaussianProcessSampler({ ...fast, outputWarping: 'none' }).sampleRelative(view, asking, plane);
    // By a + 2b: (0.05, 0.05), (0.5, 0.05), then a tie at 1.05 taken in trial order, (0.05, 0.5)
    // before (0.95, 0.05), then (0.5, 0.5).
    expect(Array.from(vi.mocked(maximizeExpectedImprovement).mock.calls[0]![2].incumbents!)).toEqual([0.05, 0.05, 0.5, 0.05, 0.05, 0.5, 0.95, 0.05, 0.5, 0.5]);
  });

  it('with constraints counts improvement from the best feasible target (c ≤ 0), or from +∞ with none feasible', async () => {
    const study = new ListStudy();
    // The best value (x = 0.5) violates its constraint; x = 0.7 holds with c = 0 exactly.
    [0.1, 0.3, 0.5, 0.7, 0.9].forEach((x, i) => study.add(x, [4, 1, 0.5, 2, 9][i]!, 'complete', [[1, 0.5, 0.2, 0, -1][i]!]));
    const { gp, best } = await handed(study, { ...fast, outputWarping: 'none' });
    expect(best).toBe(gp.data.y[3]);
    vi.mocked(maximizeExpectedImprovement).mockClear();
    const none = new ListStudy();
    [0.1, 0.3, 0.5, 0.7, 0.9].forEach((x, i) => none.add(x, i, 'complete', [0.5]));
    expect((await handed(none, { ...fast, outputWarping: 'none' })).best).toBe(Number.POSITIVE_INFINITY);
  });

  it('needs every constraint to hold, and leaves a trial without a usable constraint row out of the constraint models', async () => {
    const study = new ListStudy();
    // Two constraints: the best value holds one and fails the other; x = 0.9 holds both.
    [0.1, 0.3, 0.5, 0.7, 0.9].forEach((x, i) => study.add(x, [4, 1, 0.5, 2, 9][i]!, 'complete', [[1, 1], [1, -1], [-1, 1], [0.5, 0.5], [-1, 0]][i]!));
    // The lowest value of all, but its row is not finite: an observation, never the feasible best.
    study.add(0.2, -5, 'complete', [Number.NaN, -1]);
    const { gp, best, options } = await handed(study, { ...fast, outputWarping: 'none' });
    expect(gp.data.n).toBe(6);
    expect(best).toBe(gp.data.y[4]);
    expect(options.feasibility).toHaveLength(2);
    for (const model of options.feasibility!) expect(model.gp.data.n).toBe(5);
  });
});

describe('GaussianProcessSampler restarts, as handed to the acquisition', () => {
  it('sets a searched-out basin aside: the GP sees only the points outside it, the acquisition avoids it', async () => {
    // basins.test.ts's study: a 4 × 4 grid, then three rings of eight around (0.8, 0.8) where the
    // best values all agree.
    const plane: Record<string, Distribution> = { a: line.x!, b: line.x! };
    const f = (a: number, b: number): number => -Math.exp(-((a - 0.8) ** 2 + (b - 0.8) ** 2) / 0.02) - 1.2 * Math.exp(-((a - 0.2) ** 2 + (b - 0.25) ** 2) / 0.005);
    const points: [number, number][] = [];
    for (const a of [0.05, 0.35, 0.65, 0.95]) for (const b of [0.05, 0.4, 0.6, 0.95]) points.push([a, b]);
    for (const radius of [0.002, 0.06, 0.12]) for (let i = 0; i < 8; i++) points.push([0.8 + radius * Math.cos(i * (Math.PI / 4)), 0.8 + radius * Math.sin(i * (Math.PI / 4))]);
    const trials: FrozenTrial[] = points.map(([a, b], number) => ({ number, state: 'complete', params: { a, b }, distributions: { ...plane }, value: f(a, b), values: [f(a, b)], intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} }));
    const asking: FrozenTrial = { ...trials[0]!, number: points.length, state: 'running', params: {}, value: null, values: null };
    const acquisitionFor = async (restarts: number, constrained = false) => {
      vi.mocked(maximizeExpectedImprovement).mockClear();
      const seen = constrained ? trials.map((t) => ({ ...t, systemAttrs: { constraints: [-1] } })) : trials;
      const view: StudyView = { direction: 'minimize', seed: 4, getTrials: async () => structuredClone(seen) };
      await new GaussianProcessSampler({ seed: 1, exploitEvery: 0, restarts, candidates: 100, refine: 1 }).sampleRelative(view, asking, plane);
      const [gp, , options] = vi.mocked(maximizeExpectedImprovement).mock.calls[0]!;
      return { gp, options };
    };
    const stay = await acquisitionFor(0);
    expect(stay.gp.data.n).toBe(40);
    expect(stay.options.excludeRegions).toEqual([]);
    const leave = await acquisitionFor(2);
    const regions = leave.options.excludeRegions!;
    expect(regions.length).toBeGreaterThanOrEqual(1);
    expect(regions.every((r) => r.radius === 1.5)).toBe(true);
    // The first region is centred on the best point, at the bottom of the wide basin.
    expect(Math.hypot(regions[0]!.center[0]! - 0.8, regions[0]!.center[1]! - 0.8)).toBeLessThan(0.01);
    // The GP was fitted to the points outside every region (the rings are inside the first).
    expect(leave.gp.data.n).toBeLessThanOrEqual(16);
    for (let i = 0; i < leave.gp.data.n; i++) for (const r of regions) expect(insideRegion(r, leave.gp.data.x, i * 2)).toBe(false);
    // Restarts read the objective alone, so a study with constraints (all holding here) never restarts.
    const constrained = await acquisitionFor(2, true);
    expect(constrained.gp.data.n).toBe(40);
    expect(constrained.options.excludeRegions).toEqual([]);
  });
});
