// Batch normalisation per column of a rows×cols matrix (PyTorch semantics, running statistics
// with momentum and the unbiased variance). Every per-column sum runs in float64 over the rows
// in row order (one f64x2 lane per column), so means, two-pass variances and every output follow
// the double-precision reference (src/backend/js/normalization.ts) operation for operation.
// Loads and stores are f32x4, arithmetic f64x2: 16-column blocks first, then 4-column groups,
// then a scalar tail for cols % 4.
import { BATCH_NORM_TRAINING } from './kernel-codes';
import { BATCH_NORM_FORWARD_EPS, BATCH_NORM_FORWARD_MOMENTUM } from './kernel-slots';

// @ts-ignore: decorator
@inline
function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

// @ts-ignore: decorator
@inline
function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** [lo0, lo1, hi0, hi1] rounded to f32. */
// @ts-ignore: decorator
@inline
function demote4(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// Column blocks of 16 (one 64-byte cache line per row) are walked row by row, so a power-of-two
// row stride cannot make the 4-column strided walk thrash one cache set. Their per-column f64
// accumulators and constants live in this static scratch (the module never re-enters).
const BLOCK_COLS = 16;
const SCRATCH: usize = memory.data(BLOCK_COLS * 8 * 6, 64);
const ACC_A: usize = SCRATCH;
const ACC_B: usize = SCRATCH + 128;
const K_MU: usize = SCRATCH + 256;
const K_INV: usize = SCRATCH + 384;
const K_G: usize = SCRATCH + 512;
const K_B: usize = SCRATCH + 640;

/** acc[0..4] (f64, at p) += v (4 × f32). */
// @ts-ignore: decorator
@inline
function accumulate(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), lo64(v)));
  v128.store(p, f64x2.add(v128.load(p, 16), hi64(v)), 16);
}

/** acc[0..4] (f64, at p) += (v − mu)², mu at m. */
// @ts-ignore: decorator
@inline
function accumulateSquares(p: usize, m: usize, v: v128): void {
  const d0 = f64x2.sub(lo64(v), v128.load(m));
  const d1 = f64x2.sub(hi64(v), v128.load(m, 16));
  v128.store(p, f64x2.add(v128.load(p), f64x2.mul(d0, d0)));
  v128.store(p, f64x2.add(v128.load(p, 16), f64x2.mul(d1, d1)), 16);
}

/** f64 dst[0..4] = src[0..4] (f32). */
// @ts-ignore: decorator
@inline
function widen(dst: usize, src: usize): void {
  const v = v128.load(src);
  v128.store(dst, lo64(v));
  v128.store(dst, hi64(v), 16);
}

/** f32 dst[0..4] = src[0..4] (f64). */
// @ts-ignore: decorator
@inline
function narrow(dst: usize, src: usize): void {
  v128.store(dst, demote4(v128.load(src), v128.load(src, 16)));
}

/** Group q (4 columns at byte k = 32·q of the f64 scratch) of one row: xhat and y. */
// @ts-ignore: decorator
@inline
function normalizeGroup(xr: usize, hr: usize, yr: usize, k: usize): void {
  const v = v128.load(xr);
  const h0 = f64x2.mul(f64x2.sub(lo64(v), v128.load(K_MU + k)), v128.load(K_INV + k));
  const h1 = f64x2.mul(f64x2.sub(hi64(v), v128.load(K_MU + k, 16)), v128.load(K_INV + k, 16));
  v128.store(hr, demote4(h0, h1));
  v128.store(yr, demote4(
    f64x2.add(f64x2.mul(v128.load(K_G + k), h0), v128.load(K_B + k)),
    f64x2.add(f64x2.mul(v128.load(K_G + k, 16), h1), v128.load(K_B + k, 16)),
  ));
}

