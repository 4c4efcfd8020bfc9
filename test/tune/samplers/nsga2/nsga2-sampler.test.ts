// NSGAIISampler through real studies (createStudy with two directions, memory storage): the first
// generation is random search, later children are made of their parents' values, one seed gives
// one study whether the sampler is kept or made afresh for every ask, and constraints steer the
// population into the feasible region.
import { describe, expect, it } from 'vitest';
import { NSGAIISampler } from '../../../../src/tune/samplers/nsga2/index.ts';
import { RandomSampler } from '../../../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../../../src/tune/storage/memory-storage.ts';
import { createStudy, type Study } from '../../../../src/tune/study.ts';
import type { Trial } from '../../../../src/tune/trial.ts';
import type { Distribution, FrozenTrial, ParamValue, Sampler, StudyView, TrialState } from '../../../../src/tune/types.ts';
import { twoObjectiveTable } from '../two-objective-table.ts';

async function twoObjectives(trial: Trial): Promise<[number, number]> {
  const x = await trial.suggestFloat('x', 0, 1);
  const y = await trial.suggestFloat('y', 0, 1);
  const k = await trial.suggestCategorical('k', ['a', 'b', 'c']);
  const g = 1 + y + (k === 'a' ? 0 : 0.5);
  return [x, g * (1 - Math.sqrt(x / g))];
}

async function run(makeSampler: () => Sampler, nTrials: number, options: { fresh?: boolean; constraints?: (t: FrozenTrial) => number[] } = {}): Promise<FrozenTrial[]> {
  const storage = new MemoryStorage();
  const open = (sampler: Sampler): Promise<Study> =>
    createStudy({ storage, name: 'nsga2', loadIfExists: true, directions: ['minimize', 'minimize'], seed: 4, sampler, ...(options.constraints === undefined ? {} : { constraints: options.constraints }) });
  let study = await open(makeSampler());
  for (let i = 0; i < nTrials; i++) {
    // A new sampler object for every ask: what a resumed or multi-process study gives it.
    if (options.fresh === true) study = await open(makeSampler());
    const trial = await study.ask();
    await study.tell(trial, await twoObjectives(trial));
  }
  return study.getTrials();
}

describe('NSGAIISampler', () => {
  it('draws the first generation as random search does', async () => {
    const nsga = await run(() => new NSGAIISampler({ seed: 1, populationSize: 6 }), 6);
    const random = await run(() => new RandomSampler({ seed: 1 }), 6);
    expect(nsga.map((t) => t.params)).toEqual(random.map((t) => t.params));
  });

  it('without mutation, every child value comes from a parent of an earlier generation', async () => {
    const trials = await run(() => new NSGAIISampler({ seed: 2, populationSize: 5, mutationProb: 0 }), 20);
    for (const t of trials.slice(5)) {
      const earlier = trials.filter((e) => Math.floor(e.number / 5) < Math.floor(t.number / 5));
      for (const name of ['x', 'y', 'k']) expect(earlier.map((e) => e.params[name])).toContain(t.params[name]);
    }
    // And crossover mixes them: some child is no copy of one parent.
    expect(trials.slice(5).some((t) => !trials.slice(0, t.number).some((e) => e.params.x === t.params.x && e.params.y === t.params.y && e.params.k === t.params.k))).toBe(true);
  });

  it('keeps nothing between asks: a fresh sampler per ask gives the same study', async () => {
    const make = (): Sampler => new NSGAIISampler({ seed: 3, populationSize: 4, crossover: 'sbx' });
    const kept = await run(make, 16);
    const fresh = await run(make, 16, { fresh: true });
    expect(fresh.map((t) => [t.params, t.values])).toEqual(kept.map((t) => [t.params, t.values]));
  });

  it('moves the population into the feasible region (x ≥ 0.8, a fifth of the space)', async () => {
    const constraints = (t: FrozenTrial): number[] => [0.8 - (t.params.x as number)];
    const feasible = (list: FrozenTrial[]): number => list.filter((t) => (t.params.x as number) >= 0.8).length;
    const nsga = await run(() => new NSGAIISampler({ seed: 5, populationSize: 10 }), 60, { constraints });
    const random = await run(() => new RandomSampler({ seed: 5 }), 60, { constraints });
    // The last three generations: random keeps about a fifth feasible, NSGA-II most.
    expect(feasible(nsga.slice(30))).toBeGreaterThanOrEqual(20);
    expect(feasible(random.slice(30))).toBeLessThan(12);
  });

  it('gives one table at parallelism 1 and 3 under random delays in a reproducible study', async () => {
    const table = (parallelism: number, delaySeed: number) => twoObjectiveTable(() => new NSGAIISampler({ populationSize: 4 }), parallelism, delaySeed);
    const one = await table(1, 1);
    expect(await table(3, 2)).toEqual(one);
  }, 30_000);

  it('names the option and the value it got', () => {
    expect(() => new NSGAIISampler({ populationSize: 1 })).toThrow('NSGAIISampler: options.populationSize must be an integer >= 2, got 1');
    expect(() => new NSGAIISampler({ mutationProb: 1.5 })).toThrow('NSGAIISampler: options.mutationProb must be a number in [0, 1], got 1.5');
    expect(() => new NSGAIISampler({ crossover: 'blx' as 'sbx' })).toThrow("NSGAIISampler: options.crossover must be 'uniform' or 'sbx', got \"blx\"");
    expect(() => new NSGAIISampler({ seed: 0.5 })).toThrow(new RangeError('NSGAIISampler: options.seed must be a safe integer, got 0.5'));
    expect(() => new NSGAIISampler({ populationSize: 2.5 })).toThrow('NSGAIISampler: options.populationSize must be an integer >= 2, got 2.5');
    expect(() => new NSGAIISampler({ crossoverProb: -0.1 })).toThrow(new RangeError('NSGAIISampler: options.crossoverProb must be a number in [0, 1], got -0.1'));
    expect(() => new NSGAIISampler({ mutationProb: '0.5' as never })).toThrow('NSGAIISampler: options.mutationProb must be a number in [0, 1], got "0.5"');
    expect(() => new NSGAIISampler({ sbxEta: -1 })).toThrow(new RangeError('NSGAIISampler: options.sbxEta must be a finite number >= 0, got -1'));
    expect(() => new NSGAIISampler({ sbxEta: Number.POSITIVE_INFINITY })).toThrow('NSGAIISampler: options.sbxEta must be a finite number >= 0, got Infinity');
    // The bounds themselves are allowed.
    for (const options of [{ seed: 3, populationSize: 2, mutationProb: 0, crossoverProb: 1, crossover: 'sbx' as const, sbxEta: 0 }, { mutationProb: 1, crossoverProb: 0 }]) {
      expect(new NSGAIISampler(options).populationSize).toBe(options.populationSize ?? 50);
    }
  });
});

