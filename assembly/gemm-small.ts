// No-pack GEMM for a few rows of op(A) (batch-1 inference, small batches). Packing copies all of
// B to use it for a handful of rows, which costs as much as the product itself; here B is read
// once per row block, in place:
//   transB: C[i, j] = dot(A row i, B row j), both contiguous in k (gemmSmallNT);
//   !transB: C row i = Σ_p op(A)[i, p]·B row p (gemmSmallNN; op(A)'s element stride absorbs
//            transA): row pairs keep 2×16 columns of C in registers so each B load feeds both
//            rows; a single row runs as axpys into C (4 contiguous rows of B per pass), which
//            streams B faster than walking it by column blocks.
// transA with transB gathers op(A) rows into the packing scratch first (m·k floats).
// C = alpha·(op(A)·op(B)) + beta·C; beta = 0 overwrites C (NaN in C is ignored).
import { packABase, PACK_A_BYTES } from './scratch';

/**
 * op(A) rows at most this many take the no-pack path. Measured on 784×256, 256×128, 512×512,
 * 128×10, 64×64 (k×n) against the packed path: the small path wins every transpose case up to
 * m = 8 (4–10× at m = 1, ~1.1× at m = 8); from m = 12 packing wins for transB.
 */
export const SMALL_M_NT: i32 = 8;
export const SMALL_M_NN: i32 = 8;

// @ts-ignore: decorator
@inline
function reduce4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  // [Σ s0, Σ s1, Σ s2, Σ s3]
  const u01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const u23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(u01, u23, 0, 1, 4, 5), v128.shuffle<f32>(u01, u23, 2, 3, 6, 7));
}

// @ts-ignore: decorator
@inline
function hsum(s: v128): f32 {
  const t = f32x4.add(s, v128.shuffle<f32>(s, s, 2, 3, 0, 1));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1);
}

// @ts-ignore: decorator
@inline
function store4(c: usize, r: v128, alpha: f32, beta: f32): void {
  let v = f32x4.mul(f32x4.splat(alpha), r);
  if (beta != 0) v = f32x4.add(v, f32x4.mul(f32x4.splat(beta), v128.load(c)));
  v128.store(c, v);
}

// @ts-ignore: decorator
@inline
function store1(c: usize, r: f32, alpha: f32, beta: f32): void {
  const v = alpha * r;
  store<f32>(c, beta == 0 ? v : v + beta * load<f32>(c));
}

/** dot(a[0:k], b[0:k]). */
function dot1(k: i32, a: usize, b: usize): f32 {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  const k8 = <usize>(k & ~7) << 2;
  const k4 = <usize>(k & ~3) << 2;
  let o: usize = 0;
  for (; o < k8; o += 32) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (o < k4) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    o += 16;
  }
  let r = hsum(f32x4.add(s0, s1));
  const end = <usize>k << 2;
  for (; o < end; o += 4) r += load<f32>(a + o) * load<f32>(b + o);
  return r;
}

