// GEMM for a few rows of C (batch-1 inference, small batches): packing all of B would cost
// more than the product itself, so compute straight from the operands. With B transposed
// (the forward pass X·Wᵀ) every entry is a dot product of two contiguous rows, four B rows
// at a time; otherwise each row of C accumulates scaled rows of B.
import { GEMM_ALPHA, GEMM_BETA } from '../kernel-abi.ts';

/** Rows of C up to which the direct path beats packing. */
export const SMALL_M = 4;

export class SmallGemm {
  private row = new Float64Array(0);

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, s: Float64Array): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a new row buffer changes memory only
    if (this.row.length < n) this.row = new Float64Array(n);
    const row = this.row;
    for (let i = 0; i < m; i++) {
      if (transB) dotRows(transA, i, m, n, k, a, b, row);
      else axpyRows(transA, i, m, n, k, a, b, row);
      const alpha = s[GEMM_ALPHA]!;
      const beta = s[GEMM_BETA]!;
      const base = i * n;
      if (beta === 0) for (let j = 0; j < n; j++) c[base + j] = alpha * row[j]!;
      else for (let j = 0; j < n; j++) c[base + j] = alpha * row[j]! + beta * c[base + j]!;
    }
  }
}

/** row[j] = Σ_p A(i, p)·B[j, p] for B stored n × k. */
function dotRows(transA: boolean, i: number, m: number, n: number, k: number, a: Float32Array, b: Float32Array, row: Float64Array): void {
  const aStride = transA ? m : 1;
  const aBase = transA ? i : i * k;
  let j = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the one-column loop below sums the same terms in the same order
  for (; j + 4 <= n; j += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
    for (let p = 0, ap = aBase; p < k; p++, ap += aStride) {
      const av = a[ap]!;
      s0 += av * b[b0 + p]!;
      s1 += av * b[b1 + p]!;
      s2 += av * b[b2 + p]!;
      s3 += av * b[b3 + p]!;
    }
    row[j] = s0;
    row[j + 1] = s1;
    row[j + 2] = s2;
    row[j + 3] = s3;
  }
  // Stryker disable next-line EqualityOperator: row[n] is past what the caller reads
  for (; j < n; j++) {
    let sum = 0;
    for (let p = 0, ap = aBase, bp = j * k; p < k; p++, ap += aStride) sum += a[ap]! * b[bp + p]!;
    row[j] = sum;
  }
}

/** row = Σ_p A(i, p)·B[p, :] for B stored k × n. */
function axpyRows(transA: boolean, i: number, m: number, n: number, k: number, a: Float32Array, b: Float32Array, row: Float64Array): void {
  row.fill(0, 0, n);
  for (let p = 0; p < k; p++) {
    const av = transA ? a[p * m + i]! : a[i * k + p]!;
    // Stryker disable next-line ConditionalExpression: skipping a zero of A changes nothing for finite B (speed only)
    if (av === 0) continue;
    const bp = p * n;
    // Stryker disable next-line EqualityOperator: row[n] is past what the caller reads
    for (let j = 0; j < n; j++) row[j] = row[j]! + av * b[bp + j]!;
  }
}