const X: Distribution = { type: 'float', low: 0, high: 1, log: false };

function frozen(number: number, params: Record<string, ParamValue>, values: number[] | null, state: TrialState = 'complete'): FrozenTrial {
  const distributions = Object.fromEntries(Object.keys(params).map((name) => [name, X]));
  return { number, state, params, distributions, value: values?.[0] ?? null, values, intermediate: {}, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
}

function view(trials: FrozenTrial[]): StudyView {
  return { direction: 'minimize', directions: ['minimize', 'minimize'], seed: 1, getTrials: async (states) => trials.filter((t) => states === undefined || states.includes(t.state)) };
}

describe('NSGAIISampler parents', () => {
  const space = { x: X, y: X };
  // Generation 0 of size 3: only trial 2 is a usable parent (trial 0 has a value that is not finite, trial 1 lacks y).
  const history = [frozen(0, { x: 0.1, y: 0.1 }, [Number.NaN, 0]), frozen(1, { x: 0.2 }, [0, 0]), frozen(2, { x: 0.3, y: 0.7 }, [1, 1]), frozen(3, { x: 0.9, y: 0.9 }, [2], 'complete')];
  const proposals = async (options: ConstructorParameters<typeof NSGAIISampler>[0], trials = history, s: Record<string, Distribution> = space) => {
    const sampler = new NSGAIISampler({ populationSize: 3, ...options });
    const out = [];
    for (let n = 3; n < 15; n++) out.push(await sampler.sampleRelative(view(trials), frozen(n, {}, null, 'running'), s));
    return out;
  };

  it('takes parents only from complete trials with one finite value per objective that hold the whole space', async () => {
    for (const p of await proposals({ seed: 1, mutationProb: 0 })) expect(p).toEqual({ x: 0.3, y: 0.7 });
    expect(new NSGAIISampler().name).toBe('NSGAIISampler');
  });

  it('proposes nothing when no parent is usable, and mutates the single parameter of a one-parameter space by default', async () => {
    for (const p of await proposals({ seed: 2 }, history.filter((t) => t.number !== 2))) expect(p).toEqual({});
    for (const p of await proposals({ seed: 2 }, history, { x: X })) expect(p).toEqual({});
    for (const p of await proposals({ seed: 2, mutationProb: 1 })) expect(p).toEqual({});
  });

  it('copies a parent without crossover and mixes two with it', async () => {
    const two = [frozen(0, { x: 0.1, y: 0.2 }, [0, 1]), frozen(1, { x: 0.8, y: 0.9 }, [1, 0]), frozen(2, { x: 0.5 }, [0, 0])];
    const parents = [JSON.stringify({ x: 0.1, y: 0.2 }), JSON.stringify({ x: 0.8, y: 0.9 })];
    for (const p of await proposals({ seed: 3, mutationProb: 0, crossoverProb: 0 }, two)) expect(parents).toContain(JSON.stringify(p));
    const crossed = await proposals({ seed: 3, mutationProb: 0, crossoverProb: 1 }, two);
    expect(crossed.some((p) => !parents.includes(JSON.stringify(p)))).toBe(true);
  });
});