/** C[0, 0:4] from one A row against 4 consecutive B rows (ldb bytes apart); k unrolled by 8. */
function nt1x4(k: i32, a: usize, b: usize, ldb: usize, c: usize, alpha: f32, beta: f32): void {
  const b1 = b + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
  const k8 = <usize>(k & ~7) << 2;
  const k4 = <usize>(k & ~3) << 2;
  let o: usize = 0;
  for (; o < k8; o += 32) {
    const x0 = v128.load(a + o);
    const x1 = v128.load(a + o, 16);
    s0 = f32x4.add(s0, f32x4.mul(x0, v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(x0, v128.load(b1 + o)));
    s2 = f32x4.add(s2, f32x4.mul(x0, v128.load(b2 + o)));
    s3 = f32x4.add(s3, f32x4.mul(x0, v128.load(b3 + o)));
    t0 = f32x4.add(t0, f32x4.mul(x1, v128.load(b + o, 16)));
    t1 = f32x4.add(t1, f32x4.mul(x1, v128.load(b1 + o, 16)));
    t2 = f32x4.add(t2, f32x4.mul(x1, v128.load(b2 + o, 16)));
    t3 = f32x4.add(t3, f32x4.mul(x1, v128.load(b3 + o, 16)));
  }
  if (o < k4) {
    const x0 = v128.load(a + o);
    s0 = f32x4.add(s0, f32x4.mul(x0, v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(x0, v128.load(b1 + o)));
    s2 = f32x4.add(s2, f32x4.mul(x0, v128.load(b2 + o)));
    s3 = f32x4.add(s3, f32x4.mul(x0, v128.load(b3 + o)));
    o += 16;
  }
  let r = reduce4(f32x4.add(s0, t0), f32x4.add(s1, t1), f32x4.add(s2, t2), f32x4.add(s3, t3));
  const end = <usize>k << 2;
  if (o < end) {
    let r0: f32 = 0, r1: f32 = 0, r2: f32 = 0, r3: f32 = 0;
    for (; o < end; o += 4) {
      const x = load<f32>(a + o);
      r0 += x * load<f32>(b + o);
      r1 += x * load<f32>(b1 + o);
      r2 += x * load<f32>(b2 + o);
      r3 += x * load<f32>(b3 + o);
    }
    let t = f32x4.splat(r0);
    t = f32x4.replace_lane(t, 1, r1);
    t = f32x4.replace_lane(t, 2, r2);
    t = f32x4.replace_lane(t, 3, r3);
    r = f32x4.add(r, t);
  }
  store4(c, r, alpha, beta);
}

/** C[0:2, 0:4] from two A rows (lda bytes apart) against 4 B rows: each load feeds 2 or 4 products. */
function nt2x4(k: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, alpha: f32, beta: f32): void {
  const a1 = a + lda;
  const b1 = b + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
  const k4 = <usize>(k & ~3) << 2;
  let o: usize = 0;
  for (; o < k4; o += 16) {
    const x0 = v128.load(a + o);
    const x1 = v128.load(a1 + o);
    let y = v128.load(b + o);
    s0 = f32x4.add(s0, f32x4.mul(x0, y));
    t0 = f32x4.add(t0, f32x4.mul(x1, y));
    y = v128.load(b1 + o);
    s1 = f32x4.add(s1, f32x4.mul(x0, y));
    t1 = f32x4.add(t1, f32x4.mul(x1, y));
    y = v128.load(b2 + o);
    s2 = f32x4.add(s2, f32x4.mul(x0, y));
    t2 = f32x4.add(t2, f32x4.mul(x1, y));
    y = v128.load(b3 + o);
    s3 = f32x4.add(s3, f32x4.mul(x0, y));
    t3 = f32x4.add(t3, f32x4.mul(x1, y));
  }
  let r = reduce4(s0, s1, s2, s3);
  let q = reduce4(t0, t1, t2, t3);
  const end = <usize>k << 2;
  if (o < end) {
    let r0: f32 = 0, r1: f32 = 0, r2: f32 = 0, r3: f32 = 0;
    let q0: f32 = 0, q1: f32 = 0, q2: f32 = 0, q3: f32 = 0;
    for (; o < end; o += 4) {
      const x = load<f32>(a + o);
      const z = load<f32>(a1 + o);
      let y = load<f32>(b + o);
      r0 += x * y; q0 += z * y;
      y = load<f32>(b1 + o);
      r1 += x * y; q1 += z * y;
      y = load<f32>(b2 + o);
      r2 += x * y; q2 += z * y;
      y = load<f32>(b3 + o);
      r3 += x * y; q3 += z * y;
    }
    let t = f32x4.splat(r0);
    t = f32x4.replace_lane(t, 1, r1);
    t = f32x4.replace_lane(t, 2, r2);
    t = f32x4.replace_lane(t, 3, r3);
    r = f32x4.add(r, t);
    t = f32x4.splat(q0);
    t = f32x4.replace_lane(t, 1, q1);
    t = f32x4.replace_lane(t, 2, q2);
    t = f32x4.replace_lane(t, 3, q3);
    q = f32x4.add(q, t);
  }
  store4(c, r, alpha, beta);
  store4(c + ldc, q, alpha, beta);
}

/**
 * transB, few rows: C[i, j] = alpha·dot(A row i, B row j) + beta·C[i, j]. A is m×k with rows
 * lda bytes apart, B is n×k row-major, C is m×n row-major.
 */
export function gemmSmallNT(m: i32, n: i32, k: i32, a: usize, lda: usize, b: usize, c: usize, alpha: f32, beta: f32): void {
  const ldb = <usize>k << 2;
  const ldc = <usize>n << 2;
  const n4 = n & ~3;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const ai = a + <usize>i * lda;
    const ci = c + <usize>i * ldc;
    for (let j = 0; j < n4; j += 4) {
      nt2x4(k, ai, lda, b + <usize>j * ldb, ldb, ci + (<usize>j << 2), ldc, alpha, beta);
    }
    for (let j = n4; j < n; j++) {
      const bj = b + <usize>j * ldb;
      store1(ci + (<usize>j << 2), dot1(k, ai, bj), alpha, beta);
      store1(ci + ldc + (<usize>j << 2), dot1(k, ai + lda, bj), alpha, beta);
    }
  }
  if (i < m) {
    const ai = a + <usize>i * lda;
    const ci = c + <usize>i * ldc;
    for (let j = 0; j < n4; j += 4) {
      nt1x4(k, ai, b + <usize>j * ldb, ldb, ci + (<usize>j << 2), alpha, beta);
    }
    for (let j = n4; j < n; j++) {
      store1(ci + (<usize>j << 2), dot1(k, ai, b + <usize>j * ldb), alpha, beta);
    }
  }
}

/** transA with transB: gathers op(A) (A stored k×m) into contiguous rows, if they fit the scratch. */
export function gemmSmallTT(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, alpha: f32, beta: f32): bool {
  if (m == 1) {
    gemmSmallNT(1, n, k, a, <usize>k << 2, b, c, alpha, beta);
    return true;
  }
  if ((<usize>m * <usize>k << 2) > PACK_A_BYTES) return false;
  const dst = packABase();
  const lda = <usize>k << 2;
  const stride = <usize>m << 2;
  for (let i = 0; i < m; i++) {
    let src = a + (<usize>i << 2);
    const d = dst + <usize>i * lda;
    for (let o: usize = 0; o < lda; o += 4) {
      store<f32>(d + o, load<f32>(src));
      src += stride;
    }
  }
  gemmSmallNT(m, n, k, dst, lda, b, c, alpha, beta);
  return true;
}

/** Columns per block of nnRowAxpy: the C block (4 KiB) stays in L1 while 4 rows of B stream past. */
const AXPY_NB: i32 = 1024;

/**
 * One row of C = alpha·Σ_p x[p]·B row p + beta·C as axpys: C is scaled by beta, then
 * C += (alpha·x[p])·B row p for 4 rows of B per pass, streaming B contiguously.
 */
function nnRowAxpy(n: i32, k: i32, x: usize, xs: usize, b: usize, c: usize, alpha: f32, beta: f32): void {
  const ldb = <usize>n << 2;
  for (let j0 = 0; j0 < n; j0 += AXPY_NB) {
    const w = min(AXPY_NB, n - j0);
    const cb = c + (<usize>j0 << 2);
    const end = cb + (<usize>w << 2);
    const end4 = cb + (<usize>(w & ~3) << 2);
    const vbeta = f32x4.splat(beta);
    if (beta == 0) {
      let q = cb;
      for (; q < end4; q += 16) v128.store(q, f32x4.splat(0));
      for (; q < end; q += 4) store<f32>(q, 0);
    } else if (beta != 1) {
      let q = cb;
      for (; q < end4; q += 16) v128.store(q, f32x4.mul(vbeta, v128.load(q)));
      for (; q < end; q += 4) store<f32>(q, beta * load<f32>(q));
    }
    let bp = b + (<usize>j0 << 2);
    let xp = x;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const x0 = alpha * load<f32>(xp);
      const x1 = alpha * load<f32>(xp + xs);
      const x2 = alpha * load<f32>(xp + 2 * xs);
      const x3 = alpha * load<f32>(xp + 3 * xs);
      const v0 = f32x4.splat(x0), v1 = f32x4.splat(x1), v2 = f32x4.splat(x2), v3 = f32x4.splat(x3);
      const b1 = bp + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      let q = cb;
      let o: usize = 0;
      for (; q < end4; q += 16) {
        const u = f32x4.add(f32x4.mul(v0, v128.load(bp + o)), f32x4.mul(v1, v128.load(b1 + o)));
        const t = f32x4.add(f32x4.mul(v2, v128.load(b2 + o)), f32x4.mul(v3, v128.load(b3 + o)));
        v128.store(q, f32x4.add(v128.load(q), f32x4.add(u, t)));
        o += 16;
      }
      for (; q < end; q += 4) {
        store<f32>(q, load<f32>(q) + ((x0 * load<f32>(bp + o) + x1 * load<f32>(b1 + o)) + (x2 * load<f32>(b2 + o) + x3 * load<f32>(b3 + o))));
        o += 4;
      }
      xp += xs << 2;
      bp += ldb << 2;
    }
    for (; p < k; p++) {
      const x0 = alpha * load<f32>(xp);
      const v0 = f32x4.splat(x0);
      let q = cb;
      let o: usize = 0;
      for (; q < end4; q += 16) {
        v128.store(q, f32x4.add(v128.load(q), f32x4.mul(v0, v128.load(bp + o))));
        o += 16;
      }
      for (; q < end; q += 4) {
        store<f32>(q, load<f32>(q) + x0 * load<f32>(bp + o));
        o += 4;
      }
      xp += xs;
      bp += ldb;
    }
  }
}

