// An inference forward pass through a stack of dense layers in one call (the plan's slots are
// DENSE_STACK_* in kernel-codes.ts): each layer is denseForward, hidden activations in place in
// the two halves of scratch in turn, the last layer's activations in out.
import {
  DENSE_STACK_ACTIVATION, DENSE_STACK_ALPHA, DENSE_STACK_BIAS, DENSE_STACK_HEADER, DENSE_STACK_INPUTS, DENSE_STACK_LAYERS,
  DENSE_STACK_RESULT, DENSE_STACK_SLOPES, DENSE_STACK_STRIDE, DENSE_STACK_UNITS, DENSE_STACK_WEIGHTS,
} from './kernel-codes';
import { denseForward } from './dense';
import { nonFiniteIndex } from './reductions';

// @ts-ignore: decorator
@inline function slot(plan: usize, layer: i32, index: i32): usize {
  return plan + ((<usize>(DENSE_STACK_HEADER + layer * DENSE_STACK_STRIDE + index)) << 3);
}

/**
 * plan[result] = the index of the first non-finite value among x's rows × inputs (then nothing
 * else is computed), or -1; then z = x·wᵀ + b, a = g(z) layer by layer (layer l's z and, for
 * hidden layers, a in half l % 2 of scratch; the last layer's a in out).
 */
export function denseStackForward(rows: i32, plan: usize, params: usize, x: usize, scratch: usize, out: usize): void {
  const layers = <i32>load<f64>(plan + (<usize>DENSE_STACK_LAYERS << 3));
  const bad = nonFiniteIndex(rows * <i32>load<f64>(slot(plan, 0, DENSE_STACK_INPUTS)), x);
  store<f64>(plan + (<usize>DENSE_STACK_RESULT << 3), <f64>bad);
  if (bad >= 0 || rows <= 0) return;
  let width = 0;
  for (let l = 0; l < layers; l++) width = max(width, <i32>load<f64>(slot(plan, l, DENSE_STACK_UNITS)));
  const halfBytes = (<usize>rows * <usize>width) << 2;
  let input = x;
  for (let l = 0; l < layers; l++) {
    const z = scratch + <usize>(l & 1) * halfBytes;
    const a = l + 1 == layers ? out : z;
    denseForward(
      rows, <i32>load<f64>(slot(plan, l, DENSE_STACK_INPUTS)), <i32>load<f64>(slot(plan, l, DENSE_STACK_UNITS)), input,
      params + ((<usize>load<f64>(slot(plan, l, DENSE_STACK_WEIGHTS))) << 2), params + ((<usize>load<f64>(slot(plan, l, DENSE_STACK_BIAS))) << 2),
      z, a, <i32>load<f64>(slot(plan, l, DENSE_STACK_ACTIVATION)), params + ((<usize>load<f64>(slot(plan, l, DENSE_STACK_SLOPES))) << 2),
      slot(plan, l, DENSE_STACK_ALPHA),
    );
    input = a;
  }
}
