// ParEGOSampler through real studies: on ZDT1 (3 variables) at a small budget it finds a far
// larger hypervolume than random search; with constraints, its proposals and its best trials
// are feasible; a fresh sampler per ask gives the same study.
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../../../src/tune/multi-objective/hypervolume.ts';
import { ParEGOSampler } from '../../../../src/tune/samplers/mo-bayes/index.ts';
import { scalarizedView } from '../../../../src/tune/samplers/mo-bayes/par-ego-sampler.ts';
import { RandomSampler } from '../../../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../../../src/tune/storage/memory-storage.ts';
import { createStudy, type Study } from '../../../../src/tune/study.ts';
import type { Trial } from '../../../../src/tune/trial.ts';
import type { FrozenTrial, Sampler, StudyView, TrialState } from '../../../../src/tune/types.ts';
import { twoObjectiveTable } from '../two-objective-table.ts';

const VARIABLES = 3;

async function zdt1(trial: Trial): Promise<[number, number]> {
  const x: number[] = [];
  for (let j = 0; j < VARIABLES; j++) x.push(await trial.suggestFloat(`x${j}`, 0, 1));
  const g = 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / (VARIABLES - 1);
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}

async function run(makeSampler: () => Sampler, nTrials: number, options: { fresh?: boolean; reproducible?: boolean; constraints?: (t: FrozenTrial) => number[] } = {}): Promise<{ trials: FrozenTrial[]; best: FrozenTrial[] }> {
  const storage = new MemoryStorage();
  const open = (sampler: Sampler): Promise<Study> =>
    createStudy({ storage, name: 'parego', loadIfExists: true, directions: ['minimize', 'minimize'], seed: 2, sampler, reproducible: options.reproducible ?? false, ...(options.constraints === undefined ? {} : { constraints: options.constraints }) });
  let study = await open(makeSampler());
  for (let i = 0; i < nTrials; i++) {
    if (options.fresh === true) study = await open(makeSampler());
    const trial = await study.ask();
    await study.tell(trial, await zdt1(trial));
  }
  return { trials: await study.getTrials(), best: await study.bestTrials() };
}

const volume = (trials: FrozenTrial[]): number => hypervolume(trials.map((t) => t.values!), [1.1, 1.1]);

describe('ParEGOSampler', () => {
  it('beats random search on ZDT1 at 24 evaluations', async () => {
    const parego = volume((await run(() => new ParEGOSampler({ candidates: 500, refine: 3 }), 24)).trials);
    const random = volume((await run(() => new RandomSampler({ seed: 2 }), 24)).trials);
    expect(parego).toBeGreaterThan(0.6);
    expect(parego).toBeGreaterThan(random + 0.2);
  });

  it('with constraints (x0 ≥ 0.8), proposes feasible points and ends with feasible best trials', async () => {
    const constraints = (t: FrozenTrial): number[] => [0.8 - (t.params.x0 as number)];
    const { trials, best } = await run(() => new ParEGOSampler({ candidates: 500, refine: 3 }), 20, { constraints });
    const proposed = trials.slice(7);
    expect(proposed.filter((t) => constraints(t)[0]! <= 0).length).toBeGreaterThanOrEqual(0.7 * proposed.length);
    expect(best.length).toBeGreaterThan(0);
    for (const t of best) expect(constraints(t)[0]).toBeLessThanOrEqual(0);
  });

  it('keeps nothing between asks in a reproducible study: a fresh sampler per ask gives the same study', async () => {
    const make = (): Sampler => new ParEGOSampler({ candidates: 200, refine: 2 });
    const kept = await run(make, 12, { reproducible: true });
    const again = await run(make, 12, { reproducible: true, fresh: true });
    expect(again.trials.map((t) => t.params)).toEqual(kept.trials.map((t) => t.params));
  });

  it('gives one table at parallelism 1 and 3 under random delays in a reproducible study', async () => {
    const table = (parallelism: number, delaySeed: number) => twoObjectiveTable(() => new ParEGOSampler({ nStartupTrials: 4, candidates: 200, refine: 2 }), parallelism, delaySeed);
    const one = await table(1, 1);
    expect(await table(3, 2)).toEqual(one);
  }, 30_000);

  it('names the option and the value it got', () => {
    expect(() => new ParEGOSampler({ rho: -1 })).toThrow('ParEGOSampler: options.rho must be a finite number >= 0, got -1');
    expect(() => new ParEGOSampler({ rho: Number.NaN })).toThrow(new RangeError('ParEGOSampler: options.rho must be a finite number >= 0, got NaN'));
    expect(() => new ParEGOSampler({ seed: 2.5 })).toThrow(new RangeError('ParEGOSampler: options.seed must be an integer, got 2.5'));
    expect(() => new ParEGOSampler({ seed: 2, rho: 0 })).not.toThrow();
  });
});

