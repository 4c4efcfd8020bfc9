// Gradient clipping with clipNorm and clipValue set together: the global norm is scaled first,
// then every entry is clamped (the order matters), on every backend, and the spec round-trips.
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../src/nn/optimizers/index.ts';
import { f32, JS, LOADED } from '../../backend/backends.ts';

describe.each(LOADED)('clipNorm with clipValue (%s)', (_name, backend) => {
  it('scales to the norm, then clamps each entry; the norm before clipping is kept', () => {
    // ‖(3, 4)‖ = 5 → (0.6, 0.8) at norm 1 → (0.6, 0.7) clamped at 0.7. Clamping first would give
    // (0.7, 0.7), whose norm 0.99 is under 1, and leave it so.
    const optimizer = createOptimizer(backend, 2, { type: 'sgd', lr: 1, clipNorm: 1, clipValue: 0.7 });
    const params = f32(backend, [0, 0]);
    const grads = f32(backend, [3, -4]);
    optimizer.step(params, grads);
    expect(grads[0]).toBeCloseTo(0.6, 5);
    expect(grads[1]).toBeCloseTo(-0.7, 6);
    expect(params[0]).toBeCloseTo(-0.6, 5);
    expect(params[1]).toBeCloseTo(0.7, 6);
    expect((optimizer as unknown as { norm: Float64Array }).norm[0]).toBeCloseTo(5, 5);
  });

  it('a gradient inside both limits is left as it is', () => {
    const optimizer = createOptimizer(backend, 3, { type: 'sgd', lr: 0.5, clipNorm: 10, clipValue: 1 });
    const params = f32(backend, [1, 1, 1]);
    const grads = f32(backend, [0.5, -0.25, 0.125]);
    optimizer.step(params, grads);
    expect([...grads]).toEqual([0.5, -0.25, 0.125]);
    expect([...params]).toEqual([0.75, 1.125, 0.9375]);
  });

  it('clips before every step, not only the first', () => {
    const optimizer = createOptimizer(backend, 2, { type: 'sgd', lr: 1, clipNorm: 1, clipValue: 0.7 });
    const params = f32(backend, [0, 0]);
    for (let step = 0; step < 3; step++) optimizer.step(params, f32(backend, [30, 40]));
    expect(params[0]).toBeCloseTo(-1.8, 5);
    expect(params[1]).toBeCloseTo(-2.1, 5);
    expect(optimizer.steps).toBe(3);
  });
});

describe('clipping in the spec', () => {
  it('toJSON keeps both limits, and the spec builds an optimizer that clips the same', () => {
    for (const type of ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw', 'adagrad'] as const) {
      const spec = createOptimizer(JS, 2, { type, lr: 0.1, clipNorm: 1, clipValue: 0.7 }).toJSON();
      expect(spec).toMatchObject({ type, lr: 0.1, clipNorm: 1, clipValue: 0.7 });
      const again = createOptimizer(JS, 2, spec);
      const grads = Float32Array.of(3, -4);
      again.step(new Float32Array(2), grads);
      expect(grads[0]).toBeCloseTo(0.6, 5);
      expect(grads[1]).toBeCloseTo(-0.7, 6);
    }
  });

  it('without clipping, the spec has neither key and gradients pass untouched', () => {
    const optimizer = createOptimizer(JS, 2, { type: 'sgd', lr: 1 });
    expect(optimizer.toJSON()).not.toHaveProperty('clipNorm');
    expect(optimizer.toJSON()).not.toHaveProperty('clipValue');
    const grads = Float32Array.of(300, -400);
    optimizer.step(new Float32Array(2), grads);
    expect([...grads]).toEqual([300, -400]);
  });

  it('rejects negative limits with the field, the rule and the value', () => {
    expect(() => createOptimizer(JS, 2, { type: 'sgd', clipNorm: -1 })).toThrow(/optimizer\.clipNorm must be .*got -1/);
    expect(() => createOptimizer(JS, 2, { type: 'sgd', clipValue: -0.5 })).toThrow(/optimizer\.clipValue must be .*got -0\.5/);
  });
});
