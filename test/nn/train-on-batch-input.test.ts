// trainOnBatch reads a Float32Array batch where it is when the backend can (native and js any
// array, wasm its own memory), after a kernel scan for NaN and infinity, and copies it into the
// workspace otherwise: both paths must take the same step, leave x as it was, and refuse a
// non-finite value with the same error, naming its row and column.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import { f32, LOADED, randomValues } from '../backend/backends.ts';
import { sameBits } from '../fixtures/same-bits.ts';

// Input dropout and a skip connection read the input in both passes; batch norm and dropout keep
// the training-mode forward on the layer-by-layer path.
const config = {
  inputs: 5,
  inputDropout: 0.2,
  layers: [
    { units: 5, activation: 'relu' as const, batchNorm: true, dropout: 0.3, residual: true },
    { units: 3, activation: 'softmax' as const },
  ],
  loss: 'categoricalCrossEntropy' as const,
  seed: 8,
};
const ROWS = 7;
const X = randomValues(ROWS * 5, 12);
const Y = Int32Array.of(0, 1, 2, 2, 1, 0, 1);

describe.each(LOADED)('trainOnBatch on %s', (_name, backend) => {
  const model = () => {
    const m = new MLP(config, { backend });
    m.compile({ optimizer: { type: 'adam', lr: 0.01 } });
    return m;
  };

  it('takes the same steps from an array the backend reads in place and from one it copies, and leaves x as it was', () => {
    const inPlace = f32(backend, X);
    const copied = Float32Array.from(X);
    expect(backend.accepts(inPlace)).toBe(true);
    const a = model();
    const b = model();
    for (let step = 0; step < 3; step++) {
      expect(a.trainOnBatch(inPlace, Y)).toBe(b.trainOnBatch(copied, Y));
    }
    expect(sameBits(a.parameters, b.parameters)).toBe(true);
    expect(sameBits(a.state, b.state)).toBe(true);
    expect(sameBits(inPlace, X)).toBe(true);
    expect(sameBits(copied, X)).toBe(true);
  });

  it('refuses NaN or an infinity anywhere in x, naming the row and column, and leaves the parameters alone', () => {
    const m = model();
    const before = Float32Array.from(m.parameters);
    // The first value, a later row, and the last value, where the native scan's blocks end.
    for (const [index, value, message] of [
      [0, Number.NaN, 'x[0][0] must be a finite number, got NaN'],
      [13, Number.POSITIVE_INFINITY, 'x[2][3] must be a finite number, got Infinity'],
      [ROWS * 5 - 1, Number.NEGATIVE_INFINITY, 'x[6][4] must be a finite number, got -Infinity'],
    ] as const) {
      for (const x of [f32(backend, X), Float32Array.from(X)]) {
        x[index] = value;
        expect(() => m.trainOnBatch(x, Y)).toThrow(new RangeError(message));
      }
    }
    expect(sameBits(m.parameters, before)).toBe(true);
  });
});