/** Group q of one row of the backward pass: dx from dy, xhat and the f64 column constants. */
// @ts-ignore: decorator
@inline
function gradientGroup(dr: usize, hr: usize, xr: usize, k: usize, vn: v128): void {
  const d = v128.load(dr);
  const h = v128.load(hr);
  const t0 = f64x2.sub(f64x2.sub(f64x2.mul(vn, lo64(d)), v128.load(ACC_A + k)), f64x2.mul(lo64(h), v128.load(ACC_B + k)));
  const t1 = f64x2.sub(f64x2.sub(f64x2.mul(vn, hi64(d)), v128.load(ACC_A + k, 16)), f64x2.mul(hi64(h), v128.load(ACC_B + k, 16)));
  v128.store(xr, demote4(f64x2.mul(v128.load(K_MU + k), t0), f64x2.mul(v128.load(K_MU + k, 16), t1)));
}

/**
 * s = [momentum, eps]. With BATCH_NORM_TRAINING: μ_j and the biased σ²_j over the rows (two
 * passes, float64); mean ← μ, invStd ← 1/√(σ² + eps); runningMean ← (1 − m)·runningMean + m·μ,
 * runningVar ← (1 − m)·runningVar + m·Σ(x − μ)²/(rows − 1) (untouched when rows = 1).
 * Without it: mean ← runningMean, invStd ← 1/√(runningVar + eps), running statistics untouched.
 * Then xhat = (x − mean)·invStd and y = gamma·xhat + beta. y may be x (each element is read
 * before either output is written).
 */
