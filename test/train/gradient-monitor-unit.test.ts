// The gradient monitor on gradients and weights set by hand: per-layer norms of the weight
// gradients (biases left out) averaged over an epoch's steps, update ratios, and which
// threshold flags a layer.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import { GradientMonitor } from '../../src/train/gradient-monitor.ts';
import { JS } from '../backend/backends.ts';

/** 2 inputs → 3 units → 1 unit: layer 0 has 6 weights, layer 1 has 3. */
function model() {
  const m = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'relu' }, { units: 1 }], seed: 1 }, { backend: JS });
  return { m, l0: m.layout.layers[0]!, l1: m.layout.layers[1]! };
}

/** Sets every weight gradient of layer 0 to a and of layer 1 to b, every bias gradient to 100. */
function setGradients(m: MLP, a: number, b: number): void {
  const g = m.gradients;
  g.fill(100);
  const [l0, l1] = m.layout.layers;
  g.fill(a, l0!.weights, l0!.weights + 6);
  g.fill(b, l1!.weights, l1!.weights + 3);
}

describe('GradientMonitor', () => {
  it('norm of each layer\'s weight gradient, averaged over the steps of the epoch', () => {
    const { m } = model();
    const monitor = new GradientMonitor(m);
    monitor.beginEpoch();
    setGradients(m, 1, 2);
    monitor.afterStep();
    setGradients(m, 3, 0);
    monitor.afterStep();
    const { norms } = monitor.endEpoch(0);
    expect(norms[0]).toBeCloseTo((Math.sqrt(6) + Math.sqrt(54)) / 2, 5);
    expect(norms[1]).toBeCloseTo(Math.sqrt(12) / 2, 5);
  });

  it('a new epoch starts its sums and step count afresh', () => {
    const { m } = model();
    const monitor = new GradientMonitor(m);
    monitor.beginEpoch();
    setGradients(m, 5, 5);
    monitor.afterStep();
    monitor.afterStep();
    monitor.endEpoch(0);
    monitor.beginEpoch();
    setGradients(m, 1, 1);
    monitor.afterStep();
    const { norms } = monitor.endEpoch(1);
    expect(norms[0]).toBeCloseTo(Math.sqrt(6), 5);
    expect(norms[1]).toBeCloseTo(Math.sqrt(3), 5);
  });

  it('an epoch without steps has norms 0, not NaN', () => {
    const { m } = model();
    const monitor = new GradientMonitor(m);
    monitor.beginEpoch();
    expect(monitor.endEpoch(0).norms).toEqual([0, 0]);
  });

  it('update ratio: ‖W_end − W_start‖ / ‖W_start‖ of the weights only; 0 for weights that start and stay at 0', () => {
    const { m, l0, l1 } = model();
    const p = m.parameters;
    p.fill(7);
    p.fill(2, l0.weights, l0.weights + 6);
    p.fill(0, l1.weights, l1.weights + 3);
    const monitor = new GradientMonitor(m);
    monitor.beginEpoch();
    p.fill(-7);
    p.fill(3, l0.weights, l0.weights + 6);
    p.fill(0, l1.weights, l1.weights + 3);
    const { updateRatios } = monitor.endEpoch(0);
    // Layer 0: every weight 2 → 3: √6·1 / √6·2. Layer 1: 0 → 0 (the biases moved, and do not count).
    expect(updateRatios[0]).toBeCloseTo(0.5, 6);
    expect(updateRatios[1]).toBe(0);
  });

  it('only the layer\'s own weights count: a change in the next layer\'s does not', () => {
    const { m, l0, l1 } = model();
    const p = m.parameters;
    p.fill(1);
    const monitor = new GradientMonitor(m);
    monitor.beginEpoch();
    p.fill(4, l1.weights, l1.weights + 3);
    const { updateRatios } = monitor.endEpoch(0);
    expect(updateRatios[0]).toBe(0);
    expect(updateRatios[1]).toBeCloseTo(3, 6);
    expect(l0.weights + 6).toBeLessThanOrEqual(l1.weights);
  });

  it('flags exploding above explodingNorm (before vanishing) and vanishing below vanishingRatio × the largest norm', () => {
    const { m } = model();
    const monitor = new GradientMonitor(m, { vanishingRatio: 0.5, explodingNorm: 5 });
    monitor.beginEpoch();
    // Norms √6·4 ≈ 9.8 (exploding, though also under half the largest) and √3·600 ≈ 1039 (exploding).
    setGradients(m, 4, 600);
    monitor.afterStep();
    expect(monitor.endEpoch(3).warnings.map((w) => [w.epoch, w.layer, w.kind])).toEqual([[3, 0, 'exploding'], [3, 1, 'exploding']]);
    const vanishing = new GradientMonitor(m, { vanishingRatio: 0.5, explodingNorm: 1e6 });
    vanishing.beginEpoch();
    setGradients(m, 4, 600);
    vanishing.afterStep();
    const [warning, ...rest] = vanishing.endEpoch(2).warnings;
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ epoch: 2, layer: 0, kind: 'vanishing' });
    expect(warning!.norm).toBeCloseTo(4 * Math.sqrt(6), 5);
  });

  it('the thresholds are strict: a norm equal to either is not flagged', () => {
    const { m } = model();
    setGradients(m, 1, 1);
    const monitor = new GradientMonitor(m, { explodingNorm: Math.sqrt(6), vanishingRatio: 1 });
    monitor.beginEpoch();
    monitor.afterStep();
    const { norms, warnings } = monitor.endEpoch(0);
    expect(norms[0]).toBe(Math.sqrt(6));
    // Layer 1 (√3) is below 1 × the largest (√6): vanishing; layer 0 equals both bars: nothing.
    expect(warnings.map((w) => `${w.layer}:${w.kind}`)).toEqual(['1:vanishing']);
  });

  it('defaults: vanishing below 1e-3 × the largest, exploding above 1e3', () => {
    const { m } = model();
    const monitor = new GradientMonitor(m);
    expect([monitor.vanishingRatio, monitor.explodingNorm]).toEqual([1e-3, 1e3]);
    monitor.beginEpoch();
    setGradients(m, 1, 1e-4);
    monitor.afterStep();
    expect(monitor.endEpoch(0).warnings.map((w) => `${w.layer}:${w.kind}`)).toEqual(['1:vanishing']);
    monitor.beginEpoch();
    setGradients(m, 500, 1);
    monitor.afterStep();
    expect(monitor.endEpoch(1).warnings.map((w) => `${w.layer}:${w.kind}`)).toEqual(['0:exploding']);
  });
});
