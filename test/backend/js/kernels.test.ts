// The js kernels as the addon ABI defines them (called raw, as the compiled ones are): each
// writes its n entries and nothing past them, and the PyTorch details a tolerance-based parity
// test cannot see: ε where it is large, clipping's 1e-6, sign(0) = 0 in the L1 gradient,
// RMSprop's grad_avg state, the dropout threshold's boundary and one random stream per state.
import { describe, expect, it } from 'vitest';
import { createJsKernels } from '../../../src/backend/js/js-backend.ts';
import { randomUint32 } from '../../../src/backend/js/random.ts';
import { ACTIVATION_CODES as A, BATCH_NORM_FLAGS, DENSE_FLAGS } from '../../../src/backend/kernel-codes.ts';
import { writeAdagradScalars, writeAdamScalars, writeRmspropScalars, writeSgdScalars } from '../../../src/backend/optimizer-scalars.ts';

const k = createJsKernels();
const TAIL = 7;

/** `values` followed by two sentinel entries the kernel must leave alone. */
const padded = (values: number[]) => Float32Array.from([...values, TAIL, TAIL]);
const tail = (array: ArrayLike<number>, n: number) => Array.from(array).slice(n);
const scalars = (...values: number[]) => Float64Array.from([...values, 0, 0, 0, 0, 0, 0, 0, 0]);

describe('js kernels write n entries and nothing past them', () => {
  it('the optimizer steps', () => {
    const n = 3;
    const run = (step: (p: Float32Array, g: Float32Array, buffers: Float32Array[]) => void, buffers: number) => {
      const p = padded([1, -2, 3]);
      const g = padded([0.5, 0.25, -1]);
      const state = Array.from({ length: buffers }, () => padded([0.1, 0.1, 0.1]));
      step(p, g, state);
      for (const array of [p, ...state]) expect(tail(array, n)).toEqual([TAIL, TAIL]);
      expect(p.slice(0, n).every((v) => Number.isFinite(v))).toBe(true);
    };
    const s = new Float64Array(8);
    writeSgdScalars({ lr: 0.1, momentum: 0.9 }, 2, s);
    run((p, g, [buf]) => k.sgdStep(n, p, g, buf!, s), 1);
    writeRmspropScalars({ lr: 0.1, momentum: 0.9, centered: true }, s);
    run((p, g, [sq, buf, avg]) => k.rmspropStep(n, p, g, sq!, buf!, avg!, s), 3);
    writeAdamScalars({ lr: 0.1 }, 2, s);
    run((p, g, [m, v]) => k.adamStep(n, p, g, m!, v!, s), 2);
    writeAdagradScalars({ lr: 0.1 }, 2, s);
    run((p, g, [sum]) => k.adagradStep(n, p, g, sum!, s), 1);
  });

  it('the softmax cross-entropies, clipping and batch norm', () => {
    const [rows, cols] = [2, 3];
    const size = rows * cols;
    const logits = padded([1, 2, 3, -1, 0, 1]);
    for (const oneHot of [false, true]) {
      const probs = padded(Array(size).fill(0));
      const dLogits = padded(Array(size).fill(0));
      if (oneHot) k.softmaxCrossEntropyOneHot(rows, cols, logits, padded([0, 0, 1, 1, 0, 0]), probs, dLogits, scalars());
      else k.softmaxCrossEntropyIndex(rows, cols, logits, Int32Array.of(2, 0, TAIL, TAIL), probs, dLogits, scalars());
      expect([tail(probs, size), tail(dLogits, size)]).toEqual([[TAIL, TAIL], [TAIL, TAIL]]);
    }
    const g = padded([3, -4, 12]);
    k.clipByNorm(3, g, scalars(1));
    k.clipByValue(3, g, scalars(0.5));
    expect(tail(g, 3)).toEqual([TAIL, TAIL]);

    const x = padded([1, 2, 3, 4, 5, 9]);
    const [mean, invStd] = [padded([0, 0, 0]), padded([0, 0, 0])];
    const [xhat, y, dx] = [padded(Array(size).fill(0)), padded(Array(size).fill(0)), padded(Array(size).fill(0))];
    const ones = padded([1, 1, 1]);
    k.batchNormForward(rows, cols, x, ones, padded([0, 0, 0]), padded([0, 0, 0]), padded([1, 1, 1]), mean, invStd, xhat, y, BATCH_NORM_FLAGS.training, scalars(0.1, 1e-5));
    k.batchNormBackward(rows, cols, padded([1, -1, 2, 0.5, 3, -2]), xhat, ones, invStd, dx, padded([0, 0, 0]), padded([0, 0, 0]));
    for (const array of [xhat, y, dx]) expect(tail(array, size)).toEqual([TAIL, TAIL]);
    expect(tail(mean, cols)).toEqual([TAIL, TAIL]);
  });

  it('the activations, prelu, softmax, the element-wise kernels and the dense layer with its bias', () => {
    const n = 4;
    // z's own tail is negative, so an activation written past n would not equal the sentinel.
    const z = Float32Array.of(-1, 0, 2, -3, -1, -1);
    const a = padded([0, 0, 0, 0]);
    const dZ = padded([0, 0, 0, 0]);
    k.activationForward(A.elu, n, z, a, scalars(1));
    k.activationBackward(A.elu, n, z, a, padded([1, 1, 1, 1]), dZ, scalars(1));
    k.preluForward(2, 2, z, padded([0.5, 0.5]), a);
    k.preluBackward(2, 2, z, padded([0.5, 0.5]), padded([1, 1, 1, 1]), dZ, padded([0, 0]));
    k.multiply(n, z, z, a);
    k.axpy(n, z, dZ, scalars(2));
    for (const array of [a, dZ]) expect(tail(array, n)).toEqual([TAIL, TAIL]);
    for (const code of [A.softmax, A.prelu, A.tanh]) {
      const [rows, inputs, units] = [2, 3, 2];
      const x = padded([1, 2, 3, -1, 0, 1]);
      const w = padded([0.5, -0.5, 1, 0, 1, -1]);
      const outputs = Array.from({ length: 7 }, () => padded(Array(rows * units).fill(0)));
      const [zz, aa, dA, dZZ, dW, dX] = outputs;
      const [bias, dB, slopes, dSlopes] = [padded([0.1, -0.1]), padded([9, 9]), padded([0.25, 0.25]), padded([9, 9])];
      k.denseForward(rows, inputs, units, x, w, bias, zz!, aa!, code, slopes, scalars(0));
      dA!.set([1, -1, 0.5, 2]);
      k.denseBackward(rows, inputs, units, x, w, zz!, aa!, dA!, dZZ!, dW!, dB, dX!, code, slopes, dSlopes, DENSE_FLAGS.inputGradient, scalars(0));
      for (const array of [zz!, aa!, dZZ!]) expect(tail(array, rows * units), String(code)).toEqual([TAIL, TAIL]);
      expect([tail(dB, units), tail(dSlopes, units)]).toEqual([[TAIL, TAIL], [TAIL, TAIL]]);
    }
  });

  it('randomUint32 draws n values: two calls of 2 continue the stream one call of 4 gives', () => {
    const [a, b] = [Uint32Array.of(1, 2, 3, 4), Uint32Array.of(1, 2, 3, 4)];
    const whole = new Uint32Array(4);
    randomUint32(a, 4, whole);
    const parts = new Uint32Array(6);
    randomUint32(b, 2, parts);
    randomUint32(b, 2, parts.subarray(2));
    expect([...parts.slice(0, 4)]).toEqual([...whole]);
    expect([...b]).toEqual([...a]);
  });
});

