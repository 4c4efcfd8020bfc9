// denseStackForward for the js reference: the plan's layers through the js denseForward. The
// kernels take whole arrays, so the views of each layer's parameters and of the two scratch
// halves are made once per (plan, params, scratch, rows) and reused: repeated calls allocate
// nothing.
import { DENSE_STACK_PLAN as P } from '../kernel-codes.ts';

type DenseForward = (
  rows: number, inputs: number, units: number, x: Float32Array, w: Float32Array, bias: Float32Array, z: Float32Array, a: Float32Array,
  code: number, slopes: Float32Array, s: Float64Array,
) => void;

interface Views {
  params: Float32Array;
  scratch: Float32Array;
  rows: number;
  weights: Float32Array[];
  bias: Float32Array[];
  slopes: Float32Array[];
  halves: [Float32Array, Float32Array];
}

const EMPTY = new Float32Array(0);

function makeViews(plan: Float64Array, params: Float32Array, scratch: Float32Array, rows: number): Views {
  const layers = plan[P.layers]!;
  // Stryker disable next-line ArrayDeclaration: halves is set below, before anything reads it
  const views: Views = { params, scratch, rows, weights: [], bias: [], slopes: [], halves: [EMPTY, EMPTY] };
  let width = 0;
  for (let l = 0; l < layers; l++) {
    const slot = P.header + P.stride * l;
    // Stryker disable next-line ArithmeticOperator: P.inputs is 0, so slot - P.inputs is the same slot
    const inputs = plan[slot + P.inputs]!;
    const units = plan[slot + P.units]!;
    const w = plan[slot + P.weights]!;
    const b = plan[slot + P.bias]!;
    const slopes = plan[slot + P.slopes]!;
    views.weights.push(params.subarray(w, w + units * inputs));
    views.bias.push(params.subarray(b, b + units));
    views.slopes.push(params.subarray(slopes, slopes + units));
    width = Math.max(width, units);
  }
  views.halves = [scratch.subarray(0, rows * width), scratch.subarray(rows * width, 2 * rows * width)];
  return views;
}

export function createDenseStackForward(denseForward: DenseForward) {
  const cache = new WeakMap<Float64Array, Views>();
  // The alpha of each layer, as denseForward reads it (s[0]).
  const alpha = new Float64Array(1);
  return function denseStackForward(rows: number, plan: Float64Array, params: Float32Array, x: Float32Array, scratch: Float32Array, out: Float32Array): void {
    // Stryker disable next-line ArithmeticOperator: P.inputs is 0, so P.header - P.inputs is the same slot
    const inputs = plan[P.header + P.inputs]!;
    plan[P.result] = -1;
    for (let i = 0, n = rows * inputs; i < n; i++) {
      const v = x[i]!;
      if (!(v - v === 0)) {
        plan[P.result] = i;
        return;
      }
    }
    // Stryker disable next-line ConditionalExpression: with no rows the layers below compute and write nothing either
    if (rows === 0) return;
    let views = cache.get(plan);
    if (views === undefined || views.params !== params || views.scratch !== scratch || views.rows !== rows) {
      views = makeViews(plan, params, scratch, rows);
      // Stryker disable next-line CallExpression: without the cache the views are rebuilt each call, the same views (speed only)
      cache.set(plan, views);
    }
    const layers = plan[P.layers]!;
    let input = x;
    // Stryker disable next-line EqualityOperator: a step past the last layer reads undefined sizes (NaN loop bounds), so it computes and writes nothing
    for (let l = 0; l < layers; l++) {
      const slot = P.header + P.stride * l;
      const z = views.halves[l % 2]!;
      const a = l + 1 === layers ? out : z;
      alpha[0] = plan[slot + P.alpha]!;
      denseForward(rows, plan[slot + P.inputs]!, plan[slot + P.units]!, input, views.weights[l]!, views.bias[l]!, z, a, plan[slot + P.activation]!, views.slopes[l]!, alpha);
      input = a;
    }
  };
}
