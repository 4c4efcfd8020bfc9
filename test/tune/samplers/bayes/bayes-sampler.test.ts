// GaussianProcessSampler against a tiny in-test StudyView: the search-space intersection, the
// unit-cube map, the Sobol start-up, GP proposals, the constant liar, determinism.
import { describe, expect, it } from 'vitest';
import { GaussianProcessSampler } from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import { intersectSearchSpace, UnitCube } from '../../../../src/tune/samplers/bayes/unit-cube.ts';
import type { Direction, Distribution, FrozenTrial, ParamValue, StudyView, TrialState } from '../../../../src/tune/types.ts';

function makeTrial(number: number, state: TrialState, params: Record<string, ParamValue>, distributions: Record<string, Distribution>, value: number | null): FrozenTrial {
  return { number, state, params, distributions, value, values: value === null ? null : [value], intermediate: {}, seed: 1000 + number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
}

class TinyStudy implements StudyView {
  readonly trials: FrozenTrial[] = [];
  constructor(readonly direction: Direction = 'minimize', readonly seed = 3) {}
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t));
  }
}

const space: Record<string, Distribution> = {
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  units: { type: 'int', low: 16, high: 256, log: false, step: 16 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'sigmoid'] },
  x: { type: 'float', low: -2, high: 2, log: false },
};

/** Minimum at lr = 1e-2, units = 128, act = tanh, x = 0.5. */
function objective(p: Record<string, ParamValue>): number {
  return (Math.log10(p.lr as number) + 2) ** 2 + ((p.units as number) - 128) ** 2 / 4096 + (p.act === 'tanh' ? 0 : 1) + ((p.x as number) - 0.5) ** 2;
}

function inSpace(p: Record<string, ParamValue>): void {
  expect(p.lr as number).toBeGreaterThanOrEqual(1e-4);
  expect(p.lr as number).toBeLessThanOrEqual(1e-1);
  expect(Number.isInteger(p.units) && (p.units as number) % 16 === 0 && (p.units as number) >= 16 && (p.units as number) <= 256).toBe(true);
  expect(['relu', 'tanh', 'sigmoid']).toContain(p.act);
  expect(p.x as number).toBeGreaterThanOrEqual(-2);
  expect(p.x as number).toBeLessThanOrEqual(2);
}

async function runStudy(study: TinyStudy, sampler: GaussianProcessSampler, count: number, fn = objective): Promise<void> {
  for (let i = 0; i < count; i++) {
    const trial = makeTrial(study.trials.length, 'running', {}, {}, null);
    study.trials.push(trial);
    const params = await sampler.sampleRelative(study, trial, space);
    inSpace(params);
    trial.params = params;
    trial.distributions = { ...space };
    trial.value = fn(params);
    trial.state = 'complete';
  }
}

describe('unit cube and search space', () => {
  it('intersects the distributions of complete trials, dropping missing or changed ones', () => {
    const a = makeTrial(0, 'complete', {}, { a: space.x!, b: space.lr!, c: space.act! }, 1);
    const b = makeTrial(1, 'complete', {}, { a: space.x!, b: { type: 'float', low: 1e-3, high: 1e-1, log: true }, c: space.act! }, 1);
    const c = makeTrial(2, 'complete', {}, { a: space.x!, c: { type: 'categorical', choices: ['relu', 'tanh', 'sigmoid'] } }, 1);
    expect(intersectSearchSpace([a, b, c])).toEqual({ a: space.x, c: space.act });
    expect(intersectSearchSpace([])).toEqual({});
  });

  it('round-trips values (log floats, stepped ints, one-hot categoricals) through the cube', () => {
    const cube = new UnitCube(space);
    expect(cube.dimension).toBe(6); // act one-hot (3) + lr + units + x
    const params = { lr: 3e-3, units: 96, act: 'sigmoid', x: -1.25 };
    const point = cube.encode(params)!;
    for (const v of point) expect(v >= 0 && v <= 1).toBe(true);
    const back = cube.decode(point);
    expect(back.lr).toBeCloseTo(3e-3, 12);
    expect(back).toMatchObject({ units: 96, act: 'sigmoid', x: -1.25 });
    // Every int owns an equal slice: the ends of the cube decode to low and high.
    expect(cube.decode(new Float64Array([0, 0, 1, 0, 0, 0]))).toMatchObject({ act: 'sigmoid', units: 16, x: -2 });
    expect(cube.decode(new Float64Array([1, 0, 0, 1, 1, 1]))).toMatchObject({ act: 'relu', units: 256, x: 2 });
    expect(cube.encode({ lr: 3e-3, units: 96, act: 'swish', x: 0 })).toBeUndefined();
    expect(cube.encode({ lr: 3e-3, units: 96, act: 'relu' })).toBeUndefined();
  });
});

