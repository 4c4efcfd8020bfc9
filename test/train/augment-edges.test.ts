// Augmentation's edges: a batch of one row is not mixed, only the batch's rows are touched, the
// soft targets of mixed labels are exact, and the option checks name the field and the value.
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/nn/workspace.ts';
import { BatchAugmenter, checkAugmentOptions } from '../../src/train/augment.ts';

const INPUTS = 2;
const OUTPUTS = 3;

function workspace(capacity: number, labels: number[]): Workspace {
  return {
    // Rows in general position, so each mixed row has exactly one explanation.
    x: Float32Array.from({ length: capacity * INPUTS }, (_, i) => Math.round(1000 * Math.sin(1.3 * i + 0.2)) / 100),
    labels: Int32Array.from({ length: capacity }, (_, i) => labels[i] ?? 0),
    targets: new Float32Array(capacity * OUTPUTS).fill(-1),
  } as unknown as Workspace;
}

describe('BatchAugmenter edges', () => {
  it('a batch of one row is not mixed: labels stay labels, the row stays as it is', () => {
    const ws = workspace(4, [2]);
    const augmenter = new BatchAugmenter({ noise: 0, mixup: 0.4 }, 4, INPUTS, OUTPUTS, 1);
    augmenter.beginEpoch(0);
    expect(augmenter.apply(ws, 1, 'labels')).toBe('labels');
    expect([...ws.x.subarray(0, 2)]).toEqual([...workspace(4, []).x.subarray(0, 2)]);
    expect([...ws.targets]).toEqual(new Array(12).fill(-1));
  });

  it('mixing labels gives λ on the row\'s class and 1 − λ on its partner\'s (1 when they agree), rows past the batch untouched', () => {
    const rows = 4;
    const ws = workspace(6, [0, 1, 2, 1]);
    const original = Float32Array.from(ws.x);
    const augmenter = new BatchAugmenter({ noise: 0, mixup: 1 }, 6, INPUTS, OUTPUTS, 3);
    augmenter.beginEpoch(0);
    expect(augmenter.apply(ws, rows, 'labels')).toBe('targets');
    for (let i = 0; i < rows; i++) {
      // The partner p and λ follow from x̃ = λ·x_i + (1 − λ)·x_p.
      const candidates = [0, 1, 2, 3].filter((p) => p !== i);
      const found = candidates
        .map((p) => ({ p, l: (ws.x[i * 2]! - original[p * 2]!) / (original[i * 2]! - original[p * 2]!) }))
        .find(({ p, l }) => Math.abs(ws.x[i * 2 + 1]! - (l * original[i * 2 + 1]! + (1 - l) * original[p * 2 + 1]!)) < 1e-4);
      const soft = [...ws.targets.subarray(i * 3, i * 3 + 3)];
      const expected = [0, 0, 0];
      const own = ws.labels[i]!;
      if (found === undefined) {
        expect([...ws.x.subarray(i * 2, i * 2 + 2)]).toEqual([...original.subarray(i * 2, i * 2 + 2)]);
        expected[own] = 1;
      } else {
        expected[own] = found.l;
        expected[ws.labels[found.p]!]! += 1 - found.l;
      }
      soft.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 4));
    }
    expect([...ws.targets.subarray(rows * 3)]).toEqual(new Array(6).fill(-1));
    expect([...ws.x.subarray(rows * 2)]).toEqual([...original.subarray(rows * 2)]);
  });

  it('noise touches only the batch\'s rows', () => {
    const ws = workspace(5, []);
    const original = Float32Array.from(ws.x);
    const augmenter = new BatchAugmenter({ noise: 1, mixup: 0 }, 5, INPUTS, OUTPUTS, 2);
    augmenter.beginEpoch(0);
    expect(augmenter.apply(ws, 3, 'labels')).toBe('labels');
    for (let i = 0; i < 6; i++) expect(ws.x[i]).not.toBe(original[i]);
    expect([...ws.x.subarray(6)]).toEqual([...original.subarray(6)]);
  });

  it('mixup and noise together: labels become soft targets and every feature is moved', () => {
    const ws = workspace(4, [0, 1, 2, 0]);
    const original = Float32Array.from(ws.x);
    const augmenter = new BatchAugmenter({ noise: 0.5, mixup: 0.4 }, 4, INPUTS, OUTPUTS, 9);
    augmenter.beginEpoch(1);
    expect(augmenter.apply(ws, 4, 'labels')).toBe('targets');
    for (let i = 0; i < 4; i++) expect([...ws.targets.subarray(i * 3, i * 3 + 3)].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (let i = 0; i < 8; i++) expect(ws.x[i]).not.toBe(original[i]);
  });

  it('noise on a smaller batch after a full one still touches only the smaller batch', () => {
    const augmenter = new BatchAugmenter({ noise: 1, mixup: 0 }, 5, INPUTS, OUTPUTS, 2);
    augmenter.beginEpoch(0);
    augmenter.apply(workspace(5, []), 5, 'labels');
    const ws = workspace(5, []);
    const original = Float32Array.from(ws.x);
    augmenter.apply(ws, 3, 'labels');
    expect([...ws.x.subarray(6)]).toEqual([...original.subarray(6)]);
  });

  it('draws a new λ in (0, 1) for every batch', () => {
    // Four rows of four different classes: a row mixed with another carries λ on its own class
    // (a row that drew itself as partner keeps 1 there and tells nothing).
    const lambdas: number[] = [];
    const augmenter = new BatchAugmenter({ noise: 0, mixup: 0.4 }, 4, INPUTS, 4, 11);
    augmenter.beginEpoch(0);
    for (let batch = 0; batch < 6; batch++) {
      const ws = { ...workspace(4, [0, 1, 2, 3]), targets: new Float32Array(16) } as unknown as Workspace;
      augmenter.apply(ws, 4, 'labels');
      const own = [0, 1, 2, 3].map((i) => ws.targets[i * 4 + i]!).filter((v) => v !== 1);
      for (const v of own) expect(v).toBeCloseTo(own[0]!, 6);
      if (own.length > 0) lambdas.push(own[0]!);
    }
    expect(lambdas.length).toBeGreaterThanOrEqual(3);
    for (const l of lambdas) expect(l > 0 && l < 1).toBe(true);
    expect(new Set(lambdas).size).toBe(lambdas.length);
  });

  it('keeps its options, and the same seed and epoch draw the same batch after other epochs', () => {
    const augmenter = new BatchAugmenter({ noise: 0.1, mixup: 0.2 }, 4, INPUTS, OUTPUTS, 5);
    expect([augmenter.noise, augmenter.mixup]).toEqual([0.1, 0.2]);
    const draw = (epoch: number) => {
      const ws = workspace(4, [0, 1, 2, 0]);
      augmenter.beginEpoch(epoch);
      augmenter.apply(ws, 4, 'labels');
      return [...ws.x];
    };
    const first = draw(0);
    draw(1);
    expect(draw(0)).toEqual(first);
  });
});

