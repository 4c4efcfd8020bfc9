// ParEGOSampler through real studies: on ZDT1 (3 variables) at a small budget it finds a far
// larger hypervolume than random search; with constraints, its proposals and its best trials
// are feasible; a fresh sampler per ask gives the same study.
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../../../src/tune/multi-objective/hypervolume.ts';
import { ParEGOSampler } from '../../../../src/tune/samplers/mo-bayes/index.ts';
import { RandomSampler } from '../../../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../../../src/tune/storage/memory-storage.ts';
import { createStudy, type Study } from '../../../../src/tune/study.ts';
import type { Trial } from '../../../../src/tune/trial.ts';
import type { FrozenTrial, Sampler } from '../../../../src/tune/types.ts';
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