describe('GaussianProcessSampler', () => {
  it('infers the relative search space from complete and pruned trials only', async () => {
    const study = new TinyStudy();
    study.trials.push(makeTrial(0, 'complete', { x: 0 }, { x: space.x! }, 1), makeTrial(1, 'running', { y: 0 }, { y: space.x! }, null));
    const sampler = new GaussianProcessSampler();
    expect(await sampler.inferRelativeSearchSpace(study, makeTrial(2, 'running', {}, {}, null))).toEqual({ x: space.x });
    study.trials.push(makeTrial(2, 'pruned', { x: 1, z: 0 }, { x: space.x!, z: space.x! }, 3));
    expect(await sampler.inferRelativeSearchSpace(study, makeTrial(3, 'running', {}, {}, null))).toEqual({ x: space.x });
  });

  it('pruned trials count for the start-up and enter the GP as no better than the worst complete trial', async () => {
    const line: Record<string, Distribution> = { x: { type: 'float', low: 0, high: 1, log: false } };
    const study = new TinyStudy('minimize', 4);
    // Complete trials say the minimum is near x = 0.3; pruned ones near x = 0.9 reported far lower
    // values early on, but were pruned: the GP must not chase them.
    [0.1, 0.2, 0.3, 0.4, 0.5].forEach((x, i) => study.trials.push(makeTrial(i, 'complete', { x }, line, (x - 0.3) ** 2)));
    [0.8, 0.85, 0.9, 0.95, 1].forEach((x, i) => study.trials.push(makeTrial(5 + i, 'pruned', { x }, line, -100)));
    const sampler = new GaussianProcessSampler({ seed: 4, nStartupTrials: 8 });
    const proposal = await sampler.sampleRelative(study, makeTrial(10, 'running', {}, {}, null), line);
    // Ten observations ≥ 8: the GP proposes (the Sobol point of trial 10 is elsewhere), near 0.3.
    expect(Math.abs((proposal.x as number) - 0.3)).toBeLessThan(0.15);
  });

  it('uses the Sobol design during start-up, indexed by trial number, then the GP; stays in the space', async () => {
    const study = new TinyStudy();
    const sampler = new GaussianProcessSampler({ seed: 5, nStartupTrials: 6, candidates: 300 });
    await runStudy(study, sampler, 6);
    // Start-up points depend only on the trial number and seed.
    const again = new GaussianProcessSampler({ seed: 5, nStartupTrials: 6 });
    expect(await again.sampleRelative(new TinyStudy(), makeTrial(3, 'running', {}, {}, null), space)).toEqual(study.trials[3]!.params);
    await runStudy(study, sampler, 30);
    const values = study.trials.map((t) => t.value!);
    const startupBest = Math.min(...values.slice(0, 6));
    const best = Math.min(...values);
    expect(best).toBeLessThan(startupBest);
    expect(best).toBeLessThan(0.05);
  });

  it('never proposes an observed point again, even where a fitted noise would invite it', async () => {
    // Branin, seed 3: before observed points were excluded, the GP fitted noise at the edge x1 = 10
    // and asked for (10, 3.000…) some eighty times, 1e-5 apart.
    const plane: Record<string, Distribution> = { x1: { type: 'float', low: -5, high: 10, log: false }, x2: { type: 'float', low: 0, high: 15, log: false } };
    const branin = (p: Record<string, ParamValue>): number => {
      const x1 = p.x1 as number;
      const x2 = p.x2 as number;
      return (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    };
    const study = new TinyStudy('minimize', 3);
    const sampler = new GaussianProcessSampler({ seed: 3 });
    const points: number[][] = [];
    for (let i = 0; i < 30; i++) {
      const trial = makeTrial(i, 'running', {}, {}, null);
      study.trials.push(trial);
      trial.params = await sampler.sampleRelative(study, trial, plane);
      trial.distributions = { ...plane };
      trial.value = branin(trial.params);
      trial.state = 'complete';
      points.push([((trial.params.x1 as number) + 5) / 15, (trial.params.x2 as number) / 15]);
    }
    let closest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < points.length; i++) for (let j = 0; j < i; j++) closest = Math.min(closest, Math.hypot(points[i]![0]! - points[j]![0]!, points[i]![1]! - points[j]![1]!));
    expect(closest).toBeGreaterThanOrEqual(1e-3 * 0.999);
    expect(Math.min(...study.trials.map((t) => t.value!))).toBeLessThan(0.397887 + 0.05);
  });

  it('a batch of asks before any tell spreads out, exploit steps included', async () => {
    const line: Record<string, Distribution> = { a: { type: 'float', low: 0, high: 1, log: false }, b: { type: 'float', low: 0, high: 1, log: false } };
    const f = (p: Record<string, ParamValue>) => ((p.a as number) - 0.3) ** 2 + ((p.b as number) - 0.6) ** 2;
    for (const seed of [1, 2, 3]) {
      const study = new TinyStudy('minimize', seed);
      const sampler = new GaussianProcessSampler({ seed });
      for (let i = 0; i < 12; i++) {
        const trial = makeTrial(i, 'running', {}, {}, null);
        study.trials.push(trial);
        trial.params = await sampler.sampleRelative(study, trial, line);
        trial.distributions = { ...line };
        trial.value = f(trial.params);
        trial.state = 'complete';
      }
      // Four asks in a row, none told: each sees the others as running (the constant liar).
      const batch: number[][] = [];
      for (let i = 12; i < 16; i++) {
        const trial = makeTrial(i, 'running', {}, {}, null);
        study.trials.push(trial);
        trial.params = await sampler.sampleRelative(study, trial, line);
        trial.distributions = { ...line };
        batch.push([trial.params.a as number, trial.params.b as number]);
      }
      for (let i = 0; i < batch.length; i++) for (let j = 0; j < i; j++) expect(Math.hypot(batch[i]![0]! - batch[j]![0]!, batch[i]![1]! - batch[j]![1]!)).toBeGreaterThan(0.02);
    }
  });

  it('is deterministic for a seed (fresh samplers, same history, same proposals)', async () => {
    const run = async (): Promise<Record<string, ParamValue>[]> => {
      const study = new TinyStudy();
      await runStudy(study, new GaussianProcessSampler({ seed: 9, nStartupTrials: 4, candidates: 200 }), 8);
      return study.trials.map((t) => t.params);
    };
    expect(await run()).toEqual(await run());
  });

  it('maximises when the study direction is maximize', async () => {
    const study = new TinyStudy('maximize');
    await runStudy(study, new GaussianProcessSampler({ seed: 2, nStartupTrials: 6, candidates: 300 }), 16, (p) => -objective(p));
    const values = study.trials.map((t) => t.value!);
    expect(Math.max(...values)).toBeGreaterThan(Math.max(...values.slice(0, 6)));
  });

  it('constant liar: with a running trial, the next ask proposes a different point', async () => {
    const study = new TinyStudy();
    const sampler = new GaussianProcessSampler({ seed: 4, nStartupTrials: 8, candidates: 500 });
    await runStudy(study, sampler, 12);
    const first = makeTrial(12, 'running', {}, {}, null);
    study.trials.push(first);
    first.params = await sampler.sampleRelative(study, first, space);
    first.distributions = { ...space };
    const second = makeTrial(13, 'running', {}, {}, null);
    study.trials.push(second);
    const withLie = await sampler.sampleRelative(study, second, space);
    expect(withLie).not.toEqual(first.params);
    // The lie is what moved it: the same ask without the running trial lands elsewhere.
    const hidden = new TinyStudy();
    hidden.trials.push(...study.trials.filter((t) => t.number !== 12));
    const withoutLie = await new GaussianProcessSampler({ seed: 4, nStartupTrials: 8, candidates: 500, reuseHyperparameters: false }).sampleRelative(hidden, second, space);
    const withLieFresh = await new GaussianProcessSampler({ seed: 4, nStartupTrials: 8, candidates: 500, reuseHyperparameters: false }).sampleRelative(study, second, space);
    expect(withLieFresh).not.toEqual(withoutLie);
    const cube = new UnitCube(space);
    const a = cube.encode(first.params)!;
    const b = cube.encode(withLieFresh)!;
    expect(Math.hypot(...a.map((v, i) => v - b[i]!))).toBeGreaterThan(1e-3);
  });

  it('returns {} for an empty space and samples independent parameters with a seeded stream', async () => {
    const study = new TinyStudy();
    const sampler = new GaussianProcessSampler({ seed: 1 });
    const trial = makeTrial(0, 'running', {}, {}, null);
    expect(await sampler.sampleRelative(study, trial, {})).toEqual({});
    for (const [name, distribution] of Object.entries(space)) {
      const value = await sampler.sampleIndependent(study, trial, name, distribution);
      expect(await sampler.sampleIndependent(study, trial, name, distribution)).toEqual(value);
      inSpace({ ...{ lr: 1e-3, units: 16, act: 'relu', x: 0 }, [name]: value });
    }
  });

  it('rejects bad options with the rule and the value', () => {
    expect(() => new GaussianProcessSampler({ nStartupTrials: 0 })).toThrow('options.nStartupTrials must be an integer >= 1, got 0');
    expect(() => new GaussianProcessSampler({ seed: 1.5 })).toThrow(/options.seed must be an integer, got 1.5/);
    for (const [field, value, min] of [['candidates', 0, 1], ['fitStarts', 0, 1], ['refine', -1, 0], ['exploitEvery', 0.5, 0], ['nStartupTrials', 1.5, 1]] as const) {
      expect(() => new GaussianProcessSampler({ [field]: value })).toThrow(new RangeError(`GaussianProcessSampler: options.${field} must be an integer >= ${min}, got ${value}`));
    }
    // The error lists every warping the option takes.
    expect(() => new GaussianProcessSampler({ outputWarping: 'sqrt' as never })).toThrow(new RangeError('GaussianProcessSampler: options.outputWarping must be \'log\', \'none\' or \'auto\', got "sqrt"'));
    for (const field of ['constantLiar', 'reuseHyperparameters'] as const) {
      expect(() => new GaussianProcessSampler({ [field]: 'no' as never })).toThrow(new TypeError(`GaussianProcessSampler: options.${field} must be a boolean, got "no"`));
    }
    expect(() => new GaussianProcessSampler({ refine: 0, exploitEvery: 0, restarts: 0, fitStarts: 1, candidates: 1, outputWarping: 'none', constantLiar: false, reuseHyperparameters: false })).not.toThrow();
  });
});