describe('checkAugmentOptions', () => {
  it('fills the absent one with 0', () => {
    expect(checkAugmentOptions({ noise: 0.2 })).toEqual({ noise: 0.2, mixup: 0 });
    expect(checkAugmentOptions({ mixup: 0.3 })).toEqual({ noise: 0, mixup: 0.3 });
    expect(checkAugmentOptions({})).toEqual({ noise: 0, mixup: 0 });
    expect(checkAugmentOptions({ noise: 0, mixup: 0 })).toEqual({ noise: 0, mixup: 0 });
  });

  it('names the field, the rule and the value', () => {
    expect(() => checkAugmentOptions(null)).toThrow(new TypeError('augment must be an object { noise?, mixup? }, got null'));
    expect(() => checkAugmentOptions([])).toThrow(new TypeError('augment must be an object { noise?, mixup? }, got Array(0)'));
    expect(() => checkAugmentOptions('noise')).toThrow(new TypeError('augment must be an object { noise?, mixup? }, got "noise"'));
    expect(() => checkAugmentOptions({ mixup: '0.2' })).toThrow(new TypeError('augment.mixup must be a number >= 0, got "0.2"'));
    expect(() => checkAugmentOptions({ noise: Number.POSITIVE_INFINITY })).toThrow(new RangeError('augment.noise must be a finite number >= 0, got Infinity'));
    expect(() => checkAugmentOptions({ noise: 0.1, cutout: 1 })).toThrow(new TypeError('augment.cutout must be one of noise, mixup, got "cutout"'));
  });
});
