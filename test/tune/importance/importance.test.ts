// parameterImportance: fANOVA ranks parameters by their share of the objective's variance. Checked
// on objectives whose shares are known analytically, on Friedman #1 (x5 … x9 are noise), for
// determinism under a seed, and on what it leaves out (pruned, failed, missing, non-finite).
import { describe, expect, it } from 'vitest';
import { loadFriedman1 } from '../../../src/data/builtin.ts';
import { NotEnoughTrialsError } from '../../../src/errors.ts';
import { importanceIfEnough, importanceOfTrials, parameterImportance, type ImportanceResult } from '../../../src/tune/importance/importance.ts';
import { createStudy, type Study } from '../../../src/tune/study.ts';
import { TrialPrunedError } from '../../../src/tune/trial-errors.ts';
import type { Distribution, FrozenTrial } from '../../../src/tune/types.ts';

const shares = (result: ImportanceResult) => Object.fromEntries(result.params.map((p) => [p.name, p.importance]));
const ranking = (result: ImportanceResult) => result.params.map((p) => p.name);

/**
 * f = 10·x0 + 3·x1 + 0·x2, plus a categorical with no effect, every parameter drawn
 * independently and uniformly: the variance contributions are 100/12, 9/12, 0 and 0, so the
 * shares are 100/109 and 9/109. With `lr`, f = 10·x0 + 2·log10(lr), lr log-uniform over four
 * decades: contributions 100/12 and 4·16/12, counted on the log scale it was searched on.
 */
async function additiveStudy(trials: number, seed = 1, withLr = false): Promise<Study> {
  const study = await createStudy({ direction: 'minimize', seed });
  for (let i = 0; i < trials; i++) {
    const trial = await study.ask();
    const x0 = await trial.suggestFloat('x0', 0, 1);
    if (withLr) {
      const lr = await trial.suggestFloat('lr', 1e-4, 1, { log: true });
      await study.tell(trial, 10 * x0 + 2 * Math.log10(lr));
      continue;
    }
    const x1 = await trial.suggestFloat('x1', 0, 1);
    await trial.suggestFloat('x2', 0, 1);
    await trial.suggestCategorical('activation', ['relu', 'tanh', 'gelu']);
    await study.tell(trial, 10 * x0 + 3 * x1);
  }
  return study;
}

