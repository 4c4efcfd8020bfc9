// The design matrix the importance forest is fit on: each parameter on its search scale and
// bounded by its distributions (ints and steps widened by half a step), categoricals as choice
// indices over every choice seen, and the trials it leaves out, counted by reason.
import { describe, expect, it } from 'vitest';
import { latestDistributions, trialMatrix } from '../../../src/tune/importance/trial-matrix.ts';
import type { Distribution, FrozenTrial, ParamValue } from '../../../src/tune/types.ts';

function trial(number: number, params: Record<string, ParamValue>, distributions: Record<string, Distribution>, value: number | null = number): FrozenTrial {
  return { number, state: 'complete', params, distributions, value, values: value === null ? null : [value], intermediate: {}, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
}

const LR: Distribution = { type: 'float', low: 1e-3, high: 1, log: true };
const UNITS: Distribution = { type: 'int', low: 1, high: 4, log: false, step: 1 };
const ACT = (...choices: ParamValue[]): Distribution => ({ type: 'categorical', choices });
const value = (t: FrozenTrial): number => t.value ?? Number.NaN;

describe('trialMatrix', () => {
  it('reads numbers on their search scale, bounded by the distribution widened by half a step', () => {
    const trials = [trial(0, { lr: 0.01, units: 2 }, { lr: LR, units: UNITS }), trial(1, { lr: 1, units: 4 }, { lr: LR, units: UNITS })];
    const m = trialMatrix(trials, ['lr', 'units'], value);
    expect(m.rows).toBe(2);
    expect(m.x[0]).toBeCloseTo(Math.log(0.01), 15);
    expect([m.x[1], m.x[2], m.x[3]]).toEqual([2, 0, 4]);
    expect(m.features[0]).toEqual({ kind: 'numeric', low: Math.log(1e-3), high: 0 });
    expect(m.features[1]).toEqual({ kind: 'numeric', low: 0.5, high: 4.5 });
    expect(Array.from(m.y)).toEqual([0, 1]);
    expect([m.names, m.trials, m.missingParams, m.nonFinite]).toEqual([['lr', 'units'], [0, 1], 0, 0]);
    // A log int is widened before the logarithm.
    const logInt: Distribution = { type: 'int', low: 1, high: 8, log: true, step: 1 };
    expect(trialMatrix([trial(0, { n: 2 }, { n: logInt })], ['n'], value).features[0]).toEqual({ kind: 'numeric', low: Math.log(0.5), high: Math.log(8.5) });
  });

  it('bounds a parameter by every distribution it had, and by values outside the latest one', () => {
    const narrow: Distribution = { type: 'float', low: 0, high: 1, log: false };
    const wide: Distribution = { type: 'float', low: -2, high: 0.5, log: false };
    const trials = [trial(0, { x: 0.9 }, { x: narrow }), trial(1, { x: 3 }, { x: wide }), trial(2, { x: -1 }, { x: wide })];
    expect(trialMatrix(trials, ['x'], value).features).toEqual([{ kind: 'numeric', low: -2, high: 3 }]);
  });

  it('indexes categoricals over the latest choices, then those only earlier trials offered', () => {
    const trials = [trial(0, { act: 'gelu' }, { act: ACT('relu', 'gelu') }), trial(1, { act: 'tanh' }, { act: ACT('tanh', 'relu') }), trial(2, { act: 'relu' }, { act: ACT('tanh', 'relu') })];
    expect(latestDistributions(trials).get('act')).toEqual(ACT('tanh', 'relu'));
    const m = trialMatrix(trials, ['act'], value);
    expect(m.features).toEqual([{ kind: 'categorical', choices: ['tanh', 'relu', 'gelu'] }]);
    expect(Array.from(m.x)).toEqual([2, 0, 1]);
  });

  it('leaves out and counts trials missing a parameter, holding one of another kind or off its distribution, or with a target that is not finite', () => {
    const trials = [
      trial(0, { lr: 0.1, act: 'relu' }, { lr: LR, act: ACT('relu') }),
      trial(1, { lr: 0.1 }, { lr: LR }), // no act
      trial(2, { lr: 0.1, act: 'relu' }, { lr: LR }), // act without its distribution
      trial(3, { lr: 0.1, act: 3 }, { lr: LR, act: UNITS }), // act numeric here
      trial(4, { lr: 0.1, act: 'elu' }, { lr: LR, act: ACT('relu') }), // a choice no distribution offers
      trial(5, { lr: -1, act: 'relu' }, { lr: LR, act: ACT('relu') }), // not positive on a log scale
      trial(6, { lr: Number.NaN, act: 'relu' }, { lr: LR, act: ACT('relu') }),
      trial(7, { lr: 'x', act: 'relu' }, { lr: LR, act: ACT('relu') }),
      trial(8, { lr: 0.1, act: 'relu' }, { lr: LR, act: ACT('relu') }, null),
      trial(9, { lr: 0.5, act: 'relu' }, { lr: LR, act: ACT('relu') }, Number.POSITIVE_INFINITY),
      trial(10, { lr: 0.5, act: 'relu' }, { lr: LR, act: ACT('relu') }),
    ];
    const m = trialMatrix(trials, ['lr', 'act'], value);
    expect([m.rows, m.trials, m.missingParams, m.nonFinite]).toEqual([2, [0, 10], 7, 2]);
    expect(m.x.length).toBe(4);
    expect(Array.from(m.y)).toEqual([0, 10]);
    // A numeric parameter whose latest distribution is numeric leaves out a trial where it was categorical.
    const mixed = [trial(0, { p: 'a' }, { p: ACT('a') }), trial(1, { p: 0.5 }, { p: LR })];
    expect(trialMatrix(mixed, ['p'], value)).toMatchObject({ rows: 1, trials: [1], missingParams: 1 });
    // A target that returns something other than a number counts as not finite.
    expect(trialMatrix(trials.slice(0, 1), ['lr'], () => '1' as never)).toMatchObject({ rows: 0, nonFinite: 1 });
  });

  it('refuses a name no trial has, listing the names there are', () => {
    const trials = [trial(0, { lr: 0.1 }, { lr: LR }), trial(1, { units: 2 }, { units: UNITS })];
    expect(() => trialMatrix(trials, ['lr', 'depth'], value)).toThrow(new RangeError('importance: params must be names of parameters of the complete trials ("lr", "units"), got "depth"'));
    expect(() => trialMatrix([], ['depth'], value)).toThrow(new RangeError('importance: params must be names of parameters of the complete trials (none), got "depth"'));
  });
});