/** Two rows of C at once (x, x + xi): each B load feeds both rows. Columns in blocks of 16. */
function nnRow2(n: i32, k: i32, x: usize, xi: usize, xs: usize, b: usize, c: usize, alpha: f32, beta: f32): void {
  const ldb = <usize>n << 2;
  const ldc = <usize>n << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
    let bp = b + (<usize>j << 2);
    let xp = x;
    for (let p = 0; p < k; p++) {
      const v = v128.load32_splat(xp);
      const w = v128.load32_splat(xp + xi);
      let y = v128.load(bp, 0);
      s0 = f32x4.add(s0, f32x4.mul(v, y));
      t0 = f32x4.add(t0, f32x4.mul(w, y));
      y = v128.load(bp, 16);
      s1 = f32x4.add(s1, f32x4.mul(v, y));
      t1 = f32x4.add(t1, f32x4.mul(w, y));
      y = v128.load(bp, 32);
      s2 = f32x4.add(s2, f32x4.mul(v, y));
      t2 = f32x4.add(t2, f32x4.mul(w, y));
      y = v128.load(bp, 48);
      s3 = f32x4.add(s3, f32x4.mul(v, y));
      t3 = f32x4.add(t3, f32x4.mul(w, y));
      xp += xs;
      bp += ldb;
    }
    const cj = c + (<usize>j << 2);
    store4(cj, s0, alpha, beta);
    store4(cj + 16, s1, alpha, beta);
    store4(cj + 32, s2, alpha, beta);
    store4(cj + 48, s3, alpha, beta);
    store4(cj + ldc, t0, alpha, beta);
    store4(cj + ldc + 16, t1, alpha, beta);
    store4(cj + ldc + 32, t2, alpha, beta);
    store4(cj + ldc + 48, t3, alpha, beta);
  }
  if (j < n) {
    // Remaining < 16 columns: one row at a time on the sub-matrix B[:, j:n].
    const off = <usize>j << 2;
    nnRowStrided(n - j, ldb, k, x, xs, b + off, c + off, alpha, beta);
    nnRowStrided(n - j, ldb, k, x + xi, xs, b + off, c + ldc + off, alpha, beta);
  }
}

