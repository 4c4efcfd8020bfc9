// Single-precision GEMM: C = alpha·op(A)·op(B) + beta·C, row-major, BLIS-style blocking.
//   for jc in n step NC:            pack B[pc:pc+KC, jc:jc+NC]  (packB, absorbs transB)
//     for pc in k step KC:
//       for ic in m step MC:        pack A[ic:ic+MC, pc:pc+KC]  (packA, absorbs transA)
//         macroKernel: for jr step NR, for ir step MR: microKernel (MR×NR register tile)
// Edge tiles run the same micro-kernel into a scratch tile, then merge the valid part.
import { GEMM_ALPHA, GEMM_BETA } from './kernel-slots';
import { MR, NR, KC, MC, NC } from './gemm-blocking';
import { packA, packB } from './gemm-pack';
import { microKernel4x8 } from './gemm-micro';
import { packABase, packBBase, tileBase } from './scratch';
import { SMALL_M_NT, SMALL_M_NN, gemmSmallNT, gemmSmallNN, gemmSmallTT } from './gemm-small';

/** C = beta·C over m×n (beta = 0 writes zeros, ignoring NaN in C). */
function scaleC(count: i32, c: usize, beta: f32): void {
  if (beta == 1) return;
  const end = c + (<usize>count << 2);
  const vb = f32x4.splat(beta);
  let p = c;
  if (beta == 0) {
    for (; p + 16 <= end; p += 16) v128.store(p, f32x4.splat(0));
    for (; p < end; p += 4) store<f32>(p, 0);
  } else {
    for (; p + 16 <= end; p += 16) v128.store(p, f32x4.mul(vb, v128.load(p)));
    for (; p < end; p += 4) store<f32>(p, beta * load<f32>(p));
  }
}

/** Writes the valid mr×nr corner of the scratch tile (holding A·B) into C with alpha, beta. */
function mergeTile(mr: i32, nr: i32, tile: usize, c: usize, ldc: usize, alpha: f32, beta: f32): void {
  for (let r = 0; r < mr; r++) {
    const t = tile + ((<usize>(r * NR)) << 2);
    const cr = c + <usize>r * ldc;
    for (let j = 0; j < nr; j++) {
      const o = <usize>j << 2;
      const v = alpha * load<f32>(t + o);
      store<f32>(cr + o, beta == 0 ? v : v + beta * load<f32>(cr + o));
    }
  }
}

function macroKernel(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, alpha: f32, beta: f32): void {
  const tile = tileBase();
  const aPanel = (<usize>MR * <usize>kc) << 2;
  const bPanel = (<usize>NR * <usize>kc) << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const bj = bp + <usize>(jr / NR) * bPanel;
    const cj = c + (<usize>jr << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const ai = ap + <usize>(ir / MR) * aPanel;
      const cij = cj + <usize>ir * ldc;
      if (mr == MR && nr == NR) {
        microKernel4x8(kc, ai, bj, cij, ldc, alpha, beta);
      } else {
        microKernel4x8(kc, ai, bj, tile, <usize>NR << 2, 1, 0);
        mergeTile(mr, nr, tile, cij, ldc, alpha, beta);
      }
    }
  }
}

/**
 * C = alpha·op(A)·op(B) + beta·C. op(A) is m×k (A stored k×m when transA), op(B) is k×n
 * (B stored n×k when transB), C is m×n. beta = 0 overwrites C; k = 0 or alpha = 0 gives beta·C.
 * Scalar block s = [alpha, beta].
 */
export function gemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, s: usize): void {
  gemmF32(transA != 0, transB != 0, m, n, k, a, b, c, <f32>load<f64>(s, GEMM_ALPHA), <f32>load<f64>(s, GEMM_BETA));
}

/** gemm with alpha and beta as arguments, for the fused kernels (dense.ts) that call it inside. */
export function gemmF32(ta: bool, tb: bool, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, alpha32: f32, beta32: f32): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha32 == 0) {
    scaleC(m * n, c, beta32);
    return;
  }
  // A few rows of op(A): no packing (gemm-small.ts); B is read in place, once per row block.
  if (tb) {
    if (m <= SMALL_M_NT) {
      if (!ta) {
        gemmSmallNT(m, n, k, a, <usize>k << 2, b, c, alpha32, beta32);
        return;
      }
      if (gemmSmallTT(m, n, k, a, b, c, alpha32, beta32)) return;
    }
  } else if (m <= SMALL_M_NN) {
    if (ta) gemmSmallNN(m, n, k, a, 4, <usize>m << 2, b, c, alpha32, beta32);
    else gemmSmallNN(m, n, k, a, <usize>k << 2, 4, b, c, alpha32, beta32);
    return;
  }
  const ldc = <usize>n << 2;
  const pa = packABase();
  const pb = packBBase();
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(tb, b, n, k, pc, jc, kc, nc, pb);
      const betaBlock: f32 = pc == 0 ? beta32 : 1;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(ta, a, m, k, ic, pc, mc, kc, pa);
        macroKernel(mc, nc, kc, pa, pb, c + <usize>ic * ldc + (<usize>jc << 2), ldc, alpha32, betaBlock);
      }
    }
  }
}
