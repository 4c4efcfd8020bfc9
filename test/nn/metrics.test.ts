// Metrics against hand-computed values (scikit-learn's definitions).
import { describe, expect, it } from 'vitest';
import { MetricAccumulator } from '../../src/nn/metrics.ts';

const loss = (v: number) => Float64Array.of(v);

describe('metrics', () => {
  it('accuracy for softmax classifiers (argmax) over several batches, with the loss weighted by rows', () => {
    const m = new MetricAccumulator('categoricalCrossEntropy', 3);
    m.add(2, loss(1), Float32Array.of(0.1, 0.7, 0.2, 0.5, 0.3, 0.2), Int32Array.of(1, 2), new Float32Array(0), true);
    m.add(1, loss(4), Float32Array.of(0.2, 0.2, 0.6), Int32Array.of(2), new Float32Array(0), true);
    expect(m.result()).toEqual({ loss: 2, accuracy: 2 / 3 });
  });

  it('accuracy per output for sigmoid classifiers (0.5 threshold)', () => {
    const m = new MetricAccumulator('binaryCrossEntropy', 2);
    m.add(2, loss(0.5), Float32Array.of(0.9, 0.2, 0.4, 0.6), new Int32Array(0), Float32Array.of(1, 0, 1, 1), false);
    expect(m.result().accuracy).toBe(0.75);
  });

  it('MSE, MAE and R² (uniform average over outputs)', () => {
    const m = new MetricAccumulator('mse', 1);
    m.add(4, loss(0), Float32Array.of(2.5, 0, 2, 8), new Int32Array(0), Float32Array.of(3, -0.5, 2, 7), false);
    const r = m.result();
    expect(r.mse).toBeCloseTo(0.375, 10);
    expect(r.mae).toBeCloseTo(0.5, 10);
    expect(r.r2).toBeCloseTo(0.9486081370449679, 10); // sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0, 2, 8])
  });

  it('R² of a constant target is 1 when predicted exactly, else 0 (as scikit-learn)', () => {
    const exact = new MetricAccumulator('mse', 1);
    exact.add(2, loss(0), Float32Array.of(1, 1), new Int32Array(0), Float32Array.of(1, 1), false);
    expect(exact.result().r2).toBe(1);
    const off = new MetricAccumulator('mse', 1);
    off.add(2, loss(0), Float32Array.of(1, 2), new Int32Array(0), Float32Array.of(1, 1), false);
    expect(off.result().r2).toBe(0);
  });
});
