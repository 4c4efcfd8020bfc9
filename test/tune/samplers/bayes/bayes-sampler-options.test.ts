// GaussianProcessSampler's options and history handling on small in-process studies (one or
// two floats, few candidates): the default start-up length min(10, 2d + 1), which trials count
// toward it, the seed, the defaults of every option, the exploitation schedule, the warping
// choice, the constant liar switch, warm starts and historyOnly views, and sampleIndependent.
import { describe, expect, it } from 'vitest';
import { GaussianProcessSampler, type GaussianProcessSamplerOptions } from '../../../../src/tune/samplers/bayes/bayes-sampler.ts';
import type { Distribution, FrozenTrial, ParamValue, StudyView, TrialState } from '../../../../src/tune/types.ts';

class ListStudy implements StudyView {
  readonly direction = 'minimize' as const;
  readonly trials: FrozenTrial[] = [];
  constructor(
    readonly seed = 7,
    readonly historyOnly?: boolean,
  ) {}
  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t));
  }
  add(params: Record<string, ParamValue>, value: number | null, state: TrialState = 'complete', space: Record<string, Distribution> = line): FrozenTrial {
    const trial: FrozenTrial = { number: this.trials.length, state, params, distributions: { ...space }, value, values: value === null ? null : [value], intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
    this.trials.push(trial);
    return trial;
  }
}

const line: Record<string, Distribution> = { x: { type: 'float', low: 0, high: 1, log: false } };
const fast: GaussianProcessSamplerOptions = { candidates: 40, fitStarts: 2, refine: 1, reuseHyperparameters: false };
const bowl = (x: number): number => (x - 0.37) ** 2;

/** The proposal of a fresh sampler for the next trial of `study`. */
async function ask(study: ListStudy, options: GaussianProcessSamplerOptions, space: Record<string, Distribution> = line, number = study.trials.length): Promise<Record<string, ParamValue>> {
  const trial = { ...study.add({}, null, 'running', {}), number };
  study.trials.pop();
  return new GaussianProcessSampler(options).sampleRelative(study, trial, space);
}

/** Where the Sobol design puts trial `number` (a sampler that never leaves its start-up). */
async function sobolPoint(number: number, seed: number, space: Record<string, Distribution> = line): Promise<Record<string, ParamValue>> {
  const trial: FrozenTrial = { number, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {}, seed: 0, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
  return new GaussianProcessSampler({ seed, nStartupTrials: 1000 }).sampleRelative(new ListStudy(seed), trial, space);
}

describe('GaussianProcessSampler start-up', () => {
  it('leaves the Sobol design after min(10, 2d + 1) usable observations', async () => {
    // d = 1: three.
    const study = new ListStudy();
    for (const x of [0.1, 0.9]) study.add({ x }, bowl(x));
    expect(await ask(study, fast)).toEqual(await sobolPoint(2, 7));
    study.add({ x: 0.5 }, bowl(0.5));
    expect(await ask(study, fast)).not.toEqual(await sobolPoint(3, 7));
    // d = 6: ten, not thirteen.
    const six: Record<string, Distribution> = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, line.x!]));
    const wide = new ListStudy();
    for (let i = 0; i < 9; i++) wide.add(Object.fromEntries(Object.keys(six).map((k, j) => [k, ((i * 7 + j * 3) % 10) / 10])), i, 'complete', six);
    expect(await ask(wide, fast, six)).toEqual(await sobolPoint(9, 7, six));
    wide.add(Object.fromEntries(Object.keys(six).map((k) => [k, 0.55])), 3, 'complete', six);
    expect(await ask(wide, fast, six)).not.toEqual(await sobolPoint(10, 7, six));
  });

  it('counts neither missing nor non-finite values, nor trials outside the space', async () => {
    const study = new ListStudy();
    for (const x of [0.1, 0.9]) study.add({ x }, bowl(x));
    study.add({ x: 0.5 }, Number.NaN);
    study.add({ x: 0.6 }, Number.POSITIVE_INFINITY);
    study.add({ x: 0.7 }, null, 'pruned');
    study.add({ x: 'far' }, 1);
    study.add({ x: 0.3 }, null, 'running');
    expect(await ask(study, fast)).toEqual(await sobolPoint(7, 7));
    // A pruned trial with a value counts, with or without the constant liar.
    study.add({ x: 0.4 }, 0.2, 'pruned');
    expect(await ask(study, fast)).not.toEqual(await sobolPoint(8, 7));
    expect(await ask(study, { ...fast, constantLiar: false })).not.toEqual(await sobolPoint(8, 7));
  });

  it("takes the study's seed unless given one", async () => {
    const study = new ListStudy(11);
    expect(await ask(study, {})).toEqual(await sobolPoint(0, 11));
    expect(await ask(study, { seed: 3 })).toEqual(await sobolPoint(0, 3));
    expect(await sobolPoint(0, 3)).not.toEqual(await sobolPoint(0, 11));
  });
});