export function batchNormForward(
  rows: i32, cols: i32, x: usize, gamma: usize, beta: usize, runningMean: usize, runningVar: usize,
  mean: usize, invStd: usize, xhat: usize, y: usize, flags: i32, s: usize,
): void {
  if (cols <= 0) return;
  const momentum = load<f64>(s, BATCH_NORM_FORWARD_MOMENTUM);
  const eps = load<f64>(s, BATCH_NORM_FORWARD_EPS);
  const training = (flags & BATCH_NORM_TRAINING) != 0;
  const rowBytes = <usize>cols << 2;
  const endBytes = <usize>max(rows, 0) * rowBytes;
  const n = <f64>rows;
  const keep = 1 - momentum;
  const vn = f64x2.splat(n);
  const vkeep = f64x2.splat(keep);
  const vm = f64x2.splat(momentum);
  const vunb = f64x2.splat(n - 1);
  const veps = f64x2.splat(eps);
  const one = f64x2.splat(1);
  let j = 0;
  for (; j + BLOCK_COLS <= cols; j += BLOCK_COLS) {
    const o = <usize>j << 2;
    const end = endBytes + o;
    if (training) {
      memory.fill(ACC_A, 0, 256);
      for (let r: usize = o; r < end; r += rowBytes) {
        const p = x + r;
        accumulate(ACC_A, v128.load(p));
        accumulate(ACC_A + 32, v128.load(p, 16));
        accumulate(ACC_A + 64, v128.load(p, 32));
        accumulate(ACC_A + 96, v128.load(p, 48));
      }
      for (let k: usize = 0; k < 128; k += 16) v128.store(K_MU + k, f64x2.div(v128.load(ACC_A + k), vn));
      for (let r: usize = o; r < end; r += rowBytes) {
        const p = x + r;
        accumulateSquares(ACC_B, K_MU, v128.load(p));
        accumulateSquares(ACC_B + 32, K_MU + 32, v128.load(p, 16));
        accumulateSquares(ACC_B + 64, K_MU + 64, v128.load(p, 32));
        accumulateSquares(ACC_B + 96, K_MU + 96, v128.load(p, 48));
      }
      for (let q: usize = 0; q < 64; q += 16) {
        const k = q << 1;
        const mu0 = v128.load(K_MU + k), mu1 = v128.load(K_MU + k, 16);
        const q0 = v128.load(ACC_B + k), q1 = v128.load(ACC_B + k, 16);
        const rm = v128.load(runningMean + o + q);
        v128.store(runningMean + o + q, demote4(
          f64x2.add(f64x2.mul(vkeep, lo64(rm)), f64x2.mul(vm, mu0)),
          f64x2.add(f64x2.mul(vkeep, hi64(rm)), f64x2.mul(vm, mu1)),
        ));
        if (rows > 1) {
          const rv = v128.load(runningVar + o + q);
          v128.store(runningVar + o + q, demote4(
            f64x2.add(f64x2.mul(vkeep, lo64(rv)), f64x2.div(f64x2.mul(vm, q0), vunb)),
            f64x2.add(f64x2.mul(vkeep, hi64(rv)), f64x2.div(f64x2.mul(vm, q1), vunb)),
          ));
        }
        v128.store(K_INV + k, f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.div(q0, vn), veps))));
        v128.store(K_INV + k, f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.div(q1, vn), veps))), 16);
      }
    } else {
      for (let q: usize = 0; q < 64; q += 16) {
        const k = q << 1;
        widen(K_MU + k, runningMean + o + q);
        const rv = v128.load(runningVar + o + q);
        v128.store(K_INV + k, f64x2.div(one, f64x2.sqrt(f64x2.add(lo64(rv), veps))));
        v128.store(K_INV + k, f64x2.div(one, f64x2.sqrt(f64x2.add(hi64(rv), veps))), 16);
      }
    }
    for (let q: usize = 0; q < 64; q += 16) {
      const k = q << 1;
      narrow(mean + o + q, K_MU + k);
      narrow(invStd + o + q, K_INV + k);
      widen(K_G + k, gamma + o + q);
      widen(K_B + k, beta + o + q);
    }
    for (let r: usize = o; r < end; r += rowBytes) {
      normalizeGroup(x + r, xhat + r, y + r, 0);
      normalizeGroup(x + r + 16, xhat + r + 16, y + r + 16, 32);
      normalizeGroup(x + r + 32, xhat + r + 32, y + r + 32, 64);
      normalizeGroup(x + r + 48, xhat + r + 48, y + r + 48, 96);
    }
  }
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    let mu0: v128, mu1: v128, var0: v128, var1: v128;
    if (training) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
      for (let r: usize = o; r < endBytes + o; r += rowBytes) {
        const v = v128.load(x + r);
        s0 = f64x2.add(s0, lo64(v));
        s1 = f64x2.add(s1, hi64(v));
      }
      mu0 = f64x2.div(s0, vn);
      mu1 = f64x2.div(s1, vn);
      let q0 = f64x2.splat(0), q1 = f64x2.splat(0);
      for (let r: usize = o; r < endBytes + o; r += rowBytes) {
        const v = v128.load(x + r);
        const d0 = f64x2.sub(lo64(v), mu0);
        const d1 = f64x2.sub(hi64(v), mu1);
        q0 = f64x2.add(q0, f64x2.mul(d0, d0));
        q1 = f64x2.add(q1, f64x2.mul(d1, d1));
      }
      var0 = f64x2.div(q0, vn);
      var1 = f64x2.div(q1, vn);
      const rm = v128.load(runningMean + o);
      v128.store(runningMean + o, demote4(
        f64x2.add(f64x2.mul(vkeep, lo64(rm)), f64x2.mul(vm, mu0)),
        f64x2.add(f64x2.mul(vkeep, hi64(rm)), f64x2.mul(vm, mu1)),
      ));
      if (rows > 1) {
        const rv = v128.load(runningVar + o);
        v128.store(runningVar + o, demote4(
          f64x2.add(f64x2.mul(vkeep, lo64(rv)), f64x2.div(f64x2.mul(vm, q0), vunb)),
          f64x2.add(f64x2.mul(vkeep, hi64(rv)), f64x2.div(f64x2.mul(vm, q1), vunb)),
        ));
      }
    } else {
      const rm = v128.load(runningMean + o);
      const rv = v128.load(runningVar + o);
      mu0 = lo64(rm);
      mu1 = hi64(rm);
      var0 = lo64(rv);
      var1 = hi64(rv);
    }
    const inv0 = f64x2.div(one, f64x2.sqrt(f64x2.add(var0, veps)));
    const inv1 = f64x2.div(one, f64x2.sqrt(f64x2.add(var1, veps)));
    v128.store(mean + o, demote4(mu0, mu1));
    v128.store(invStd + o, demote4(inv0, inv1));
    const gv = v128.load(gamma + o);
    const bv = v128.load(beta + o);
    const g0 = lo64(gv), g1 = hi64(gv), b0 = lo64(bv), b1 = hi64(bv);
    for (let r: usize = o; r < endBytes + o; r += rowBytes) {
      const v = v128.load(x + r);
      const h0 = f64x2.mul(f64x2.sub(lo64(v), mu0), inv0);
      const h1 = f64x2.mul(f64x2.sub(hi64(v), mu1), inv1);
      v128.store(xhat + r, demote4(h0, h1));
      v128.store(y + r, demote4(f64x2.add(f64x2.mul(g0, h0), b0), f64x2.add(f64x2.mul(g1, h1), b1)));
    }
  }
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    let mu: f64, variance: f64;
    if (training) {
      let sum: f64 = 0;
      for (let r: usize = o; r < endBytes + o; r += rowBytes) sum += <f64>load<f32>(x + r);
      mu = sum / n;
      let squares: f64 = 0;
      for (let r: usize = o; r < endBytes + o; r += rowBytes) {
        const d = <f64>load<f32>(x + r) - mu;
        squares += d * d;
      }
      variance = squares / n;
      store<f32>(runningMean + o, <f32>(keep * <f64>load<f32>(runningMean + o) + momentum * mu));
      if (rows > 1) store<f32>(runningVar + o, <f32>(keep * <f64>load<f32>(runningVar + o) + (momentum * squares) / (n - 1)));
    } else {
      mu = <f64>load<f32>(runningMean + o);
      variance = <f64>load<f32>(runningVar + o);
    }
    const inv = 1 / Math.sqrt(variance + eps);
    store<f32>(mean + o, <f32>mu);
    store<f32>(invStd + o, <f32>inv);
    const g = <f64>load<f32>(gamma + o);
    const b = <f64>load<f32>(beta + o);
    for (let r: usize = o; r < endBytes + o; r += rowBytes) {
      const h = (<f64>load<f32>(x + r) - mu) * inv;
      store<f32>(xhat + r, <f32>h);
      store<f32>(y + r, <f32>(g * h + b));
    }
  }
}

