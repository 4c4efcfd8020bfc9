// compareTuners on a cheap synthetic problem: a 2-D quadratic whose "training" reports a fake
// learning curve per epoch (loss decaying towards the quadratic's value), with random, grid and
// GP samplers and a Hyperband pruner, under trial and epoch budgets.
import { describe, expect, it } from 'vitest';
import { bestAt, compareTuners, trialEpochs, type TunerResult } from '../../src/tune/compare.ts';
import { HyperbandPruner } from '../../src/tune/pruners/hyperband-pruner.ts';
import { GaussianProcessSampler } from '../../src/tune/samplers/bayes/index.ts';
import { GridSampler } from '../../src/tune/samplers/grid.ts';
import { RandomSampler } from '../../src/tune/samplers/random.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { TrialPrunedError } from '../../src/tune/trial-errors.ts';
import type { Trial } from '../../src/tune/trial.ts';

const MAX_EPOCHS = 9;
const GRID = { x: [-2, -1, 0, 1, 2, 3], y: [-3, -2, -1, 0, 1] };

function quadratic(x: number, y: number): number {
  return (x - 1) ** 2 + 2 * (y + 2) ** 2;
}

/** Trains for up to MAX_EPOCHS fake epochs, reporting each; records the epochs it ran. */
async function objective(trial: Trial): Promise<number> {
  const x = await trial.suggestFloat('x', -2, 3);
  const y = await trial.suggestFloat('y', -3, 1);
  const final = quadratic(x, y);
  let loss = Number.POSITIVE_INFINITY;
  for (let epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
    loss = final + 4 / epoch;
    await trial.report(loss, epoch);
    await trial.setUserAttr('epochs', epoch);
    if (epoch < MAX_EPOCHS && (await trial.shouldPrune())) throw new TrialPrunedError(`pruned at ${epoch}`);
  }
  return loss;
}

/** The grid sampler needs categorical suggestions; same problem otherwise. */
async function gridObjective(trial: Trial): Promise<number> {
  const x = await trial.suggestCategorical('x', GRID.x);
  const y = await trial.suggestCategorical('y', GRID.y);
  await trial.setUserAttr('epochs', MAX_EPOCHS);
  return quadratic(x, y) + 4 / MAX_EPOCHS;
}

function checkCurve(result: TunerResult, direction: 'minimize' | 'maximize' = 'minimize'): void {
  const { curve } = result;
  expect(curve.length).toBe(result.evaluations);
  let epochs = 0;
  let best: number | null = null;
  for (const [i, point] of curve.entries()) {
    expect(point.evaluations).toBe(i + 1);
    expect(point.epochs).toBeGreaterThan(epochs);
    epochs = point.epochs;
    if (i > 0) expect(point.elapsedMs).toBeGreaterThanOrEqual(curve[i - 1]!.elapsedMs);
    if (point.state === 'complete' && point.value !== null && (best === null || (direction === 'minimize' ? point.value < best : point.value > best))) best = point.value;
    expect(point.best).toBe(best);
  }
  expect(result.epochs).toBe(epochs);
  expect(result.best).toBe(best);
  expect(result.elapsedMs).toBe(curve.at(-1)!.elapsedMs);
}

