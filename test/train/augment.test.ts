// Input noise and mixup on training batches: what they do to a batch, that they are seeded and
// training-only, and their option checks.
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/nn/workspace.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { BatchAugmenter, checkAugmentOptions } from '../../src/train/augment.ts';

const INPUTS = 3;
const OUTPUTS = 4;

/** The part of a workspace the augmenter touches. */
function batch(rows: number): Workspace {
  // Rows in general position, so each mixed row has exactly one explanation.
  const x = Float32Array.from({ length: rows * INPUTS }, (_, i) => 10 * Math.sin(1.3 * i + 0.2));
  const labels = Int32Array.from({ length: rows }, (_, i) => i % OUTPUTS);
  return { x, labels, targets: new Float32Array(rows * OUTPUTS) } as unknown as Workspace;
}

describe('BatchAugmenter', () => {
  it('mixup: every row is λ·row + (1 − λ)·partner with one λ per batch, labels become soft one-hot targets', () => {
    const rows = 8;
    const original = batch(rows);
    const ws = batch(rows);
    const augmenter = new BatchAugmenter({ noise: 0, mixup: 0.4 }, rows, INPUTS, OUTPUTS, 7);
    augmenter.beginEpoch(0);
    expect(augmenter.apply(ws, rows, 'labels')).toBe('targets');
    let lambda: number | undefined;
    const partners: number[] = [];
    for (let i = 0; i < rows; i++) {
      // Find the partner row p and λ that explain row i: x̃ = λ·x_i + (1 − λ)·x_p.
      const found = Array.from({ length: rows }, (_, p) => p).find((p) => {
        if (p === i) return Array.from({ length: INPUTS }, (_, j) => ws.x[i * INPUTS + j]).every((v, j) => Math.abs(v! - original.x[i * INPUTS + j]!) < 1e-4);
        const l = (ws.x[i * INPUTS]! - original.x[p * INPUTS]!) / (original.x[i * INPUTS]! - original.x[p * INPUTS]!);
        return l >= 0 && l <= 1 && Array.from({ length: INPUTS }, (_, j) => j).every((j) => Math.abs(ws.x[i * INPUTS + j]! - (l * original.x[i * INPUTS + j]! + (1 - l) * original.x[p * INPUTS + j]!)) < 1e-3);
      });
      expect(found, `row ${i} is a mix of two rows`).toBeDefined();
      partners.push(found!);
      if (found !== i) {
        const l = (ws.x[i * INPUTS]! - original.x[found! * INPUTS]!) / (original.x[i * INPUTS]! - original.x[found! * INPUTS]!);
        if (lambda === undefined) lambda = l;
        expect(l).toBeCloseTo(lambda, 4);
      }
      const soft = Array.from(ws.targets.subarray(i * OUTPUTS, (i + 1) * OUTPUTS));
      expect(soft.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      if (found !== i && lambda !== undefined) {
        expect(soft[original.labels[i]!]!).toBeGreaterThanOrEqual(Math.min(lambda, 1 - lambda) - 1e-6);
      }
    }
    // The partners form a permutation of the batch.
    expect([...partners].sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i));
  });

  it('noise: adds N(0, σ²) to every feature, and the same seed and epoch give the same batch', () => {
    const rows = 4000;
    const run = (seed: number, epoch: number) => {
      const ws = { x: new Float32Array(rows * INPUTS), labels: new Int32Array(rows), targets: new Float32Array(rows * OUTPUTS) } as unknown as Workspace;
      const augmenter = new BatchAugmenter({ noise: 0.5, mixup: 0 }, rows, INPUTS, OUTPUTS, seed);
      augmenter.beginEpoch(epoch);
      expect(augmenter.apply(ws, rows, 'labels')).toBe('labels');
      return ws.x;
    };
    const x = run(3, 2);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.48);
    expect(sd).toBeLessThan(0.52);
    expect(run(3, 2)).toEqual(x);
    expect(run(3, 3)).not.toEqual(x);
    expect(run(4, 2)).not.toEqual(x);
  });

  it('mixes dense targets (MSE, BCE) with the same λ and partner as the inputs', () => {
    const rows = 6;
    const ws = batch(rows);
    for (let i = 0; i < rows * OUTPUTS; i++) ws.targets[i] = i;
    const before = Float32Array.from(ws.targets);
    const augmenter = new BatchAugmenter({ noise: 0, mixup: 1 }, rows, INPUTS, OUTPUTS, 1);
    augmenter.beginEpoch(0);
    expect(augmenter.apply(ws, rows, 'targets')).toBe('targets');
    // Targets move by the mix the inputs moved by: recover (partner, λ) from the inputs.
    const original = batch(rows);
    for (let i = 0; i < rows; i++) {
      const mixes = Array.from({ length: rows }, (_, p) => p).flatMap((p) => {
        if (p === i) return [];
        const l = (ws.x[i * INPUTS]! - original.x[p * INPUTS]!) / (original.x[i * INPUTS]! - original.x[p * INPUTS]!);
        const fits = Array.from({ length: INPUTS }, (_, j) => j).every((j) => Math.abs(ws.x[i * INPUTS + j]! - (l * original.x[i * INPUTS + j]! + (1 - l) * original.x[p * INPUTS + j]!)) < 1e-3);
        return fits ? [{ p, l }] : [];
      });
      const unchanged = Array.from({ length: INPUTS }, (_, j) => j).every((j) => Math.abs(ws.x[i * INPUTS + j]! - original.x[i * INPUTS + j]!) < 1e-4);
      if (unchanged) {
        for (let j = 0; j < OUTPUTS; j++) expect(ws.targets[i * OUTPUTS + j]).toBeCloseTo(before[i * OUTPUTS + j]!, 3);
        continue;
      }
      expect(mixes).toHaveLength(1);
      const { p, l } = mixes[0]!;
      for (let j = 0; j < OUTPUTS; j++) expect(ws.targets[i * OUTPUTS + j]).toBeCloseTo(l * before[i * OUTPUTS + j]! + (1 - l) * before[p * OUTPUTS + j]!, 3);
    }
  });

  it('rejects bad options with the field, the rule and the value', () => {
    expect(() => checkAugmentOptions({ noise: -1 })).toThrow('augment.noise must be a finite number >= 0, got -1');
    expect(() => checkAugmentOptions({ mixup: Number.NaN })).toThrow('augment.mixup must be a finite number >= 0, got NaN');
    expect(() => checkAugmentOptions({ mixup: '0.2' })).toThrow(TypeError);
    expect(() => checkAugmentOptions({ cutout: 1 })).toThrow('augment.cutout must be one of noise, mixup');
    expect(() => checkAugmentOptions(3)).toThrow(TypeError);
    expect(checkAugmentOptions(undefined)).toEqual({ noise: 0, mixup: 0 });
  });
});

