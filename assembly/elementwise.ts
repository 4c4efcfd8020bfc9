// Element-wise products and scaled sums over flat float32 buffers (dropout masks, residual
// connections). Loads and stores are f32x4 with scalar tails.
import { AXPY_ALPHA } from './kernel-slots';

/** out[i] = x[i]·y[i] over n elements; out may be x or y. */
export function multiply(n: i32, x: usize, y: usize, out: usize): void {
  const bytes = <usize>max(n, 0) << 2;
  let o: usize = 0;
  for (; o + 32 <= bytes; o += 32) {
    const a0 = f32x4.mul(v128.load(x + o), v128.load(y + o));
    const a1 = f32x4.mul(v128.load(x + o, 16), v128.load(y + o, 16));
    v128.store(out + o, a0);
    v128.store(out + o, a1, 16);
  }
  for (; o + 16 <= bytes; o += 16) v128.store(out + o, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  for (; o < bytes; o += 4) store<f32>(out + o, load<f32>(x + o) * load<f32>(y + o));
}

/**
 * out[i] += alpha·x[i] over n elements; s = [alpha]. The product and sum are formed in float64
 * (alpha is not rounded to f32) and rounded once to f32, as the double-precision reference does.
 * out may be x (out = (1 + alpha)·out, up to that rounding).
 */
export function axpy(n: i32, x: usize, out: usize, s: usize): void {
  const alpha = load<f64>(s, AXPY_ALPHA);
  const bytes = <usize>max(n, 0) << 2;
  const va = f64x2.splat(alpha);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const xv = v128.load(x + o);
    const ov = v128.load(out + o);
    const r0 = f64x2.add(f64x2.promote_low_f32x4(ov), f64x2.mul(va, f64x2.promote_low_f32x4(xv)));
    const r1 = f64x2.add(
      f64x2.promote_low_f32x4(v128.shuffle<f32>(ov, ov, 2, 3, 0, 1)),
      f64x2.mul(va, f64x2.promote_low_f32x4(v128.shuffle<f32>(xv, xv, 2, 3, 0, 1))),
    );
    v128.store(out + o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(r0), f32x4.demote_f64x2_zero(r1), 0, 1, 4, 5));
  }
  for (; o < bytes; o += 4) store<f32>(out + o, <f32>(<f64>load<f32>(out + o) + alpha * <f64>load<f32>(x + o)));
}
