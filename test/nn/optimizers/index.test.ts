// createOptimizer: PyTorch's defaults, specs that round-trip, one update per step over the flat
// buffers (checked against the backend kernel called directly), and clear errors.
import { describe, expect, it } from 'vitest';
import { createOptimizer, normalizeOptimizerSpec } from '../../../src/nn/optimizers/index.ts';
import { JS, randomValues } from '../../backend/backends.ts';

describe('optimizers', () => {
  it('fill PyTorch defaults; momentum and nesterov are SGD with momentum 0.9', () => {
    expect(createOptimizer(JS, 4, 'adam').toJSON()).toEqual({ type: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    expect(createOptimizer(JS, 4, 'adamw').toJSON()).toMatchObject({ type: 'adamw', weightDecay: 0.01 });
    expect(createOptimizer(JS, 4, 'momentum').toJSON()).toMatchObject({ type: 'momentum', momentum: 0.9, nesterov: false });
    expect(createOptimizer(JS, 4, 'nesterov').toJSON()).toMatchObject({ type: 'nesterov', momentum: 0.9, nesterov: true });
    expect(createOptimizer(JS, 4, 'adagrad').toJSON()).toMatchObject({ type: 'adagrad', lr: 0.01, eps: 1e-10, initialAccumulatorValue: 0 });
    for (const type of ['sgd', 'rmsprop', 'adam', 'adagrad'] as const) {
      const spec = createOptimizer(JS, 4, { type, lr: 0.05 }).toJSON();
      expect(createOptimizer(JS, 4, spec).toJSON()).toEqual(spec);
    }
  });

  it('step once per call, matching the backend kernel with the same state and step count', () => {
    const optimizer = createOptimizer(JS, 8, { type: 'adam', lr: 0.1 });
    const params = randomValues(8, 1);
    const grads = randomValues(8, 2);
    const expected = Float32Array.from(params);
    const state = { expAvg: new Float32Array(8), expAvgSq: new Float32Array(8) };
    for (let step = 1; step <= 3; step++) {
      optimizer.step(params, grads);
      JS.adamStep(expected, grads, state, { lr: 0.1 }, step);
    }
    expect(optimizer.steps).toBe(3);
    expect(params).toEqual(expected);
  });

  it('lr can be changed between steps (schedules do that)', () => {
    const optimizer = createOptimizer(JS, 1, { type: 'sgd', lr: 1 });
    const params = Float32Array.of(1);
    optimizer.lr = 0.5;
    optimizer.step(params, Float32Array.of(1));
    expect(params[0]).toBe(0.5);
  });

  it('reject unknown types, unknown options and out-of-range values', () => {
    expect(() => normalizeOptimizerSpec({ type: 'adam', beta1: 1 })).toThrow('optimizer.beta1 must be in [0, 1), got 1');
    expect(() => normalizeOptimizerSpec({ type: 'sgd', momentun: 0.9 } as never)).toThrow(/optimizer\.momentun must be one of the options/);
    expect(() => normalizeOptimizerSpec({ type: 'nesterov', momentum: 0 })).toThrow('optimizer.momentum must be > 0 for Nesterov momentum, got 0');
    expect(() => normalizeOptimizerSpec({ type: 'rmsprop', centered: 'yes' } as never)).toThrow('optimizer.centered must be a boolean, got "yes"');
  });

  it('refuse an option the optimizer does not take, and Nesterov without momentum or with dampening, before any step', () => {
    expect(() => normalizeOptimizerSpec({ type: 'sgd', beta1: 0.9 })).toThrow(
      new TypeError('optimizer.beta1 must be one of the options of sgd (lr, momentum, dampening, nesterov, weightDecay, clipNorm, clipValue), got "beta1"'),
    );
    expect(() => normalizeOptimizerSpec({ type: 'adam', momentum: 0.9 })).toThrow(/^optimizer\.momentum must be one of the options of adam \(/);
    // Plain SGD's momentum defaults to 0, so nesterov: true alone used to pass here and fail at the first step.
    expect(() => createOptimizer(JS, 2, { type: 'sgd', nesterov: true })).toThrow(new RangeError('optimizer.momentum must be > 0 for Nesterov momentum, got 0'));
    expect(() => createOptimizer(JS, 2, { type: 'nesterov', dampening: 0.5 })).toThrow(new RangeError('optimizer.dampening must be 0 for Nesterov momentum, got 0.5'));
    expect(() => createOptimizer(JS, 2, { type: 'nesterov', nesterov: false, dampening: 0.5 })).not.toThrow();
  });
});
