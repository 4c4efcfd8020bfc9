// Norms, gradient clipping and weight penalties over flat buffers. Sums run in float64.
// Floating-point scalars arrive in, and results leave through, the scalar block s (f64 slots).
import {
  CLIP_BY_NORM_MAX_NORM, CLIP_BY_NORM_NORM, CLIP_BY_VALUE_LIMIT, L1_PENALTY_LAMBDA, L1_PENALTY_PENALTY, L2_PENALTY_LAMBDA, L2_PENALTY_PENALTY,
  FIRST_NON_FINITE_INDEX, SUM_SQUARES_SUM,
} from './kernel-slots';

/** Σ x² over n elements, in float64 (four f64x2 accumulators). */
function sumSquares64(n: i32, x: usize): f64 {
  const bytes = <usize>max(n, 0) << 2;
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let o: usize = 0;
  for (; o + 32 <= bytes; o += 32) {
    const a = v128.load(x + o);
    const b = v128.load(x + o, 16);
    const a0 = f64x2.promote_low_f32x4(a);
    const a1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1));
    const b0 = f64x2.promote_low_f32x4(b);
    const b1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1));
    s0 = f64x2.add(s0, f64x2.mul(a0, a0));
    s1 = f64x2.add(s1, f64x2.mul(a1, a1));
    s2 = f64x2.add(s2, f64x2.mul(b0, b0));
    s3 = f64x2.add(s3, f64x2.mul(b1, b1));
  }
  const acc = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let total = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; o < bytes; o += 4) {
    const v = <f64>load<f32>(x + o);
    total += v * v;
  }
  return total;
}

/** s[0] ← Σ x² over n elements (float64 accumulation). */
export function sumSquares(n: i32, x: usize, s: usize): void {
  store<f64>(s, sumSquares64(n, x), SUM_SQUARES_SUM);
}

/** The index of the first NaN or infinity among the n floats at x, or -1. */
export function nonFiniteIndex(n: i32, x: usize): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (!(v - v == 0)) return i;
  }
  return -1;
}

/** s[0] ← the index of the first NaN or infinity among n elements, or -1. */
export function firstNonFinite(n: i32, x: usize, s: usize): void {
  store<f64>(s, <f64>nonFiniteIndex(n, x), FIRST_NON_FINITE_INDEX);
}

/** f32 g *= coef over n elements. */
function scale(n: i32, g: usize, coef: f32): void {
  const bytes = <usize>max(n, 0) << 2;
  const vc = f32x4.splat(coef);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(g + o, f32x4.mul(v128.load(g + o), vc));
  for (; o < bytes; o += 4) store<f32>(g + o, load<f32>(g + o) * coef);
}

/**
 * torch.nn.utils.clip_grad_norm_: norm = sqrt(Σ g²); coef = maxNorm / (norm + 1e-6);
 * if coef < 1, g *= coef (float32). Scalar block s = [maxNorm]; s[0] ← the norm before clipping.
 */
export function clipByNorm(n: i32, g: usize, s: usize): void {
  const maxNorm = load<f64>(s, CLIP_BY_NORM_MAX_NORM);
  const norm = Math.sqrt(sumSquares64(n, g));
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) scale(n, g, <f32>coef);
  store<f64>(s, norm, CLIP_BY_NORM_NORM);
}

/** g = clamp(g, −limit, limit). Scalar block s = [limit]. */
export function clipByValue(n: i32, g: usize, s: usize): void {
  const limit = load<f64>(s, CLIP_BY_VALUE_LIMIT);
  const bytes = <usize>max(n, 0) << 2;
  const hi = <f32>limit;
  const lo = -hi;
  const vhi = f32x4.splat(hi), vlo = f32x4.splat(lo);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(g + o, f32x4.min(f32x4.max(v128.load(g + o), vlo), vhi));
  for (; o < bytes; o += 4) store<f32>(g + o, min(max(load<f32>(g + o), lo), hi));
}

/** g += λ·sign(w) (sign(0) = 0). Scalar block s = [lambda]; s[0] ← λ·Σ|w| (float64). */
export function l1Penalty(n: i32, w: usize, g: usize, s: usize): void {
  const lambda = load<f64>(s, L1_PENALTY_LAMBDA);
  const bytes = <usize>max(n, 0) << 2;
  const lam = <f32>lambda;
  const vpos = f32x4.splat(lam), vneg = f32x4.splat(-lam), zero = f32x4.splat(0);
  let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const wv = v128.load(w + o);
    const step = v128.or(v128.and(vpos, f32x4.gt(wv, zero)), v128.and(vneg, f32x4.lt(wv, zero)));
    v128.store(g + o, f32x4.add(v128.load(g + o), step));
    const aw = f32x4.abs(wv);
    acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(aw));
    acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(v128.shuffle<f32>(aw, aw, 2, 3, 0, 1)));
  }
  const acc = f64x2.add(acc0, acc1);
  let total = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; o < bytes; o += 4) {
    const wv = load<f32>(w + o);
    const step: f32 = wv > 0 ? lam : wv < 0 ? -lam : 0;
    store<f32>(g + o, load<f32>(g + o) + step);
    total += Math.abs(<f64>wv);
  }
  store<f64>(s, lambda * total, L1_PENALTY_PENALTY);
}

/** g += 2λ·w. Scalar block s = [lambda]; s[0] ← λ·Σw² (float64, the Keras convention). */
export function l2Penalty(n: i32, w: usize, g: usize, s: usize): void {
  const lambda = load<f64>(s, L2_PENALTY_LAMBDA);
  const bytes = <usize>max(n, 0) << 2;
  const twoLam = <f32>(2 * lambda);
  const vc = f32x4.splat(twoLam);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.mul(vc, v128.load(w + o))));
  for (; o < bytes; o += 4) store<f32>(g + o, load<f32>(g + o) + twoLam * load<f32>(w + o));
  store<f64>(s, lambda * sumSquares64(n, w), L2_PENALTY_PENALTY);
}
