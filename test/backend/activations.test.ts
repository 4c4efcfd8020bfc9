// Activations, prelu and softmax (as a dense layer's activation): every compiled backend against the js
// reference (relative 2e-5, absolute 1e-6, float32 transcendental rounding), and the js
// reference's derivatives against central finite differences of its own forward pass.
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE_ACTIVATIONS, type ElementwiseActivation } from '../../src/backend/kernel-codes.ts';
import { COMPILED, JS, f32, randomValues, worstRatio } from './backends.ts';
import { runBoth } from './parity.ts';

const KINDS = ELEMENTWISE_ACTIVATIONS;
// 0 and ±large values cover the kinks and the saturated tails; 37 is not a multiple of 4 or 16.
const Z = Float32Array.from([...randomValues(37, 11, 6), 0, -0, 60, -60, 1e-4, -1e-4, 88, -88]);
const ALPHA: Partial<Record<ElementwiseActivation, number>> = { leakyRelu: 0.1, elu: 1.3 };

/** A units × inputs weight matrix that makes a dense layer's z equal its input. */
function identity(size: number): Float32Array {
  const w = new Float32Array(size * size);
  for (let i = 0; i < size; i++) w[i * size + i] = 1;
  return w;
}

describe.each(COMPILED)('activations on %s match the js reference', (_name, backend) => {
  it.each(KINDS)('%s forward and backward', (kind) => {
    const dA = randomValues(Z.length, 3);
    const { js, other } = runBoth(backend, { z: Z, a: new Float32Array(Z.length), dA, dZ: new Float32Array(Z.length) }, (b, x) => {
      b.activationForward(kind, Z.length, x.z!, x.a!, ALPHA[kind]);
      b.activationBackward(kind, Z.length, x.z!, x.a!, x.dA!, x.dZ!, ALPHA[kind]);
    });
    expect(worstRatio(other.arrays.a!, js.arrays.a!, 2e-5, 1e-6).ratio).toBeLessThanOrEqual(1);
    expect(worstRatio(other.arrays.dZ!, js.arrays.dZ!, 2e-5, 1e-6).ratio).toBeLessThanOrEqual(1);
  });

  it('prelu forward and backward, with its per-unit slope gradient', () => {
    const rows = 7;
    const cols = 13;
    const z = randomValues(rows * cols, 4, 3);
    const alpha = randomValues(cols, 5, 0.5);
    const { js, other } = runBoth(
      backend,
      { z, alpha, a: new Float32Array(rows * cols), dA: randomValues(rows * cols, 6), dZ: new Float32Array(rows * cols), dAlpha: new Float32Array(cols) },
      (b, x) => {
        b.preluForward(rows, cols, x.z!, x.alpha!, x.a!);
        b.preluBackward(rows, cols, x.z!, x.alpha!, x.dA!, x.dZ!, x.dAlpha!);
      },
    );
    for (const key of ['a', 'dZ', 'dAlpha']) expect(worstRatio(other.arrays[key]!, js.arrays[key]!, 1e-5, 1e-6).ratio).toBeLessThanOrEqual(1);
  });

  it('softmax forward (stable for logits of 1e4) and backward, through a dense layer whose z is its input', () => {
    const rows = 5;
    const cols = 11;
    const x = randomValues(rows * cols, 7, 4);
    x[3] = 1e4;
    x[20] = -1e4;
    const { js, other } = runBoth(
      backend,
      { x, w: identity(cols), bias: new Float32Array(cols), z: new Float32Array(rows * cols), a: new Float32Array(rows * cols), dA: randomValues(rows * cols, 8), dZ: new Float32Array(rows * cols), dW: new Float32Array(cols * cols), dB: new Float32Array(cols) },
      (b, t) => {
        b.denseForward({ rows, inputs: cols, units: cols, x: t.x!, weights: t.w!, bias: t.bias!, z: t.z!, a: t.a!, activation: 'softmax' });
        b.denseBackward({ rows, inputs: cols, units: cols, x: t.x!, weights: t.w!, z: t.z!, a: t.a!, dA: t.dA!, dZ: t.dZ!, dWeights: t.dW!, dBias: t.dB!, dX: null, activation: 'softmax' });
      },
    );
    expect(other.arrays.a!.every(Number.isFinite)).toBe(true);
    for (const key of ['a', 'dZ', 'dB']) expect(worstRatio(other.arrays[key]!, js.arrays[key]!, 2e-5, 1e-5).ratio).toBeLessThanOrEqual(1);
  });

  // The native softmax has its own vectorised exponential: logits from the row's max down to 95
  // below it (where e^x leaves the normal floats), across whole vectors and a remainder.
  it('softmax over logits spread 0 to 95 below the row max matches js, the smallest relatively', () => {
    const rows = 3;
    const cols = 37;
    const x = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[i * cols + j] = 3 * i - (95 * j) / (cols - 1);
    const { js, other } = runBoth(backend, { x, w: identity(cols), bias: new Float32Array(cols), z: new Float32Array(rows * cols), a: new Float32Array(rows * cols) }, (b, t) =>
      b.denseForward({ rows, inputs: cols, units: cols, x: t.x!, weights: t.w!, bias: t.bias!, z: t.z!, a: t.a!, activation: 'softmax' }),
    );
    const ours = other.arrays.a!;
    const reference = js.arrays.a!;
    for (let k = 0; k < rows * cols; k++) {
      // Normal floats (from 1.18e−38) to a relative 2e−5; subnormal ones may come out as 0.
      if (reference[k]! >= 1.18e-38) expect(Math.abs(ours[k]! - reference[k]!) / reference[k]!, `a[${k}]`).toBeLessThan(2e-5);
      else expect(ours[k]!, `a[${k}]`).toBeLessThan(1.18e-38);
    }
  });

  // Rows up to 32 wide go 16 at a time, transposed (whole blocks, then single rows): each width
  // at a block's edges, written apart from z and in place, with rows holding NaN and ±∞.
  it.each([1, 10, 16, 32, 33])('softmax of 37 rows %i wide, 16 rows at a time, matches js row by row', (cols) => {
    const rows = 37;
    const x = randomValues(rows * cols, 11, 6);
    x[2 * cols] = Number.NaN; // row 2 (first block)
    x[17 * cols + cols - 1] = Number.POSITIVE_INFINITY; // row 17 (second block)
    x[35 * cols] = Number.NEGATIVE_INFINITY; // row 35 (a single row)
    for (const inPlace of [false, true]) {
      const { js, other } = runBoth(backend, { x, w: identity(cols), bias: new Float32Array(cols), z: new Float32Array(rows * cols), a: new Float32Array(rows * cols) }, (b, t) =>
        b.denseForward({ rows, inputs: cols, units: cols, x: t.x!, weights: t.w!, bias: t.bias!, z: t.z!, a: inPlace ? t.z! : t.a!, activation: 'softmax' }),
      );
      const key = inPlace ? 'z' : 'a';
      const ours = other.arrays[key]!;
      const reference = js.arrays[key]!;
      expect(reference[2 * cols + cols - 1]).toBeNaN();
      expect(reference[17 * cols]).toBeNaN();
      for (let k = 0; k < rows * cols; k++) {
        if (Number.isNaN(reference[k]!)) expect(ours[k], `${key}[${k}]`).toBeNaN();
        else expect(Math.abs(ours[k]! - reference[k]!), `${key}[${k}]`).toBeLessThanOrEqual(2e-6 + 2e-5 * Math.abs(reference[k]!));
      }
    }
  });
});

