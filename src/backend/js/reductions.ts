// Norms, clipping and L1/L2 penalty gradients over flat buffers.
import {
  CLIP_BY_NORM_MAX_NORM,
  CLIP_BY_NORM_NORM,
  CLIP_BY_VALUE_LIMIT,
  FIRST_NON_FINITE_INDEX,
  L1_PENALTY_LAMBDA,
  L1_PENALTY_PENALTY,
  L2_PENALTY_LAMBDA,
  L2_PENALTY_PENALTY,
  SUM_SQUARES_SUM,
} from '../kernel-abi.ts';

function sumOfSquares(n: number, x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]! * x[i]!;
  return sum;
}

export function sumSquares(n: number, x: Float32Array, s: Float64Array): void {
  s[SUM_SQUARES_SUM] = sumOfSquares(n, x);
}

export function firstNonFinite(n: number, x: Float32Array, s: Float64Array): void {
  let index = -1;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!(v - v === 0)) {
      index = i;
      break;
    }
  }
  s[FIRST_NON_FINITE_INDEX] = index;
}

/** torch.nn.utils.clip_grad_norm_: scale by maxNorm / (‖g‖ + 1e-6) when that is below 1. */
export function clipByNorm(n: number, g: Float32Array, s: Float64Array): void {
  const maxNorm = s[CLIP_BY_NORM_MAX_NORM]!;
  const norm = Math.sqrt(sumOfSquares(n, g));
  const coef = Math.fround(maxNorm / (norm + 1e-6));
  if (coef < 1) for (let i = 0; i < n; i++) g[i] = g[i]! * coef;
  s[CLIP_BY_NORM_NORM] = norm;
}

export function clipByValue(n: number, g: Float32Array, s: Float64Array): void {
  const limit = s[CLIP_BY_VALUE_LIMIT]!;
  for (let i = 0; i < n; i++) g[i] = Math.min(limit, Math.max(-limit, g[i]!));
}

export function l1Penalty(n: number, w: Float32Array, g: Float32Array, s: Float64Array): void {
  const lambda = s[L1_PENALTY_LAMBDA]!;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    sum += Math.abs(v);
    g[i] = g[i]! + lambda * Math.sign(v);
  }
  s[L1_PENALTY_PENALTY] = lambda * sum;
}

export function l2Penalty(n: number, w: Float32Array, g: Float32Array, s: Float64Array): void {
  const lambda = s[L2_PENALTY_LAMBDA]!;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    sum += v * v;
    g[i] = g[i]! + 2 * lambda * v;
  }
  s[L2_PENALTY_PENALTY] = lambda * sum;
}
