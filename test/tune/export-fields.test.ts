// trialsToCsv field by field on hand-made trials (fixed times, so every cell is known), and the
// best-trial rule on the same kind of trials.
import { describe, expect, it } from 'vitest';
import { isBetterTrial, pickBestTrial, trialsSharingBest, validationLoss, VALIDATION_LOSS_ATTR } from '../../src/tune/best-trial.ts';
import { trialsToCsv, trialsToJson } from '../../src/tune/export.ts';
import { hashString, mixSeeds, trialSeed } from '../../src/tune/seeds.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';

function trial(number: number, fields: Partial<FrozenTrial> = {}): FrozenTrial {
  return {
    number,
    state: 'complete',
    params: {},
    distributions: {},
    value: null,
    values: null,
    intermediate: {},
    seed: 100 + number,
    startedAt: null,
    completedAt: null,
    userAttrs: {},
    systemAttrs: {},
    ...fields,
  };
}

describe('trialsToCsv cells', () => {
  it('writes times as ISO 8601 and their difference, empty cells for what a trial lacks, and quotes only when needed', () => {
    const trials = [
      trial(0, { value: 1.5, values: [1.5], startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6), completedAt: Date.UTC(2026, 0, 2, 3, 4, 7, 6), params: { b: 'x\ny', a: true }, userAttrs: { n: null, o: { k: 1 } } }),
      trial(1, { state: 'running', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6), params: { a: false }, userAttrs: { text: 'p\rq', plain: 'r' } }),
    ];
    expect(trialsToCsv(trials)).toBe(
      [
        'number,state,value,seed,started_at,completed_at,duration_ms,params_a,params_b,user_attrs_n,user_attrs_o,user_attrs_plain,user_attrs_text',
        '0,complete,1.5,100,2026-01-02T03:04:05.006Z,2026-01-02T03:04:07.006Z,2000,true,"x\ny",,"{""k"":1}",,',
        '1,running,,101,2026-01-02T03:04:05.006Z,,,false,,,,r,"p\rq"',
        '',
      ].join('\n'),
    );
  });

  it('a param named like an Object method is read only when the trial has it', () => {
    expect(trialsToCsv([trial(0, { params: { toString: 1 } }), trial(1)]).split('\n').slice(1, 3)).toEqual(['0,complete,,100,,,,1', '1,complete,,101,,,,']);
  });

  it('an empty list is a header row alone; JSON keeps the indent asked for', () => {
    expect(trialsToCsv([])).toBe('number,state,value,seed,started_at,completed_at,duration_ms\n');
    expect(trialsToJson([trial(0)], 0)).toBe(JSON.stringify([trial(0)]));
    expect(trialsToJson([])).toBe('[]');
    expect(trialsToJson([trial(0)]).split('\n')[1]).toBe('  {');
  });
});

describe('best trial rule', () => {
  const loss = (l: unknown) => ({ userAttrs: { [VALIDATION_LOSS_ATTR]: l } });

  it('reads only finite numeric losses', () => {
    expect(validationLoss(loss(0.25))).toBe(0.25);
    expect(validationLoss(loss(Number.NaN))).toBeUndefined();
    expect(validationLoss(loss('0.25'))).toBeUndefined();
    expect(validationLoss({ userAttrs: {} })).toBeUndefined();
  });

  it('ranks by value in the direction, then by loss when both have one', () => {
    const a = trial(0, { value: 1, ...loss(0.5) });
    const b = trial(1, { value: 1, ...loss(0.4) });
    const c = trial(2, { value: 2 });
    expect(isBetterTrial('minimize', b, a)).toBe(true);
    expect(isBetterTrial('minimize', a, b)).toBe(false);
    expect(isBetterTrial('minimize', a, a)).toBe(false);
    expect(isBetterTrial('minimize', a, c)).toBe(true);
    expect(isBetterTrial('minimize', c, b)).toBe(false);
    expect(isBetterTrial('maximize', c, b)).toBe(true);
    expect(isBetterTrial('minimize', trial(3, { value: 1 }), a)).toBe(false);
    expect(isBetterTrial('minimize', a, trial(3, { value: 1 }))).toBe(false);
  });

  it('picks among complete trials with a value only, and counts the ties on the best value', () => {
    const trials = [trial(0, { value: 3 }), trial(1, { state: 'pruned', value: 0 }), trial(2, { value: null }), trial(3, { value: 2 }), trial(4, { value: 2 }), trial(5, { state: 'failed', value: 2 })];
    expect(pickBestTrial(trials, 'minimize')?.number).toBe(3);
    expect(pickBestTrial(trials, 'maximize')?.number).toBe(0);
    expect(pickBestTrial([trial(0, { state: 'running', value: 1 })], 'minimize')).toBeUndefined();
    expect(trialsSharingBest(trials, trials[3]!)).toBe(2);
    expect(trialsSharingBest(trials, trials[0]!)).toBe(1);
  });
});

describe('seeds', () => {
  it('mixes parts in order, reduced mod 2^32, and refuses non-integers', () => {
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
    expect(mixSeeds(5)).toBe(mixSeeds(5 + 2 ** 32));
    expect(mixSeeds(-1)).toBe(mixSeeds(2 ** 32 - 1));
    expect(mixSeeds()).toBe(0x9e3779b9);
    expect(trialSeed(7, 3)).toBe(mixSeeds(7, 3));
    expect(() => mixSeeds(1, 0.5)).toThrow(new TypeError('mixSeeds: every part must be an integer, got 0.5'));
    expect(hashString('lr')).toBe(hashString('lr'));
    expect(hashString('lr')).not.toBe(hashString('l2'));
  });

  it('gives well-spread 32-bit seeds: distinct for the first thousand trials, unsigned', () => {
    const seeds = Array.from({ length: 1000 }, (_, n) => trialSeed(0, n));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
  });
});
