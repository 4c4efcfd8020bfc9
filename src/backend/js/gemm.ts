// Pure-TypeScript GEMM: BLIS-style packing into float64 panels (absorbing the transposes)
// and a 4×4 register-tiled micro-kernel whose 16 accumulators stay in local variables.
// Float64 accumulation makes this backend the most accurate of the three; the packing
// scratch grows once and is reused, so steady-state calls allocate nothing.
import { SMALL_M, SmallGemm } from './gemm-small.ts';
import { GEMM_ALPHA, GEMM_BETA } from '../kernel-abi.ts';

const MR = 4;
const NR = 4;
// Edge tiles go through this scratch (module state is per thread in JS).
const EDGE_TILE = new Float64Array(MR * NR);

export class JsGemm {
  private packedA = new Float64Array(0);
  private packedB = new Float64Array(0);
  private readonly small = new SmallGemm();

  private scratch(which: 'A' | 'B', length: number): Float64Array {
    const current = which === 'A' ? this.packedA : this.packedB;
    // Stryker disable next-line EqualityOperator: growing at an equal size changes memory only
    if (current.length >= length) return current;
    // Stryker disable next-line ArithmeticOperator: how much the scratch grows changes memory only
    const grown = new Float64Array(Math.max(length, current.length * 2));
    // Stryker disable next-line ConditionalExpression,StringLiteral: a scratch kept in the other field is grown again next call, memory only
    if (which === 'A') this.packedA = grown;
    else this.packedB = grown;
    return grown;
  }

  /** s = [alpha, beta] */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, s: Float64Array): void {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: both paths compute the float64-accumulated product (within a float32 rounding); which one runs is speed
    if (m <= SMALL_M && k > 0 && s[GEMM_ALPHA] !== 0) {
      this.small.gemm(transA, transB, m, n, k, a, b, c, s);
      return;
    }
    scaleC(m, n, s, c);
    // BLAS: with alpha = 0 neither A nor B is read, so NaN or infinite entries leave beta·C.
    if (s[GEMM_ALPHA] === 0) return;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: an empty product adds nothing in the loops below either
    if (m === 0 || n === 0 || k === 0) return;
    // Stryker disable next-line ArithmeticOperator: panels past n are zero padding whose columns are never written
    const panelsN = Math.ceil(n / NR);
    // Stryker disable next-line StringLiteral: any name but 'A' is the B scratch
    const packedB = this.scratch('B', panelsN * k * NR);
    packB(transB, n, k, b, packedB);
    const packedA = this.scratch('A', k * MR);
    // Stryker disable next-line EqualityOperator: a tile at i0 = m has no rows to write
    for (let i0 = 0; i0 < m; i0 += MR) {
      const rows = Math.min(MR, m - i0);
      packA(transA, m, k, a, i0, rows, packedA);
      // Stryker disable next-line EqualityOperator: a panel past n has no columns to write
      for (let panel = 0; panel < panelsN; panel++) {
        const j0 = panel * NR;
        microKernel4x4(k, s, packedA, packedB, panel * k * NR, c, i0, j0, rows, Math.min(NR, n - j0), n);
      }
    }
  }
}

// Scalars stay in the Float64Array `s` across calls: a double passed as an argument to a
// function V8 does not inline is boxed in a new heap number.
function scaleC(m: number, n: number, s: Float64Array, c: Float32Array): void {
  const beta = s[GEMM_BETA]!;
  const size = m * n;
  if (beta === 0) {
    c.fill(0, 0, size);
    return;
  }
  // Stryker disable next-line ConditionalExpression: scaling by 1 changes nothing
  if (beta !== 1) for (let i = 0; i < size; i++) c[i] = beta * c[i]!;
}

/** Rows i0..i0+rows of op(A), as k consecutive groups of MR values (zero-padded). */
function packA(transA: boolean, m: number, k: number, a: Float32Array, i0: number, rows: number, out: Float64Array): void {
  // Stryker disable next-line EqualityOperator: a group past k is never read
  for (let p = 0; p < k; p++) {
    const base = p * MR;
    // Stryker disable next-line EqualityOperator: the slot past a group is the next group's, written next
    for (let r = 0; r < MR; r++) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: rows past m feed accumulators that are never written back
      out[base + r] = r < rows ? (transA ? a[p * m + i0 + r]! : a[(i0 + r) * k + p]!) : 0;
    }
  }
}

/** op(B) as column panels of NR: panel q holds k consecutive groups of NR values (zero-padded). */
function packB(transB: boolean, n: number, k: number, b: Float32Array, out: Float64Array): void {
  // Stryker disable next-line ArithmeticOperator,EqualityOperator: extra panels are never read
  const panels = Math.ceil(n / NR);
  // Stryker disable next-line EqualityOperator: an extra panel is never read
  for (let q = 0; q < panels; q++) {
    const j0 = q * NR;
    const base = q * k * NR;
    // Stryker disable next-line EqualityOperator: a group past k is never read
    for (let p = 0; p < k; p++) {
      // Stryker disable next-line EqualityOperator: the slot past a group is the next group's, written next
      for (let s = 0; s < NR; s++) {
        const j = j0 + s;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: columns past n feed accumulators that are never written back
        out[base + p * NR + s] = j < n ? (transB ? b[j * k + p]! : b[p * n + j]!) : 0;
      }
    }
  }
}

function microKernel4x4(k: number, s: Float64Array, pa: Float64Array, pb: Float64Array, pbOffset: number, c: Float32Array, i0: number, j0: number, rows: number, cols: number, ldc: number): void {
  const alpha = s[GEMM_ALPHA]!;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0, ia = 0, ib = pbOffset; p < k; p++, ia += MR, ib += NR) {
    const a0 = pa[ia]!, a1 = pa[ia + 1]!, a2 = pa[ia + 2]!, a3 = pa[ia + 3]!;
    const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: the edge loop writes a full tile exactly as this unrolled path does; past an edge, zero padding adds 0
  if (rows === MR && cols === NR) {
    let o = i0 * ldc + j0;
    c[o] = c[o]! + alpha * c00; c[o + 1] = c[o + 1]! + alpha * c01; c[o + 2] = c[o + 2]! + alpha * c02; c[o + 3] = c[o + 3]! + alpha * c03;
    o += ldc;
    c[o] = c[o]! + alpha * c10; c[o + 1] = c[o + 1]! + alpha * c11; c[o + 2] = c[o + 2]! + alpha * c12; c[o + 3] = c[o + 3]! + alpha * c13;
    o += ldc;
    c[o] = c[o]! + alpha * c20; c[o + 1] = c[o + 1]! + alpha * c21; c[o + 2] = c[o + 2]! + alpha * c22; c[o + 3] = c[o + 3]! + alpha * c23;
    o += ldc;
    c[o] = c[o]! + alpha * c30; c[o + 1] = c[o + 1]! + alpha * c31; c[o + 2] = c[o + 2]! + alpha * c32; c[o + 3] = c[o + 3]! + alpha * c33;
    return;
  }
  const tile = EDGE_TILE;
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) {
      const o = (i0 + r) * ldc + j0 + s;
      c[o] = c[o]! + alpha * tile[r * NR + s]!;
    }
  }
}
