// copyTrial is the copy every storage and study view hands out: equal to structuredClone's deep
// copy, and sharing nothing mutable with the trial it copied.
import { describe, expect, it } from 'vitest';
import { copyTrial, copyTrials } from '../../src/tune/copy-trial.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';

const trial = (): FrozenTrial => ({
  number: 3,
  state: 'complete',
  params: { lr: 0.01, units: 32, activation: 'relu', batchNorm: false, unused: null },
  distributions: {
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    units: { type: 'int', low: 4, high: 64, log: false, step: 4 },
    activation: { type: 'categorical', choices: ['relu', 'tanh'] },
  },
  value: 0.25,
  values: [0.25, 3],
  intermediate: { 0: 0.9, 1: 0.5, 4: 0.25 },
  seed: 123456,
  startedAt: 1_700_000_000_000,
  completedAt: 1_700_000_001_000,
  userAttrs: { note: 'first', tags: ['a', 'b'], nested: { depth: { n: 1 } } },
  systemAttrs: { gridIndex: 2, retryOf: null },
});

describe('copyTrial', () => {
  it('equals structuredClone of the trial, key order included', () => {
    const original = trial();
    expect(copyTrial(original)).toStrictEqual(structuredClone(original));
    expect(JSON.stringify(copyTrial(original))).toBe(JSON.stringify(original));
    const unfinished: FrozenTrial = { ...trial(), state: 'running', value: null, values: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
    expect(copyTrial(unfinished)).toStrictEqual(structuredClone(unfinished));
  });

  it('shares nothing mutable: changing every part of the copy leaves the original as it was', () => {
    const original = trial();
    const before = structuredClone(original);
    const copy = copyTrial(original);
    copy.params['lr'] = 1;
    (copy.distributions['lr'] as { low: number }).low = 0.5;
    (copy.distributions['activation'] as unknown as { choices: string[] }).choices.push('elu');
    copy.values!.push(7);
    copy.intermediate[9] = 0;
    (copy.userAttrs['tags'] as string[]).push('c');
    ((copy.userAttrs['nested'] as { depth: { n: number } }).depth.n = 2);
    copy.userAttrs['note'] = 'changed';
    copy.systemAttrs['gridIndex'] = 5;
    expect(original).toStrictEqual(before);
  });

  it('copyTrials copies each trial, in order', () => {
    const trials = [trial(), { ...trial(), number: 4 }];
    const copies = copyTrials(trials);
    expect(copies).toStrictEqual(trials);
    expect(copies[0]).not.toBe(trials[0]);
    expect(copies.map((t) => t.number)).toEqual([3, 4]);
  });
});