describe('fit({ augment })', () => {
  const x = Float32Array.from({ length: 60 * 4 }, (_, i) => Math.sin(i * 1.7));
  const y = Int32Array.from({ length: 60 }, (_, i) => (x[i * 4]! + x[i * 4 + 1]! > 0 ? 1 : 0));
  const train = (augment?: { noise?: number; mixup?: number }) => {
    const model = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed: 5 });
    const history = model.fit(x, y, { epochs: 3, batchSize: 8, augment, monitorGradients: false, validationData: [x, y] });
    return { weights: model.getWeights(), history };
  };

  it('is seeded (same run, same weights) and changes training; validation sees the data as it is', () => {
    const plain = train();
    const noisy = train({ noise: 0.3, mixup: 0.2 });
    expect(train({ noise: 0.3, mixup: 0.2 }).weights).toEqual(noisy.weights);
    expect(noisy.weights).not.toEqual(plain.weights);
    // Validation loss is the model's loss on the clean rows: recompute it from the weights.
    const model = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed: 5 });
    model.setWeights(noisy.weights);
    expect(model.evaluate(x, y).loss).toBeCloseTo(noisy.history.history.valLoss!.at(-1)!, 5);
  });

  it('rejects a bad augment option before training', () => {
    const model = new MLP({ inputs: 4, layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed: 5 });
    expect(() => model.fit(x, y, { epochs: 1, augment: { noise: -0.1 } })).toThrow('augment.noise must be a finite number >= 0, got -0.1');
  });
});