describe('js reference derivatives', () => {
  it.each(KINDS)('%s backward equals a central finite difference of forward', (kind) => {
    const z = Float32Array.from([-2.5, -0.7, -0.05, 0.05, 0.7, 2.5]);
    const n = z.length;
    const a = f32(JS, new Float32Array(n));
    const dZ = f32(JS, new Float32Array(n));
    JS.activationForward(kind, n, z, a, ALPHA[kind]);
    JS.activationBackward(kind, n, z, a, new Float32Array(n).fill(1), dZ, ALPHA[kind]);
    const h = 1e-3;
    const plus = new Float32Array(n);
    const minus = new Float32Array(n);
    JS.activationForward(kind, n, z.map((v) => v + h), plus, ALPHA[kind]);
    JS.activationForward(kind, n, z.map((v) => v - h), minus, ALPHA[kind]);
    for (let i = 0; i < n; i++) expect(dZ[i]).toBeCloseTo((plus[i]! - minus[i]!) / (2 * h), 2);
  });

  it('softmax of equal logits is uniform and each row sums to 1', () => {
    const a = new Float32Array(6);
    JS.denseForward({ rows: 2, inputs: 3, units: 3, x: Float32Array.from([1, 1, 1, 1000, 0, -1000]), weights: identity(3), bias: new Float32Array(3), z: new Float32Array(6), a, activation: 'softmax' });
    expect([...a.subarray(0, 3)].map((v) => v.toFixed(6))).toEqual(['0.333333', '0.333333', '0.333333']);
    expect(a[3]).toBe(1);
  });
});