describe('compareTuners', () => {
  it('runs random and GP on one trial budget and records best-so-far per evaluation, epoch and ms', async () => {
    const storage = new MemoryStorage();
    const results = await compareTuners({
      objective,
      strategies: {
        random: () => ({ sampler: new RandomSampler({ seed: 1 }) }),
        gp: () => ({ sampler: new GaussianProcessSampler({ nStartupTrials: 8, candidates: 500 }) }),
      },
      budget: { trials: 24 },
      direction: 'minimize',
      seed: 3,
      storage,
      studyPrefix: 'cmp-',
    });
    expect(Object.keys(results)).toEqual(['random', 'gp']);
    for (const result of Object.values(results)) {
      checkCurve(result);
      expect(result.evaluations).toBe(24);
      expect(result.epochs).toBe(24 * MAX_EPOCHS); // no pruner: every trial trains fully
      expect(result.states).toEqual({ complete: 24 });
      expect(result.bestParams).not.toBeNull();
      expect(result.best).toBeCloseTo(quadratic(result.bestParams!.x as number, result.bestParams!.y as number) + 4 / MAX_EPOCHS, 12);
    }
    // Both studies are in the shared storage, under the prefix.
    expect((await storage.listStudies()).map((s) => s.name)).toEqual(['cmp-random', 'cmp-gp']);
    expect(await storage.getTrials((await storage.getStudy('cmp-gp'))!.id)).toHaveLength(24);
    // The GP, past its 8 Sobol points, closes in on the minimum (0.444 = 4/9 at (1, −2)).
    expect(results.gp!.best!).toBeLessThan(0.444 + 0.15);
    expect(results.gp!.best!).toBeLessThanOrEqual(results.random!.best!);
  }, 60_000);

  it('ends a grid strategy when the grid is exhausted, before the trial budget', async () => {
    const results = await compareTuners({
      objective: gridObjective,
      strategies: { grid: () => ({ sampler: new GridSampler(GRID) }) },
      budget: { trials: 100 },
    });
    const grid = results.grid!;
    checkCurve(grid);
    expect(grid.evaluations).toBe(30);
    expect(grid.epochs).toBe(30 * MAX_EPOCHS);
    expect(grid.best).toBe(4 / MAX_EPOCHS);
    expect(grid.bestParams).toEqual({ x: 1, y: -2 });
    expect(bestAt(grid, 'evaluations', 0)).toBeNull();
    expect(bestAt(grid, 'evaluations', 30)).toBe(grid.best);
    expect(bestAt(grid, 'epochs', 1e9)).toBe(grid.best);
  });

  it('spends an epoch budget: Hyperband prunes and so runs more trials than full training', async () => {
    const budget = 180;
    const results = await compareTuners({
      objective,
      strategies: {
        random: () => ({ sampler: new RandomSampler({ seed: 5 }) }),
        'random+hyperband': () => ({ sampler: new RandomSampler({ seed: 5 }), pruner: new HyperbandPruner({ maxResource: MAX_EPOCHS, reductionFactor: 3 }) }),
        'gp+hyperband': () => ({ sampler: new GaussianProcessSampler({ nStartupTrials: 8, candidates: 300 }), pruner: new HyperbandPruner({ maxResource: MAX_EPOCHS, reductionFactor: 3 }) }),
      },
      budget: { epochs: budget },
      seed: 11,
    });
    for (const result of Object.values(results)) {
      checkCurve(result);
      // Stops at the first trial that reaches the budget.
      expect(result.epochs).toBeGreaterThanOrEqual(budget);
      expect(result.curve.at(-2)!.epochs).toBeLessThan(budget);
      expect(result.best).not.toBeNull();
    }
    expect(results.random!.evaluations).toBe(budget / MAX_EPOCHS);
    expect(results['random+hyperband']!.states.pruned ?? 0).toBeGreaterThan(0);
    expect(results['random+hyperband']!.evaluations).toBeGreaterThan(results.random!.evaluations);
    expect(results['gp+hyperband']!.states.pruned ?? 0).toBeGreaterThan(0);
    // Pruned trials count the epochs they ran, from their user attr.
    const pruned = results['random+hyperband']!.curve.filter((p) => p.state === 'pruned');
    for (const p of pruned) expect(p.value).not.toBeNull();
  }, 60_000);

  it('maximizes, and counts one epoch per trial without the user attr', async () => {
    const results = await compareTuners({
      objective: async (trial) => -quadratic(await trial.suggestFloat('x', -2, 3), await trial.suggestFloat('y', -3, 1)),
      strategies: { random: () => ({ sampler: new RandomSampler({ seed: 2 }) }) },
      budget: { epochs: 7 },
      direction: 'maximize',
    });
    checkCurve(results.random!, 'maximize');
    expect(results.random!.evaluations).toBe(7);
    expect(results.random!.epochs).toBe(7);
    expect(results.random!.best!).toBeLessThanOrEqual(0);
  });

  it('rejects bad arguments', async () => {
    const base = { objective: () => 0, strategies: { r: () => ({ sampler: new RandomSampler() }) } };
    await expect(compareTuners({ ...base, budget: { trials: 0 } })).rejects.toThrow(/budget.trials/);
    await expect(compareTuners({ ...base, budget: { epochs: -1 } })).rejects.toThrow(/budget.epochs/);
    await expect(compareTuners({ ...base, budget: {} as never })).rejects.toThrow(/budget must be/);
    await expect(compareTuners({ ...base, strategies: {}, budget: { trials: 1 } })).rejects.toThrow(/strategies/);
    expect(trialEpochs({ userAttrs: { epochs: 4 } } as never)).toBe(4);
    expect(trialEpochs({ userAttrs: {} } as never)).toBe(1);
  });
});