describe('js kernels: what parity at a tolerance cannot see', () => {
  it('ε adds to the denominator of RMSprop, Adam and Adagrad (a large ε shows it)', () => {
    const s = new Float64Array(8);
    const step = (kernel: (p: Float32Array, g: Float32Array) => void) => {
      const p = Float32Array.of(0);
      kernel(p, Float32Array.of(1));
      return p[0]!;
    };
    // RMSprop: v = (1 − 0.99)·1 → √v + ε = 0.1 + 0.5; centred, √(v − 0.01²) + ε.
    writeRmspropScalars({ lr: 0.1, eps: 0.5 }, s);
    expect(step((p, g) => k.rmspropStep(1, p, g, new Float32Array(1), new Float32Array(1), new Float32Array(1), s))).toBeCloseTo(-0.1 / 0.6, 6);
    writeRmspropScalars({ lr: 0.1, eps: 0.5, centered: true }, s);
    expect(step((p, g) => k.rmspropStep(1, p, g, new Float32Array(1), new Float32Array(1), new Float32Array(1), s))).toBeCloseTo(-0.1 / (Math.sqrt(0.0099) + 0.5), 6);
    // Adam's first step: m̂ = v̂ = 1, so the step is lr / (1 + ε); Adagrad's: lr · 1 / (√1 + ε).
    writeAdamScalars({ lr: 0.1, eps: 0.5 }, 1, s);
    expect(step((p, g) => k.adamStep(1, p, g, new Float32Array(1), new Float32Array(1), s))).toBeCloseTo(-0.1 / 1.5, 6);
    writeAdagradScalars({ lr: 0.1, eps: 0.5 }, 1, s);
    expect(step((p, g) => k.adagradStep(1, p, g, new Float32Array(1), s))).toBeCloseTo(-0.1 / 1.5, 6);
  });

  it("centred RMSprop keeps PyTorch's grad_avg, α·avg + (1 − α)·g, in its state", () => {
    const s = new Float64Array(8);
    writeRmspropScalars({ lr: 0.1, alpha: 0.9, centered: true }, s);
    const gradAvg = new Float32Array(2);
    const params = Float32Array.of(0, 0);
    k.rmspropStep(2, params, Float32Array.of(1, -2), new Float32Array(2), new Float32Array(2), gradAvg, s);
    expect(gradAvg[0]).toBeCloseTo(0.1, 7);
    expect(gradAvg[1]).toBeCloseTo(-0.2, 7);
    k.rmspropStep(2, params, Float32Array.of(1, -2), new Float32Array(2), new Float32Array(2), gradAvg, s);
    expect(gradAvg[0]).toBeCloseTo(0.19, 7);
  });

  it('clipByNorm scales by maxNorm / (‖g‖ + 1e-6) as torch.nn.utils.clip_grad_norm_ does, even for tiny norms', () => {
    // ‖g‖ = 2e-6 and maxNorm 1e-6: the coefficient is 1e-6 / 3e-6 = 1/3, not 1/2.
    const g = Float32Array.of(2e-6);
    const s = scalars(1e-6);
    k.clipByNorm(1, g, s);
    expect(g[0]).toBeCloseTo(2e-6 / 3, 12);
    expect(s[0]).toBeCloseTo(2e-6, 12);
  });

  it('softmax cross-entropy with target rows whose mass is not 1: ∂/∂z of Σ t·(LSE − z) is p·Σt − t', () => {
    // logits (0, 0): p = (1/2, 1/2); targets (1, 1) have mass 2, so dLogits = (1 − 1, 1 − 1) / 1 = 0, and the loss 2·ln 2.
    const probs = new Float32Array(2);
    const dLogits = new Float32Array(2);
    const s = scalars();
    k.softmaxCrossEntropyOneHot(1, 2, Float32Array.of(0, 0), Float32Array.of(1, 1), probs, dLogits, s);
    expect([...dLogits]).toEqual([0, 0]);
    expect(s[0]).toBeCloseTo(2 * Math.LN2, 6);
    k.softmaxCrossEntropyOneHot(1, 2, Float32Array.of(0, 0), Float32Array.of(0.5, 0), probs, dLogits, s);
    expect([...dLogits]).toEqual([-0.25, 0.25]);
  });

  it("l1Penalty's gradient is λ·sign(w), 0 at w = 0", () => {
    const g = Float32Array.of(1, 1, 1);
    const s = scalars(0.5);
    k.l1Penalty(3, Float32Array.of(2, 0, -3), g, s);
    expect([...g]).toEqual([1.5, 1, 0.5]);
    expect(s[0]).toBe(2.5);
  });

  it('dropoutMask keeps a draw equal to the threshold (P(keep) = 1 − threshold / 2^24) and drops one below it', () => {
    const first = new Uint32Array(1);
    randomUint32(Uint32Array.of(5, 6, 7, 8), 1, first);
    const top = first[0]! >>> 8;
    const mask = new Float32Array(1);
    k.dropoutMask(Uint32Array.of(5, 6, 7, 8), 1, mask, Float64Array.of(top, 2));
    expect(mask[0]).toBe(2);
    k.dropoutMask(Uint32Array.of(5, 6, 7, 8), 1, mask, Float64Array.of(top + 1, 2));
    expect(mask[0]).toBe(0);
  });

  it('sigmoid is 1 and 0 far out on either side, never NaN', () => {
    const a = new Float32Array(4);
    k.activationForward(A.sigmoid, 4, Float32Array.of(800, -800, 0, 20), a, scalars(0));
    expect([...a]).toEqual([1, 0, 0.5, Math.fround(1 / (1 + Math.exp(-20)))]);
  });

  it("prelu's backward at z = 0 is PyTorch's: the slope's side (α·g), and the slope gradients and bias sums overwrite what their arrays held", () => {
    const dZ = new Float32Array(2);
    const dAlpha = Float32Array.of(9, 9);
    k.preluBackward(1, 2, Float32Array.of(0, 2), Float32Array.of(0.25, 0.25), Float32Array.of(4, 4), dZ, dAlpha);
    expect([...dZ]).toEqual([1, 4]);
    expect([...dAlpha]).toEqual([0, 0]);
    const dB = Float32Array.of(9, 9);
    const dX = Float32Array.of(5, 5);
    k.denseBackward(1, 1, 2, Float32Array.of(1), Float32Array.of(1, 2), Float32Array.of(1, 1), Float32Array.of(1, 1), Float32Array.of(1, 1), new Float32Array(2), new Float32Array(2), dB, dX, A.identity, new Float32Array(0), new Float32Array(0), 0, scalars(0));
    expect([...dB]).toEqual([1, 1]);
    // Without the inputGradient flag (the first layer) dX is neither computed nor written.
    expect([...dX]).toEqual([5, 5]);
  });

  it('an unknown activation code is refused by name, forward and backward', () => {
    const one = new Float32Array(1);
    expect(() => k.activationForward(99, 1, one, one, scalars(0))).toThrow(new RangeError('activation code 99 is unknown'));
    expect(() => k.activationBackward(99, 1, one, one, one, one, scalars(0))).toThrow(new RangeError('activation code 99 is unknown'));
  });

  it('the js backend reports no SIMD and one thread', () => {
    expect(k.simdLevel()).toBe('none');
    expect(k.getThreads()).toBe(1);
  });
});