/** Columns [0, w) of one C row, w small, B rows ldb bytes apart: blocks of 4, then up to 3 scalars. */
function nnRowStrided(w: i32, ldb: usize, k: i32, x: usize, xs: usize, b: usize, c: usize, alpha: f32, beta: f32): void {
  let j = 0;
  for (; j + 4 <= w; j += 4) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    let bp = b + (<usize>j << 2);
    let xp = x;
    let p = 0;
    for (; p + 2 <= k; p += 2) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(xp), v128.load(bp)));
      s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(xp + xs), v128.load(bp + ldb)));
      xp += xs << 1;
      bp += ldb << 1;
    }
    if (p < k) s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(xp), v128.load(bp)));
    store4(c + (<usize>j << 2), f32x4.add(s0, s1), alpha, beta);
  }
  if (j < w) {
    // Up to 3 columns, as independent scalar chains.
    const cols = w - j;
    let r0: f32 = 0, r1: f32 = 0, r2: f32 = 0;
    let bp = b + (<usize>j << 2);
    let xp = x;
    for (let p = 0; p < k; p++) {
      const v = load<f32>(xp);
      r0 += v * load<f32>(bp);
      if (cols > 1) r1 += v * load<f32>(bp, 4);
      if (cols > 2) r2 += v * load<f32>(bp, 8);
      xp += xs;
      bp += ldb;
    }
    const cj = c + (<usize>j << 2);
    store1(cj, r0, alpha, beta);
    if (cols > 1) store1(cj + 4, r1, alpha, beta);
    if (cols > 2) store1(cj + 8, r2, alpha, beta);
  }
}

/**
 * !transB, few rows: C row i = alpha·Σ_p op(A)[i, p]·B row p + beta·C row i. op(A)[i, p] is at
 * a + i·ai + p·ap bytes (transA: ai = 4, ap = 4m; otherwise ai = 4k, ap = 4). B k×n row-major.
 */
export function gemmSmallNN(m: i32, n: i32, k: i32, a: usize, ai: usize, ap: usize, b: usize, c: usize, alpha: f32, beta: f32): void {
  const ldc = <usize>n << 2;
  let i = 0;
  for (; i + 2 <= m; i += 2) nnRow2(n, k, a + <usize>i * ai, ai, ap, b, c + <usize>i * ldc, alpha, beta);
  if (i < m) nnRowAxpy(n, k, a + <usize>i * ai, ap, b, c + <usize>i * ldc, alpha, beta);
}
