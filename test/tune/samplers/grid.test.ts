// GridSampler: every point exactly once, in parallel too; size up front; optimize ends on its own.
import { describe, expect, it } from 'vitest';
import { GridSampler } from '../../../src/tune/samplers/grid.ts';
import { SearchSpaceExhaustedError } from '../../../src/tune/trial-errors.ts';
import { createStudy } from '../../../src/tune/study.ts';

const space = { lr: [0.1, 0.01, 0.001], units: [16, 32], activation: ['relu', 'tanh'] };

describe('GridSampler', () => {
  it('reports its size and orders points deterministically (names sorted, last fastest)', () => {
    const grid = new GridSampler(space);
    expect(grid.size).toBe(12);
    expect(grid.names).toEqual(['activation', 'lr', 'units']);
    expect(grid.pointAt(0)).toEqual({ activation: 'relu', lr: 0.1, units: 16 });
    expect(grid.pointAt(1)).toEqual({ activation: 'relu', lr: 0.1, units: 32 });
    expect(grid.pointAt(11)).toEqual({ activation: 'tanh', lr: 0.001, units: 32 });
    expect(() => new GridSampler({})).toThrow('GridSampler: space must name at least one parameter, got {}');
    expect(() => new GridSampler({ a: [] })).toThrow('GridSampler: space.a must be a non-empty array of values, got Array(0)');
  });

  it('covers every point exactly once with parallelism 2, then optimize ends', async () => {
    const sampler = new GridSampler(space);
    const study = await createStudy({ sampler });
    await study.optimize(
      async (trial) => {
        const lr = await trial.suggestCategorical('lr', [0.1, 0.01, 0.001]);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const units = await trial.suggestInt('units', 16, 32, { step: 16 });
        const activation = await trial.suggestCategorical('activation', ['relu', 'tanh']);
        return lr * units + (activation === 'relu' ? 0 : 1);
      },
      { parallelism: 2 },
    );
    const trials = await study.trials();
    expect(trials).toHaveLength(12);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    const points = trials.map((t) => JSON.stringify(sampler.pointAt(t.systemAttrs['gridIndex'] as number)));
    expect(new Set(points).size).toBe(12);
    for (const t of trials) expect(t.params).toEqual(sampler.pointAt(t.systemAttrs['gridIndex'] as number));
    expect(trials.map((t) => t.systemAttrs['gridIndex']).sort((a, b) => (a as number) - (b as number))).toEqual([...Array(12).keys()]);
    await expect(study.ask()).rejects.toThrow(SearchSpaceExhaustedError);
  });

  it('errors when the objective suggests a name or value outside the grid', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1, 5] }) });
    const t = await study.ask();
    await expect(t.suggestFloat('y', 0, 1)).rejects.toThrow('GridSampler: parameter name must be one of the grid\'s (x), got "y" in trial 0');
    await expect(t.suggestInt('x', 2, 4)).rejects.toThrow('grid value of "x" must lie in the suggested int(low=2, high=4), got 1');
  });

  it('offers its grid as categoricals to a trial holding a point, and nothing or an error to one without', async () => {
    const sampler = new GridSampler({ x: [1, 5], c: ['a'] });
    const study = await createStudy({ sampler });
    const held = await study.ask();
    const frozen = await study.storage.getTrial(study.id, held.number);
    expect(await sampler.inferRelativeSearchSpace(study, frozen)).toEqual({ c: { type: 'categorical', choices: ['a'] }, x: { type: 'categorical', choices: [1, 5] } });
    expect(await sampler.sampleRelative(study, frozen)).toEqual({ c: 'a', x: 1 });
    const bare = { ...frozen, number: 7, systemAttrs: {} };
    expect([await sampler.inferRelativeSearchSpace(study, bare), await sampler.sampleRelative(study, bare)]).toEqual([{}, {}]);
    await expect(sampler.sampleIndependent(study, bare, 'x', { type: 'int', low: 1, high: 5, log: false, step: 1 })).rejects.toThrow(
      new RangeError('GridSampler: trial 7 must hold a grid point, got none (all 2 points are taken)'),
    );
    // A trial that already holds a point keeps it.
    expect(await sampler.beforeTrial(study, frozen)).toEqual({});
  });

  it('takes the grid point of an enqueued trial that names one', async () => {
    const sampler = new GridSampler({ x: [1, 2, 3] });
    const study = await createStudy({ sampler });
    await study.enqueueTrial({ x: 3 });
    await study.optimize(async (t) => t.suggestInt('x', 1, 3));
    const trials = await study.trials();
    expect(trials.map((t) => [t.params['x'], t.systemAttrs['gridIndex']])).toEqual([
      [3, 2],
      [1, 0],
      [2, 1],
    ]);
  });

  it('is named for the study record, refuses a name outside the grid directly, and gives no point once all are taken', async () => {
    const sampler = new GridSampler({ x: [1] });
    expect(sampler.name).toBe('GridSampler');
    const study = await createStudy({ sampler });
    const t = await study.ask();
    const frozen = await study.storage.getTrial(study.id, t.number);
    await expect(sampler.sampleIndependent(study, frozen, 'y', { type: 'float', low: 0, high: 1, log: false })).rejects.toThrow(
      new RangeError('GridSampler: parameter name must be one of the grid\'s (x), got "y" in trial 0'),
    );
    expect(await sampler.beforeTrial(study, { ...frozen, number: 1, systemAttrs: {} })).toStrictEqual({});
  });
});
