// Every optimizer's step is its kernel with the spec's options (RMSprop's momentum and centred
// averages, Adagrad, AdamW's decoupled decay), step after step, and createOptimizer refuses a
// bad spec with the error kind and value of the option that broke its rule.
import { describe, expect, it } from 'vitest';
import { createOptimizer, normalizeOptimizerSpec, optimizerSpecProblems } from '../../../src/nn/optimizers/index.ts';
import { JS, randomValues } from '../../backend/backends.ts';

/** Three steps of `spec`'s optimizer on fresh gradients each step, and the same through `kernel`. */
function stepsAgainstKernel(spec: Parameters<typeof createOptimizer>[2], kernel: (params: Float32Array, grads: Float32Array, step: number) => void) {
  const optimizer = createOptimizer(JS, 6, spec);
  const params = randomValues(6, 3);
  const expected = Float32Array.from(params);
  for (let step = 1; step <= 3; step++) {
    const grads = randomValues(6, 10 + step);
    kernel(expected, Float32Array.from(grads), step);
    optimizer.step(params, grads);
  }
  expect(params).toEqual(expected);
  expect(optimizer.steps).toBe(3);
}

describe('optimizer steps', () => {
  it('RMSprop with momentum keeps a velocity: 1 → 0.9 → 0.739 where plain RMSprop gives 0.9 → 0.829', () => {
    const run = (momentum: number) => {
      const optimizer = createOptimizer(JS, 1, { type: 'rmsprop', lr: 0.01, momentum });
      const params = Float32Array.of(1);
      const seen: number[] = [];
      for (let step = 0; step < 2; step++) {
        optimizer.step(params, Float32Array.of(1));
        seen.push(params[0]!);
      }
      return seen;
    };
    // v = 0.01 then 0.0199; d/avg = 10 then 7.0888; with momentum 0.9 the second step moves by 0.01 · (9 + 7.0888).
    const [a, b] = run(0.9);
    expect(a).toBeCloseTo(0.9, 5);
    expect(b).toBeCloseTo(0.739112, 5);
    const [c, d] = run(0);
    expect(c).toBeCloseTo(0.9, 5);
    expect(d).toBeCloseTo(0.829112, 5);
  });

  it('RMSprop, centred and with momentum, is the kernel with those options and buffers', () => {
    const state = { squareAvg: new Float32Array(6), momentumBuffer: new Float32Array(6), gradAvg: new Float32Array(6) };
    const options = { lr: 0.05, alpha: 0.9, eps: 1e-8, weightDecay: 0.1, momentum: 0.5, centered: true };
    stepsAgainstKernel({ type: 'rmsprop', ...options }, (p, g, step) => JS.rmspropStep(p, g, state, options, step));
  });

  it('Adagrad accumulates squared gradients: 1 → 0.9 → 0.8293 at lr 0.1 with gradient 2', () => {
    const optimizer = createOptimizer(JS, 1, { type: 'adagrad', lr: 0.1 });
    const params = Float32Array.of(1);
    optimizer.step(params, Float32Array.of(2));
    expect(params[0]).toBeCloseTo(0.9, 6);
    optimizer.step(params, Float32Array.of(2));
    expect(params[0]).toBeCloseTo(0.9 - 0.2 / Math.sqrt(8), 6);
    const state = { sum: new Float32Array(6) };
    const options = { lr: 0.1, lrDecay: 0.2, eps: 1e-10, weightDecay: 0.05, initialAccumulatorValue: 0 };
    stepsAgainstKernel({ type: 'adagrad', ...options }, (p, g, step) => JS.adagradStep(p, g, state, options, step));
  });

  it('AdamW decays the weights apart from the gradient, Adam adds the decay to it', () => {
    // g = 0, p = 1, lr 0.1, λ 0.5: AdamW shrinks p by lr·λ to 0.95 and its Adam part is 0/(0 + eps);
    // Adam sees d = λp = 0.5, whose bias-corrected step is lr · 0.5 / 0.5 = 0.1.
    const after = (type: 'adam' | 'adamw') => {
      const params = Float32Array.of(1);
      createOptimizer(JS, 1, { type, lr: 0.1, weightDecay: 0.5 }).step(params, Float32Array.of(0));
      return params[0];
    };
    expect(after('adamw')).toBeCloseTo(0.95, 6);
    expect(after('adam')).toBeCloseTo(0.9, 6);
    const state = { expAvg: new Float32Array(6), expAvgSq: new Float32Array(6) };
    const options = { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-8, weightDecay: 0.2, decoupled: true };
    stepsAgainstKernel({ type: 'adamw', lr: 0.01, beta1: 0.8, beta2: 0.99, weightDecay: 0.2 }, (p, g, step) => JS.adamStep(p, g, state, options, step));
  });

  it('SGD with momentum keeps its buffer across steps; without momentum each step is lr · g', () => {
    const state = { momentumBuffer: new Float32Array(6) };
    const options = { lr: 0.1, momentum: 0.7, dampening: 0.1, nesterov: false, weightDecay: 0 };
    stepsAgainstKernel({ type: 'sgd', ...options }, (p, g, step) => JS.sgdStep(p, g, state, options, step));
    const plain = createOptimizer(JS, 1, { type: 'sgd', lr: 0.5 });
    const params = Float32Array.of(1);
    plain.step(params, Float32Array.of(1));
    plain.step(params, Float32Array.of(1));
    expect(params[0]).toBe(0);
  });
});