describe('GaussianProcessSampler proposals', () => {
  const history = (count: number, study = new ListStudy()): ListStudy => {
    for (let i = 0; i < count; i++) {
      const x = ((i * 0.618) % 1) * 0.9 + 0.05;
      study.add({ x }, bowl(x));
    }
    return study;
  };

  it('takes every default that it documents', async () => {
    const defaults: GaussianProcessSamplerOptions = { candidates: 1000, fitStarts: 5, refine: 5, constantLiar: true, reuseHyperparameters: true, outputWarping: 'auto', exploitEvery: 2, restarts: 2 };
    for (const count of [6, 7]) {
      const s = history(count);
      expect(await ask(s, {})).toEqual(await ask(s, defaults));
    }
  });

  it('minimises the lower bound on every exploitEvery-th proposal after the start-up, EI otherwise', async () => {
    // nStartupTrials 4: with n observations, proposal n − 4 (from 0) exploits when (n − 4) mod k = k − 1.
    for (const count of [5, 6, 7, 8]) {
      const study = history(count);
      const base = { ...fast, nStartupTrials: 4, seed: 2 };
      const ei = await ask(study, { ...base, exploitEvery: 0 });
      const lower = await ask(study, { ...base, exploitEvery: 1 });
      expect(ei).not.toEqual(lower);
      expect(await ask(study, { ...base, exploitEvery: 2 })).toEqual((count - 4) % 2 === 1 ? lower : ei);
      expect(await ask(study, { ...base, exploitEvery: 3 })).toEqual((count - 4) % 3 === 2 ? lower : ei);
    }
  });

  it("'auto' keeps the warping with the larger evidence: log for a steep valley, none for a gentle cubic", async () => {
    const steep = new ListStudy();
    const gentle = new ListStudy();
    for (const x of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      steep.add({ x }, Math.exp(10 * Math.abs(x - 0.6)));
      gentle.add({ x }, -((x - 0.3) ** 2) * (x - 1.2));
    }
    // 'auto' fits both, so its later draws differ a little from a single warping's: compare to 1e-5.
    const base = { ...fast, seed: 4, exploitEvery: 0 };
    const near = (a: Record<string, ParamValue>, b: Record<string, ParamValue>): boolean => Math.abs((a.x as number) - (b.x as number)) < 1e-5;
    const [steepLog, steepNone, steepAuto] = await Promise.all((['log', 'none', 'auto'] as const).map((w) => ask(steep, { ...base, outputWarping: w })));
    expect(near(steepAuto!, steepLog!)).toBe(true);
    expect(near(steepAuto!, steepNone!)).toBe(false);
    // Evidence is compared as a density of the raw values (the Jacobian counted), so the choice does
    // not depend on their units: the same valley a million times smaller still wants 'log'.
    const small = new ListStudy();
    for (const t of steep.trials) small.add(t.params, t.value! * 1e-6);
    expect(near(await ask(small, { ...base, outputWarping: 'auto' }), steepLog!)).toBe(true);
    const [gentleLog, gentleNone, gentleAuto] = await Promise.all((['log', 'none', 'auto'] as const).map((w) => ask(gentle, { ...base, outputWarping: w })));
    expect(near(gentleAuto!, gentleNone!)).toBe(true);
    expect(near(gentleAuto!, gentleLog!)).toBe(false);
  });

  it('with constantLiar off ignores running trials, with it on takes them in', async () => {
    const study = history(6);
    // The same trial number throughout: it seeds the proposal's stream.
    const without = await ask(study, { ...fast, seed: 1, exploitEvery: 0 }, line, 20);
    study.add({ x: without.x as number }, null, 'running');
    expect(await ask(study, { ...fast, seed: 1, exploitEvery: 0, constantLiar: false }, line, 20)).toEqual(without);
    expect(await ask(study, { ...fast, seed: 1, exploitEvery: 0 }, line, 20)).not.toEqual(without);
  });

  it('warm-starts the next fit from the last one, except on a historyOnly view', async () => {
    // Asked twice on one history, a reusing sampler's second fit starts from its first.
    const again = async (study: ListStudy, options: GaussianProcessSamplerOptions): Promise<[unknown, unknown]> => {
      const sampler = new GaussianProcessSampler(options);
      const trial = { ...study.add({}, null, 'running', {}) };
      study.trials.pop();
      return [await sampler.sampleRelative(study, trial, line), await sampler.sampleRelative(study, trial, line)];
    };
    const options = { candidates: 40, fitStarts: 1, refine: 1, seed: 5, exploitEvery: 0, outputWarping: 'none' as const };
    let changed = 0;
    for (const count of [5, 6, 7, 8, 9, 10]) {
      const [first, second] = await again(history(count), options);
      if (JSON.stringify(first) !== JSON.stringify(second)) changed++;
      // historyOnly: the history alone decides, so both asks agree with a fresh sampler.
      const [a, b] = await again(history(count, new ListStudy(7, true)), options);
      expect(b).toEqual(a);
      // reuseHyperparameters off: no state either.
      const [c, e] = await again(history(count), { ...options, reuseHyperparameters: false });
      expect(e).toEqual(c);
    }
    expect(changed).toBeGreaterThan(0);
  });
});

