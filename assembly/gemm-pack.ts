// Packing for GEMM. The transposes of A and B are absorbed here, so one micro-kernel serves
// all four combinations. Panels are k-major and zero-padded to full MR rows / NR columns.
import { MR, NR } from './gemm-blocking';

/**
 * Packs op(A)[ic:ic+mc, pc:pc+kc] into MR-row panels: dst[panel][p][r] (MR floats per p).
 * A is m×k row-major (lda = k), or k×m when transA.
 */
export function packA(transA: bool, a: usize, m: i32, k: i32, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    if (transA) {
      // A stored k×m: the MR values for one p are contiguous.
      let src = a + ((<usize>pc * <usize>m + <usize>(ic + ir)) << 2);
      const stride = <usize>m << 2;
      let d = dst;
      if (mr == MR) {
        for (let p = 0; p < kc; p++) {
          let r = 0;
          for (; r + 4 <= MR; r += 4) v128.store(d + (<usize>r << 2), v128.load(src + (<usize>r << 2)));
          for (; r < MR; r++) store<f32>(d + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
          src += stride;
          d += MR << 2;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < MR; r++) store<f32>(d + (<usize>r << 2), r < mr ? load<f32>(src + (<usize>r << 2)) : 0);
          src += stride;
          d += MR << 2;
        }
      }
    } else {
      // A stored m×k: gather row r's contiguous values into every MR-th slot.
      for (let r = 0; r < MR; r++) {
        let d = dst + (<usize>r << 2);
        if (r < mr) {
          let src = a + ((<usize>(ic + ir + r) * <usize>k + <usize>pc) << 2);
          let p = 0;
          for (; p + 4 <= kc; p += 4) {
            const v = v128.load(src);
            v128.store32_lane(d, v, 0);
            v128.store32_lane(d, v, 1, MR * 4);
            v128.store32_lane(d, v, 2, MR * 8);
            v128.store32_lane(d, v, 3, MR * 12);
            src += 16;
            d += MR << 4;
          }
          for (; p < kc; p++) {
            store<f32>(d, load<f32>(src));
            src += 4;
            d += MR << 2;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += MR << 2;
          }
        }
      }
    }
    dst += (<usize>MR * <usize>kc) << 2;
  }
}

// @ts-ignore: decorator
@inline
function transpose4x4Store(d: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), NR * 4);
  v128.store(d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), NR * 8);
  v128.store(d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), NR * 12);
}

/**
 * Packs op(B)[pc:pc+kc, jc:jc+nc] into NR-column panels: dst[panel][p][c] (NR floats per p).
 * B is k×n row-major, or n×k when transB.
 */
export function packB(transB: bool, b: usize, n: i32, k: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    if (!transB) {
      // B stored k×n: the NR values for one p are contiguous.
      let src = b + ((<usize>pc * <usize>n + <usize>(jc + jr)) << 2);
      const stride = <usize>n << 2;
      let d = dst;
      if (nr == NR) {
        for (let p = 0; p < kc; p++) {
          for (let c = 0; c < NR; c += 4) v128.store(d + (<usize>c << 2), v128.load(src + (<usize>c << 2)));
          src += stride;
          d += NR << 2;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), c < nr ? load<f32>(src + (<usize>c << 2)) : 0);
          src += stride;
          d += NR << 2;
        }
      }
    } else {
      // B stored n×k: column c of op(B) is row (jc + jr + c) of B; transpose 4×4 blocks.
      const ldb = <usize>k << 2;
      const src0 = b + ((<usize>(jc + jr) * <usize>k + <usize>pc) << 2);
      if (nr == NR) {
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const s = src0 + (<usize>p << 2);
          const d = dst + ((<usize>p * NR) << 2);
          for (let cg = 0; cg < NR; cg += 4) {
            const sc = s + <usize>cg * ldb;
            transpose4x4Store(d + (<usize>cg << 2), v128.load(sc), v128.load(sc + ldb), v128.load(sc + 2 * ldb), v128.load(sc + 3 * ldb));
          }
        }
        for (; p < kc; p++) {
          const s = src0 + (<usize>p << 2);
          const d = dst + ((<usize>p * NR) << 2);
          for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), load<f32>(s + <usize>c * ldb));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = src0 + (<usize>p << 2);
          const d = dst + ((<usize>p * NR) << 2);
          for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), c < nr ? load<f32>(s + <usize>c * ldb) : 0);
        }
      }
    }
    dst += (<usize>NR * <usize>kc) << 2;
  }
}
