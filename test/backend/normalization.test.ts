// Batch norm, multiply and axpy: the js reference against finite differences and PyTorch's
// running-statistics rules; every compiled backend against the js reference.
import { describe, expect, it } from 'vitest';
import type { BatchNormBackwardArgs, BatchNormForwardArgs } from '../../src/backend/backend.ts';
import { COMPILED, JS, randomValues, worstRatio } from './backends.ts';
import { runBoth } from './parity.ts';

const SHAPES: [number, number][] = [
  [1, 5],
  [2, 1],
  [7, 33],
  [64, 5],
];

function inputs(rows: number, cols: number) {
  return {
    x: randomValues(rows * cols, rows + cols, 3),
    gamma: randomValues(cols, 7, 1).map((v) => 1 + v / 2),
    beta: randomValues(cols, 8, 0.5),
    runningMean: randomValues(cols, 9, 0.2),
    runningVar: randomValues(cols, 10, 0.2).map((v) => 1 + v),
    mean: new Float32Array(cols),
    invStd: new Float32Array(cols),
    xhat: new Float32Array(rows * cols),
    y: new Float32Array(rows * cols),
    dy: randomValues(rows * cols, 11),
    dx: new Float32Array(rows * cols),
    dGamma: new Float32Array(cols),
    dBeta: new Float32Array(cols),
  };
}

type Arrays = Record<keyof ReturnType<typeof inputs>, Float32Array>;

/** batchNormForward's named arguments over the arrays of inputs() (y may be another array, x for in place). */
function forwardArgs(rows: number, cols: number, t: Arrays, training: boolean, options: { y?: Float32Array; momentum?: number; eps?: number } = {}): BatchNormForwardArgs {
  const { x, gamma, beta, runningMean, runningVar, mean, invStd, xhat } = t;
  return { rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y: options.y ?? t.y, training, momentum: options.momentum, eps: options.eps };
}

function backwardArgs(rows: number, cols: number, t: Arrays, dy = t.dy, dx = t.dx): BatchNormBackwardArgs {
  return { rows, cols, dy, xhat: t.xhat, gamma: t.gamma, invStd: t.invStd, dx, dGamma: t.dGamma, dBeta: t.dBeta };
}

describe('batch normalisation (js reference)', () => {
  it('training: zero mean, unit variance per column; running statistics as PyTorch (momentum 0.1, unbiased variance)', () => {
    const t = inputs(64, 5);
    const before = { mean: Float32Array.from(t.runningMean), variance: Float32Array.from(t.runningVar) };
    t.gamma.fill(1);
    t.beta.fill(0);
    JS.batchNormForward(forwardArgs(64, 5, t, true, { momentum: 0.1, eps: 1e-5 }));
    for (let j = 0; j < 5; j++) {
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < 64; i++) sum += t.x[i * 5 + j]!;
      const mu = sum / 64;
      for (let i = 0; i < 64; i++) squares += (t.x[i * 5 + j]! - mu) ** 2;
      expect(t.runningMean[j]).toBeCloseTo(0.9 * before.mean[j]! + 0.1 * mu, 5);
      expect(t.runningVar[j]).toBeCloseTo(0.9 * before.variance[j]! + (0.1 * squares) / 63, 5);
      let ySum = 0;
      let ySquares = 0;
      for (let i = 0; i < 64; i++) {
        ySum += t.y[i * 5 + j]!;
        ySquares += t.y[i * 5 + j]! ** 2;
      }
      expect(ySum / 64).toBeCloseTo(0, 5);
      expect(ySquares / 64).toBeCloseTo(1, 3);
    }
  });

  it('inference uses the running statistics and leaves them alone', () => {
    const t = inputs(7, 3);
    const running = Float32Array.from(t.runningMean);
    JS.batchNormForward(forwardArgs(7, 3, t, false));
    expect(t.runningMean).toEqual(running);
    expect(t.y[0]).toBeCloseTo(t.gamma[0]! * ((t.x[0]! - running[0]!) / Math.sqrt(t.runningVar[0]! + 1e-5)) + t.beta[0]!, 5);
  });

  it('backward equals central finite differences of Σ y·r', () => {
    const rows = 6;
    const cols = 3;
    const t = inputs(rows, cols);
    const r = randomValues(rows * cols, 12);
    const objective = (x: Float32Array, gamma: Float32Array) => {
      const u = inputs(rows, cols);
      JS.batchNormForward(forwardArgs(rows, cols, { ...u, x, gamma, beta: t.beta }, true));
      return u.y.reduce((sum, v, i) => sum + v * r[i]!, 0);
    };
    JS.batchNormForward(forwardArgs(rows, cols, t, true));
    JS.batchNormBackward(backwardArgs(rows, cols, t, r));
    const h = 1e-2;
    for (let i = 0; i < rows * cols; i += 5) {
      const plus = Float32Array.from(t.x);
      const minus = Float32Array.from(t.x);
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      expect(t.dx[i]).toBeCloseTo((objective(plus, t.gamma) - objective(minus, t.gamma)) / (2 * h), 2);
    }
    const gPlus = Float32Array.from(t.gamma);
    const gMinus = Float32Array.from(t.gamma);
    gPlus[1] = gPlus[1]! + h;
    gMinus[1] = gMinus[1]! - h;
    expect(t.dGamma[1]).toBeCloseTo((objective(t.x, gPlus) - objective(t.x, gMinus)) / (2 * h), 2);
  });
});

describe.each(COMPILED)('batch norm, multiply and axpy on %s match the js reference', (_name, backend) => {
  it.each(SHAPES)('rows %i, cols %i, training and inference, in place and not', (rows, cols) => {
    for (const training of [true, false]) {
      for (const inPlace of [false, true]) {
        const { js, other } = runBoth(backend, inputs(rows, cols), (b, t) => {
          const y = inPlace ? t.x! : t.y!;
          const arrays = t as Arrays;
          b.batchNormForward(forwardArgs(rows, cols, arrays, training, { y, momentum: 0.1, eps: 1e-5 }));
          b.batchNormBackward(backwardArgs(rows, cols, arrays, arrays.dy, inPlace ? arrays.dy : arrays.dx));
        });
        for (const key of ['x', 'y', 'xhat', 'mean', 'invStd', 'runningMean', 'runningVar', 'dx', 'dy', 'dGamma', 'dBeta']) {
          expect(worstRatio(other.arrays[key]!, js.arrays[key]!, 1e-4, 1e-5).ratio, `${key} training=${training} inPlace=${inPlace}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('multiply and axpy, including in place', () => {
    const { js, other } = runBoth(backend, { x: randomValues(37, 1), y: randomValues(37, 2), out: randomValues(37, 3) }, (b, t) => {
      b.multiply(37, t.x!, t.y!, t.out!);
      b.axpy(37, 0.5, t.y!, t.out!);
      b.multiply(37, t.x!, t.y!, t.x!);
    });
    for (const key of ['x', 'out']) expect(worstRatio(other.arrays[key]!, js.arrays[key]!, 1e-6, 1e-7).ratio).toBeLessThanOrEqual(1);
  });
});