describe('GaussianProcessSampler with constraints recorded', () => {
  it('proposes by the feasibility-weighted EI alone: no exploitation steps', async () => {
    const study = new ListStudy();
    for (const x of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) study.add({ x }, bowl(x)).systemAttrs = { constraints: [0.6 - x] };
    const base = { ...fast, seed: 3 };
    const ei = await ask(study, { ...base, exploitEvery: 0 });
    expect(await ask(study, { ...base, exploitEvery: 1 })).toEqual(ei);
    // The feasible side is x ≥ 0.6, away from the bowl's bottom at 0.37.
    expect(ei.x as number).toBeGreaterThan(0.5);
  });
});

describe('GaussianProcessSampler identity and search space', () => {
  it('is named, and intersects the spaces of complete and pruned trials', async () => {
    const sampler = new GaussianProcessSampler();
    expect(sampler.name).toBe('GaussianProcessSampler');
    const study = new ListStudy();
    const plane: Record<string, Distribution> = { x: line.x!, y: line.x! };
    study.add({ x: 0.1, y: 0.2 }, 1, 'complete', plane);
    study.add({ x: 0.3 }, 2, 'pruned', line);
    study.add({ x: 0.3, y: 0.1, z: 0 }, null, 'running', { ...plane, z: line.x! });
    expect(await sampler.inferRelativeSearchSpace(study, study.trials[2]!)).toEqual(line);
  });
});

describe('GaussianProcessSampler.sampleIndependent', () => {
  it('draws from a stream of the seed, the trial number and the name', async () => {
    const study = new ListStudy(3);
    const sampler = new GaussianProcessSampler();
    const trial = (number: number): FrozenTrial => ({ ...study.add({}, null, 'running', {}), number });
    const draw = (s: GaussianProcessSampler, n: number, name: string): Promise<ParamValue> => s.sampleIndependent(study, trial(n), name, line.x!);
    const values = new Set<ParamValue>();
    for (const n of [0, 1, 2]) for (const name of ['x', 'y']) values.add(await draw(sampler, n, name));
    values.add(await draw(new GaussianProcessSampler({ seed: 4 }), 0, 'x'));
    expect(values.size).toBe(7);
    for (const v of values) expect((v as number) >= 0 && (v as number) <= 1).toBe(true);
    expect(await draw(new GaussianProcessSampler({ seed: 3 }), 1, 'y')).toBe(await draw(sampler, 1, 'y'));
  });
});