function frozen(number: number, values: number[] | null, state: TrialState = 'complete', constraints?: number[]): FrozenTrial {
  return {
    number, state, params: { x: number / 10 }, distributions: { x: { type: 'float', low: 0, high: 1, log: false } }, value: values?.[0] ?? null, values,
    intermediate: {}, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: constraints === undefined ? {} : { constraints },
  };
}

function view(trials: FrozenTrial[], historyOnly?: boolean): StudyView {
  return { direction: 'minimize', directions: ['minimize', 'maximize'], seed: 5, ...(historyOnly === undefined ? {} : { historyOnly }), getTrials: async () => trials };
}

describe('ParEGO scalarizedView', () => {
  const rho = 0.05;
  // Minimised vectors (the second objective is maximised, so its value is negated): A (0, 1), B (1, 0) and
  // C (0.5, 0.5) form the feasible front, D (2, 3) is dominated, E (−5, −5) dominates all but is infeasible.
  const trials = [
    frozen(0, [0, -1]),
    frozen(1, [1, 0]),
    frozen(2, [0.5, -0.5]),
    frozen(3, [2, -3]),
    frozen(4, [-5, 5], 'complete', [1]),
    frozen(5, [Number.NaN, 0]),
    frozen(6, [0.5]),
    frozen(7, null, 'running'),
    frozen(8, [0.2, 0.1], 'pruned'),
  ];

  it('gives each complete trial f_λ of its values scaled by the feasible front, one objective to minimise', async () => {
    const v = await scalarizedView(view(trials), frozen(9, null, 'running'), 3, rho);
    expect([v.direction, v.directions, v.seed, 'historyOnly' in v]).toEqual(['minimize', ['minimize'], 5, false]);
    const seen = await v.getTrials();
    const f = seen.map((t) => t.value);
    expect(seen.map((t) => t.values)).toEqual(f.map((x) => (x === null ? null : [x])));
    // On the front, low = (0, 0) and span = (1, 1): f(A) = λ2 (1 + ρ), f(B) = λ1 (1 + ρ).
    const [l1, l2] = [f[1]! / (1 + rho), f[0]! / (1 + rho)];
    expect(l1 + l2).toBeCloseTo(1, 12);
    expect(l1 * l2).toBeGreaterThan(0);
    expect(f[2]).toBeCloseTo(0.5 * Math.max(l1, l2) + rho * 0.5, 12);
    expect(f[3]).toBeCloseTo(Math.max(2 * l1, 3 * l2) + rho * (2 * l1 + 3 * l2), 12);
    expect(f[4]).toBeCloseTo(-5 * Math.min(l1, l2) - 5 * rho, 12);
    // Not complete, or without one finite value per objective: nothing to model.
    expect(f.slice(5)).toEqual([null, null, null, null]);
    expect(seen.map((t) => [t.number, t.state, t.params])).toEqual(trials.map((t) => [t.number, t.state, t.params]));
    // Other weights for another ask or seed.
    const other = await (await scalarizedView(view(trials), frozen(10, null, 'running'), 3, rho)).getTrials();
    expect(other[0]!.value).not.toBe(f[0]);
  });

  it('scales by the front of all trials when none is feasible', async () => {
    // λ of trial 9 under seed 3, read off a two-point front with ρ = 0: f(A) = λ2, f(B) = λ1.
    const [b, a] = (await (await scalarizedView(view([frozen(0, [1, 0]), frozen(1, [0, -1])]), frozen(9, null, 'running'), 3, 0)).getTrials()).map((t) => t.value!);
    const infeasible = [frozen(0, [0, -1], 'complete', [1]), frozen(1, [2, -4], 'complete', [1]), frozen(2, [4, -2], 'complete', [2])];
    const f = (await (await scalarizedView(view(infeasible), frozen(9, null, 'running'), 3, 0)).getTrials()).map((t) => t.value!);
    // Minimised (0, 1) dominates (2, 4) and (4, 2): it alone is the front, low = (0, 1), a zero span counts as 1.
    expect(f[0]).toBe(0);
    expect(f[1]).toBeCloseTo(Math.max(2 * b!, 3 * a!), 12);
    expect(f[2]).toBeCloseTo(Math.max(4 * b!, 1 * a!), 12);
  });

  it('passes historyOnly through and filters states, each call a copy', async () => {
    const v = await scalarizedView(view(trials, true), frozen(9, null, 'running'), undefined, rho);
    expect(v.historyOnly).toBe(true);
    expect((await v.getTrials(['running', 'pruned'])).map((t) => t.number)).toEqual([7, 8]);
    const first = await v.getTrials(['complete']);
    expect(first.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    first[0]!.params.x = 99;
    expect((await v.getTrials(['complete']))[0]!.params.x).toBe(0);
    expect((await v.getTrials()).length).toBe(9);
  });

  it('is named for the study record', () => {
    expect(new ParEGOSampler().name).toBe('ParEGOSampler');
  });
});