/**
 * Training-mode backward (PyTorch): dBeta_j = Σ_i dy, dGamma_j = Σ_i dy·xhat (float64 sums),
 * dx = gamma·invStd/rows · (rows·dy − dBeta − xhat·dGamma). dx may be dy (both sums are complete
 * before dx is written). Outputs are overwritten.
 */
export function batchNormBackward(
  rows: i32, cols: i32, dy: usize, xhat: usize, gamma: usize, invStd: usize, dx: usize, dGamma: usize, dBeta: usize,
): void {
  if (cols <= 0) return;
  const rowBytes = <usize>cols << 2;
  const endBytes = <usize>max(rows, 0) * rowBytes;
  const n = <f64>rows;
  const vn = f64x2.splat(n);
  let j = 0;
  for (; j + BLOCK_COLS <= cols; j += BLOCK_COLS) {
    const o = <usize>j << 2;
    const end = endBytes + o;
    memory.fill(ACC_A, 0, 256);
    for (let r: usize = o; r < end; r += rowBytes) {
      for (let q: usize = 0; q < 64; q += 16) {
        const k = q << 1;
        const d = v128.load(dy + r + q);
        const h = v128.load(xhat + r + q);
        const d0 = lo64(d), d1 = hi64(d);
        v128.store(ACC_A + k, f64x2.add(v128.load(ACC_A + k), d0));
        v128.store(ACC_A + k, f64x2.add(v128.load(ACC_A + k, 16), d1), 16);
        v128.store(ACC_B + k, f64x2.add(v128.load(ACC_B + k), f64x2.mul(d0, lo64(h))));
        v128.store(ACC_B + k, f64x2.add(v128.load(ACC_B + k, 16), f64x2.mul(d1, hi64(h))), 16);
      }
    }
    for (let q: usize = 0; q < 64; q += 16) {
      const k = q << 1;
      narrow(dBeta + o + q, ACC_A + k);
      narrow(dGamma + o + q, ACC_B + k);
      const gv = v128.load(gamma + o + q);
      const iv = v128.load(invStd + o + q);
      v128.store(K_MU + k, f64x2.div(f64x2.mul(lo64(gv), lo64(iv)), vn));
      v128.store(K_MU + k, f64x2.div(f64x2.mul(hi64(gv), hi64(iv)), vn), 16);
    }
    for (let r: usize = o; r < end; r += rowBytes) {
      gradientGroup(dy + r, xhat + r, dx + r, 0, vn);
      gradientGroup(dy + r + 16, xhat + r + 16, dx + r + 16, 32, vn);
      gradientGroup(dy + r + 32, xhat + r + 32, dx + r + 32, 64, vn);
      gradientGroup(dy + r + 48, xhat + r + 48, dx + r + 48, 96, vn);
    }
  }
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    let sd0 = f64x2.splat(0), sd1 = f64x2.splat(0), sx0 = f64x2.splat(0), sx1 = f64x2.splat(0);
    for (let r: usize = o; r < endBytes + o; r += rowBytes) {
      const d = v128.load(dy + r);
      const h = v128.load(xhat + r);
      const d0 = lo64(d), d1 = hi64(d);
      sd0 = f64x2.add(sd0, d0);
      sd1 = f64x2.add(sd1, d1);
      sx0 = f64x2.add(sx0, f64x2.mul(d0, lo64(h)));
      sx1 = f64x2.add(sx1, f64x2.mul(d1, hi64(h)));
    }
    v128.store(dBeta + o, demote4(sd0, sd1));
    v128.store(dGamma + o, demote4(sx0, sx1));
    const gv = v128.load(gamma + o);
    const iv = v128.load(invStd + o);
    const c0 = f64x2.div(f64x2.mul(lo64(gv), lo64(iv)), vn);
    const c1 = f64x2.div(f64x2.mul(hi64(gv), hi64(iv)), vn);
    for (let r: usize = o; r < endBytes + o; r += rowBytes) {
      const d = v128.load(dy + r);
      const h = v128.load(xhat + r);
      const t0 = f64x2.sub(f64x2.sub(f64x2.mul(vn, lo64(d)), sd0), f64x2.mul(lo64(h), sx0));
      const t1 = f64x2.sub(f64x2.sub(f64x2.mul(vn, hi64(d)), sd1), f64x2.mul(hi64(h), sx1));
      v128.store(dx + r, demote4(f64x2.mul(c0, t0), f64x2.mul(c1, t1)));
    }
  }
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    let sumDy: f64 = 0, sumDyXhat: f64 = 0;
    for (let r: usize = o; r < endBytes + o; r += rowBytes) {
      const d = <f64>load<f32>(dy + r);
      sumDy += d;
      sumDyXhat += d * <f64>load<f32>(xhat + r);
    }
    store<f32>(dBeta + o, <f32>sumDy);
    store<f32>(dGamma + o, <f32>sumDyXhat);
    const scale = (<f64>load<f32>(gamma + o) * <f64>load<f32>(invStd + o)) / n;
    for (let r: usize = o; r < endBytes + o; r += rowBytes) {
      store<f32>(dx + r, <f32>(scale * (n * <f64>load<f32>(dy + r) - sumDy - <f64>load<f32>(xhat + r) * sumDyXhat)));
    }
  }
}
