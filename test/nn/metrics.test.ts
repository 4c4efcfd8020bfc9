// Metrics against hand-computed values (scikit-learn's definitions).
import { describe, expect, it } from 'vitest';
import { MetricAccumulator } from '../../src/nn/metrics.ts';
import { randomValues } from '../backend/backends.ts';

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

  it('accuracy against one-hot rows takes the argmax of each row, and the first of equal scores', () => {
    const m = new MetricAccumulator('categoricalCrossEntropy', 3);
    // Row 0: predicted 2, truth 2. Row 1: predicted 0 (ties go to the first), truth 1. Row 2: predicted 1, truth 1.
    m.add(3, loss(0.5), Float32Array.of(0.1, 0.2, 0.7, 0.4, 0.4, 0.2, 0.3, 0.6, 0.1), new Int32Array(0), Float32Array.of(0, 0, 1, 0, 1, 0, 0, 1, 0), false);
    expect(m.result()).toEqual({ loss: 0.5, accuracy: 2 / 3 });
  });

  it('a sigmoid output of exactly 0.5 counts as the positive class, as a target of 0.5 does', () => {
    const m = new MetricAccumulator('binaryCrossEntropy', 1);
    m.add(3, loss(0.25), Float32Array.of(0.5, 0.49, 0.5), new Int32Array(0), Float32Array.of(1, 0, 0.5), false);
    expect(m.result()).toEqual({ loss: 0.25, accuracy: 1 });
  });

  it('averages MSE, MAE and R² uniformly over several outputs, across batches', () => {
    const m = new MetricAccumulator('mse', 2);
    // Output 0: y = [3, −0.5, 2, 7], ŷ = [2.5, 0, 2, 8]; output 1: y = [1, 2, 3, 4], ŷ = [1, 2, 3, 2].
    m.add(2, loss(1), Float32Array.of(2.5, 1, 0, 2), new Int32Array(0), Float32Array.of(3, 1, -0.5, 2), false);
    m.add(2, loss(3), Float32Array.of(2, 3, 8, 2), new Int32Array(0), Float32Array.of(2, 3, 7, 4), false);
    const r = m.result();
    expect(r.loss).toBe(2);
    expect(r.mse).toBeCloseTo((1.5 + 4) / 8, 10);
    expect(r.mae).toBeCloseTo((2 + 2) / 8, 10);
    // sklearn.metrics.r2_score(y, ŷ, multioutput='uniform_average'): (0.9486… + (1 − 4/5)) / 2
    expect(r.r2).toBeCloseTo((0.9486081370449679 + 0.2) / 2, 10);
    expect(Object.keys(r)).toEqual(['loss', 'mse', 'mae', 'r2']);
  });

  it('starts again from nothing after reset', () => {
    const m = new MetricAccumulator('mse', 1);
    m.add(2, loss(9), Float32Array.of(10, 20), new Int32Array(0), Float32Array.of(4, -6), false);
    m.reset();
    m.add(4, loss(0.5), Float32Array.of(2.5, 0, 2, 8), new Int32Array(0), Float32Array.of(3, -0.5, 2, 7), false);
    expect(m.result()).toEqual({ loss: 0.5, mse: 0.375, mae: 0.5, r2: expect.closeTo(0.9486081370449679, 10) });
    const c = new MetricAccumulator('categoricalCrossEntropy', 2);
    c.add(1, loss(2), Float32Array.of(0, 1), Int32Array.of(0), new Float32Array(0), true);
    c.reset();
    c.add(2, loss(1), Float32Array.of(0, 1, 1, 0), Int32Array.of(1, 0), new Float32Array(0), true);
    expect(c.result()).toEqual({ loss: 1, accuracy: 1 });
  });

  it('matches a plain computation on 40 random rows of 3 outputs, in batches of 7, for every loss', () => {
    const rows = 40;
    const k = 3;
    const outputs = Float32Array.from(randomValues(rows * k, 1), (v) => (v + 1) / 2);
    // Soft targets with ties, so argmax's first-of-equals rule matters.
    const targets = Float32Array.from(randomValues(rows * k, 2), (v) => Math.round((v + 1) * 2) / 4);
    const labels = Int32Array.from({ length: rows }, (_, i) => i % k);
    const argmax = (a: Float32Array, i: number) => [0, 1, 2].reduce((best, j) => (a[i * k + j]! > a[i * k + best]! ? j : best), 0);
    const feed = (m: MetricAccumulator, byLabel: boolean) => {
      for (let start = 0; start < rows; start += 7) {
        const n = Math.min(7, rows - start);
        m.add(n, loss(start), outputs.subarray(start * k, (start + n) * k), labels.subarray(start, start + n), targets.subarray(start * k, (start + n) * k), byLabel);
      }
    };
    let lossSum = 0;
    for (let start = 0; start < rows; start += 7) lossSum += start * Math.min(7, rows - start);
    const meanLoss = lossSum / rows;
    const rowsWhere = (test: (i: number) => boolean) => Array.from({ length: rows }, (_, i) => i).filter(test).length;

    const byLabel = new MetricAccumulator('categoricalCrossEntropy', k);
    feed(byLabel, true);
    expect(byLabel.result()).toEqual({ loss: meanLoss, accuracy: rowsWhere((i) => argmax(outputs, i) === labels[i]) / rows });
    const byTarget = new MetricAccumulator('categoricalCrossEntropy', k);
    feed(byTarget, false);
    expect(byTarget.result()).toEqual({ loss: meanLoss, accuracy: rowsWhere((i) => argmax(outputs, i) === argmax(targets, i)) / rows });

    const binary = new MetricAccumulator('binaryCrossEntropy', k);
    feed(binary, false);
    const agree = Array.from(outputs).filter((v, i) => v >= 0.5 === targets[i]! >= 0.5).length;
    expect(binary.result()).toEqual({ loss: meanLoss, accuracy: agree / (rows * k) });

    const regression = new MetricAccumulator('mse', k);
    feed(regression, false);
    let sse = 0;
    let sae = 0;
    let r2 = 0;
    for (let j = 0; j < k; j++) {
      const column = (a: Float32Array) => Array.from({ length: rows }, (_, i) => a[i * k + j]!);
      const y = column(targets);
      const p = column(outputs);
      const mean = y.reduce((a, b) => a + b, 0) / rows;
      const e = y.map((v, i) => p[i]! - v);
      const columnSse = e.reduce((a, v) => a + v * v, 0);
      sse += columnSse;
      sae += e.reduce((a, v) => a + Math.abs(v), 0);
      r2 += 1 - columnSse / y.reduce((a, v) => a + (v - mean) ** 2, 0);
    }
    const r = regression.result();
    expect(r.loss).toBe(meanLoss);
    expect(r.mse).toBeCloseTo(sse / (rows * k), 12);
    expect(r.mae).toBeCloseTo(sae / (rows * k), 12);
    expect(r.r2).toBeCloseTo(r2 / k, 10);
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