describe('parameterImportance (fANOVA)', () => {
  it('ranks a synthetic objective with known weights, shares within 0.025 of the analytic ones', async () => {
    const result = await parameterImportance(await additiveStudy(300));
    expect(ranking(result).slice(0, 2)).toEqual(['x0', 'x1']);
    const expected = { x0: 100 / 109, x1: 9 / 109, x2: 0, activation: 0 };
    for (const [name, share] of Object.entries(expected)) expect(Math.abs(shares(result)[name]! - share), name).toBeLessThan(0.025);
    expect(shares(result).x1).toBeGreaterThan(10 * Math.max(shares(result).x2!, shares(result).activation!));
    expect(result.params.reduce((s, p) => s + p.importance, 0)).toBeCloseTo(1, 12);
    expect(result).toMatchObject({ evaluator: 'fanova', trials: 300, leftOut: {}, seed: 0, trees: 64 });
  });

  it('measures a log-scale parameter on its log scale', async () => {
    // On a linear scale lr's values would crowd into the top decade and its share fall to about 0.08.
    const result = await parameterImportance(await additiveStudy(300, 2, true));
    expect(Math.abs(shares(result).lr! - 64 / 164)).toBeLessThan(0.025);
    expect(Math.abs(shares(result).x0! - 100 / 164)).toBeLessThan(0.025);
  });

  it('on Friedman #1 (rows as trials, x0 … x9 as parameters) ranks every noise feature x5 … x9 below every x0 … x4', () => {
    const data = loadFriedman1();
    const x = data.x;
    const y = data.y as Float32Array;
    const distribution = { type: 'float', low: 0, high: 1, log: false } as const;
    const trials: FrozenTrial[] = Array.from({ length: data.rows }, (_, row) => {
      const params = Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`x${j}`, x[row * 10 + j]!]));
      const distributions = Object.fromEntries(Object.keys(params).map((name) => [name, distribution]));
      return { number: row, state: 'complete', params, distributions, value: y[row]!, values: [y[row]!], intermediate: {}, seed: row, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
    });
    const result = importanceOfTrials(trials, { seed: 3, trees: 32 });
    const order = ranking(result);
    const worstSignal = Math.max(...['x0', 'x1', 'x2', 'x3', 'x4'].map((p) => order.indexOf(p)));
    const bestNoise = Math.min(...['x5', 'x6', 'x7', 'x8', 'x9'].map((p) => order.indexOf(p)));
    expect(worstSignal, order.join(' ')).toBeLessThan(bestNoise);
    // The noise features explain next to nothing.
    for (const p of ['x5', 'x6', 'x7', 'x8', 'x9']) expect(shares(result)[p]).toBeLessThan(0.01);
    expect(result.trials).toBe(1000);
  });

  it('gives the same result for one seed, and the same ranking under another', async () => {
    const study = await additiveStudy(120, 2);
    const trials = await study.getTrials();
    const a = importanceOfTrials(trials, { seed: 7, trees: 16 });
    expect(importanceOfTrials(trials, { seed: 7, trees: 16 })).toEqual(a);
    const b = importanceOfTrials(trials, { seed: 8, trees: 16 });
    expect(b.params.map((p) => p.importance)).not.toEqual(a.params.map((p) => p.importance));
    expect(ranking(b).slice(0, 3)).toEqual(ranking(a).slice(0, 3));
  });

  it('leaves out pruned, failed and running trials, and trials without a named parameter', async () => {
    const study = await createStudy({ direction: 'maximize', seed: 4 });
    for (let i = 0; i < 30; i++) {
      const trial = await study.ask();
      const a = await trial.suggestFloat('a', 0, 1);
      const b = await trial.suggestInt('b', 1, 64, { log: true });
      // A conditional parameter: only in half the trials.
      if (i % 2 === 0) await trial.suggestFloat('c', 0, 1);
      // Pruned trials report huge values: were they used, b would look important.
      if (i % 5 === 4) {
        await trial.report(1000 * b, 1);
        await study.tell(trial, new TrialPrunedError('pruned'));
      } else if (i % 7 === 6) await study.tell(trial, new Error('boom'));
      else await study.tell(trial, 5 * a);
    }
    await study.ask();
    const result = await parameterImportance(study);
    expect(result.leftOut).toEqual({ pruned: 6, failed: 4, running: 1 });
    expect(result.trials).toBe(20);
    // c is not in every complete trial, so it is not ranked unless named.
    expect(ranking(result)).toEqual(['a', 'b']);
    expect(shares(result).a).toBeGreaterThan(0.95);
    const named = await parameterImportance(study, { params: ['c', 'a'] });
    expect(ranking(named)).toEqual(['a', 'c']);
    expect(named).toMatchObject({ trials: 10, leftOut: { pruned: 6, failed: 4, running: 1, missingParams: 10 } });
  });

  it('explains another target when given one, and leaves out trials where it is not finite', async () => {
    const study = await additiveStudy(80, 3);
    const trials = await study.getTrials();
    const result = importanceOfTrials(trials, { target: (t) => (t.number % 10 === 0 ? Number.NaN : (t.params.x1 as number) ** 2), trees: 16 });
    expect(ranking(result)[0]).toBe('x1');
    expect(shares(result).x1).toBeGreaterThan(0.9);
    expect(result).toMatchObject({ trials: 72, leftOut: { nonFinite: 8 } });
  });

  it('gives equal shares when the objective is constant', async () => {
    const study = await createStudy({ seed: 5 });
    for (let i = 0; i < 5; i++) {
      const trial = await study.ask();
      await trial.suggestFloat('p', 0, 1);
      await trial.suggestCategorical('q', [true, false]);
      await study.tell(trial, 1);
    }
    expect((await parameterImportance(study)).params.map((p) => p.importance)).toEqual([0.5, 0.5]);
  });

  it('refuses fewer than 2 complete trials, naming the count and what was left out', async () => {
    const study = await createStudy({ seed: 6 });
    for (let i = 0; i < 3; i++) {
      const trial = await study.ask();
      await trial.suggestFloat('p', 0, 1);
      if (i === 0) await study.tell(trial, 0.5);
      else await study.tell(trial, new TrialPrunedError('pruned'));
    }
    const error = await parameterImportance(study).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotEnoughTrialsError);
    expect((error as Error).message).toBe('importance needs at least 2 complete trials with a finite value, got 1 (of 3 trials: 2 pruned left out)');
    await expect(parameterImportance([])).rejects.toThrow('got 0 (of 0 trials)');
    // Summaries (the report, tune's --json) skip such a study; a bad option still throws.
    const trials = await study.getTrials();
    expect(importanceIfEnough(trials)).toBeUndefined();
    expect(() => importanceIfEnough(trials, { trees: -1 })).toThrow('importance: trees must be a positive integer, got -1');
  });

  it('names what it left out when too few trials remain, and refuses trials that share no parameter', () => {
    const f: Distribution = { type: 'float', low: 0, high: 1, log: false };
    const make = (number: number, params: Record<string, number>, value: number): FrozenTrial => ({
      number, state: 'complete', params, distributions: Object.fromEntries(Object.keys(params).map((k) => [k, f])), value, values: [value], intermediate: {}, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {},
    });
    const three = [make(0, { a: 0.1, b: 0.2 }, 1), make(1, { a: 0.3 }, 2), make(2, { a: 0.5, b: 0.1 }, Number.NaN)];
    expect(() => importanceOfTrials(three, { params: ['a', 'b'] })).toThrow(
      new NotEnoughTrialsError('importance needs at least 2 complete trials with a finite value, got 1 (of 3 trials: 1 missing a parameter, 1 with a value that is not finite left out)'),
    );
    expect(() => importanceOfTrials(three.slice(0, 1))).toThrow('importance needs at least 2 complete trials with a finite value, got 1 (of 1 trial)');
    expect(() => importanceOfTrials([make(0, { a: 0.1 }, 1), make(1, { b: 0.3 }, 2)])).toThrow(
      new NotEnoughTrialsError('importance needs a parameter that every complete trial has, got none shared by the 2 complete trials (name some with params)'),
    );
    // Named, a parameter some trials lack is ranked on the trials that have it.
    const named = importanceOfTrials([...three.slice(0, 2), make(3, { a: 0.9, b: 0.5 }, 3)], { params: ['b'], trees: 4, seed: 9, maxDepth: 2 });
    expect(named).toMatchObject({ params: [{ name: 'b', importance: 1 }], trials: 2, leftOut: { missingParams: 1 }, seed: 9, trees: 4 });
  });

  it('ranks equal shares by name, and keeps trees to maxDepth', async () => {
    const study = await createStudy({ seed: 8 });
    for (let i = 0; i < 6; i++) {
      const trial = await study.ask();
      await trial.suggestFloat('b', 0, 1);
      await trial.suggestFloat('a', 0, 1);
      await study.tell(trial, 2);
    }
    expect((await parameterImportance(study)).params).toEqual([
      { name: 'a', importance: 0.5, std: 0 },
      { name: 'b', importance: 0.5, std: 0 },
    ]);
    const trials = await (await additiveStudy(40, 5)).getTrials();
    const deep = importanceOfTrials(trials, { trees: 8 });
    const stumps = importanceOfTrials(trials, { trees: 8, maxDepth: 1 });
    // One split per tree, always on the dominant x0 (10·x0 against 3·x1): x0 takes all the variance.
    expect(stumps.params[0]).toEqual({ name: 'x0', importance: 1, std: 0 });
    expect(deep.params[0]!.name).toBe('x0');
    expect(deep.params[0]!.importance).toBeLessThan(0.99);
    expect(deep.params[1]).toMatchObject({ name: 'x1' });
    expect(deep.params[1]!.importance).toBeGreaterThan(0.01);
  });

  it('refuses bad options, naming the field, the rule and the value', async () => {
    const trials = await (await additiveStudy(4)).getTrials();
    expect(() => importanceOfTrials(trials, { evaluator: 'ped-anova' as never })).toThrow('importance: evaluator must be one of fanova, got "ped-anova"');
    expect(() => importanceOfTrials(trials, { trees: 0 })).toThrow(new RangeError('importance: trees must be a positive integer, got 0'));
    expect(() => importanceOfTrials(trials, { seed: 1.5 })).toThrow(new TypeError('importance: seed must be an integer, got 1.5'));
    expect(() => importanceOfTrials(trials, { params: [] })).toThrow('importance: params must be a non-empty array of parameter names, got Array(0)');
    expect(() => importanceOfTrials(trials, { params: ['x0', 'x0'] })).toThrow('importance: params[1] must be a name not listed before, got "x0"');
    expect(() => importanceOfTrials(trials, { params: ['x1', 'nope'] })).toThrow('importance: params must be names of parameters of the complete trials ("x0", "x1", "x2", "activation"), got "nope"');
    expect(() => importanceOfTrials(trials, { params: 'x0' as never })).toThrow(new TypeError('importance: params must be a non-empty array of parameter names, got "x0"'));
    expect(() => importanceOfTrials(trials, { params: ['x0', 3 as never] })).toThrow(new TypeError('importance: params[1] must be a non-empty string, got 3'));
    expect(() => importanceOfTrials(trials, { params: [''] })).toThrow(new TypeError('importance: params[0] must be a non-empty string, got ""'));
    expect(() => importanceOfTrials(trials, { target: 3 as never })).toThrow(new TypeError('importance: target must be a function of a trial returning a number, got 3'));
    expect(() => importanceOfTrials(trials, { seed: '1' as never })).toThrow(new TypeError('importance: seed must be an integer, got "1"'));
    expect(() => importanceOfTrials(trials, { maxDepth: 0 })).toThrow(new RangeError('importance: maxDepth must be a positive integer, got 0'));
    expect(() => importanceOfTrials(trials, { trees: 2.5 })).toThrow(new RangeError('importance: trees must be a positive integer, got 2.5'));
    expect(() => importanceOfTrials(trials, { trees: '4' as never })).toThrow(new RangeError('importance: trees must be a positive integer, got "4"'));
  });
});