describe('optimizer spec errors', () => {
  it('an unknown type names the field, the types and the value, from a string or an object', () => {
    const types = 'one of sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad';
    expect(() => normalizeOptimizerSpec('adamax' as never)).toThrow(new TypeError(`optimizer.type must be ${types}, got "adamax"`));
    expect(() => normalizeOptimizerSpec({ type: 'adamax' } as never, 'training.optimizer')).toThrow(new TypeError(`training.optimizer.type must be ${types}, got "adamax"`));
    expect(() => createOptimizer(JS, 1, { lr: 0.1 } as never)).toThrow(new TypeError(`optimizer.type must be ${types}, got undefined`));
  });

  it('a value of the wrong type is a TypeError, a number out of range a RangeError, an undefined option the default', () => {
    expect(() => normalizeOptimizerSpec({ type: 'adam', lr: '0.1' } as never)).toThrow(TypeError);
    expect(() => normalizeOptimizerSpec({ type: 'adam', lr: -1 })).toThrow(RangeError);
    expect(() => normalizeOptimizerSpec({ type: 'rmsprop', centered: 1 } as never)).toThrow(new TypeError('optimizer.centered must be a boolean, got 1'));
    expect(() => normalizeOptimizerSpec({ type: 'sgd', nesterov: 'no' } as never)).toThrow(TypeError);
    expect(optimizerSpecProblems({ type: 'rmsprop', centered: 1, alpha: 2, lr: 'x' } as never).map((p) => [p.key, p.kind])).toEqual([
      ['centered', 'type'],
      ['alpha', 'range'],
      ['lr', 'type'],
    ]);
    expect(createOptimizer(JS, 1, { type: 'adam', lr: undefined, beta1: undefined }).toJSON()).toMatchObject({ lr: 0.001, beta1: 0.9 });
  });

  it("Nesterov's combination rules are judged once every option is valid, and name the value that breaks them", () => {
    expect(() => normalizeOptimizerSpec({ type: 'sgd', nesterov: true, dampening: 0.5 })).toThrow(new RangeError('optimizer.momentum must be > 0 for Nesterov momentum, got 0'));
    expect(optimizerSpecProblems({ type: 'nesterov', momentum: 0.9, dampening: 0.25 })).toEqual([
      { key: 'dampening', rule: '0 for Nesterov momentum', value: 0.25, kind: 'combination' },
    ]);
    expect(optimizerSpecProblems({ type: 'nesterov', momentum: 0, lr: -1 }).map((p) => p.key)).toEqual(['lr']);
  });
});
