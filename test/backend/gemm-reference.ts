// The float64 GEMM reference and its float32 rounding bound, shared by the in-process parity
// tests and the child-process checks of each native micro-kernel.

export interface GemmShape {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
}

/**
 * Entry (i, j) of alpha·op(A)·op(B) + beta·C0 in float64, and the bound its float32 result must
 * meet: 2e-6·(k + 2)·(|α|·Σ_p|a_ip·b_pj| + |β·c_ij|) + 1e-6.
 */
export function referenceEntry(s: GemmShape, a: Float32Array, b: Float32Array, c0: Float32Array, i: number, j: number): { value: number; bound: number } {
  let sum = 0;
  let magnitude = 0;
  for (let p = 0; p < s.k; p++) {
    const product = (s.transA ? a[p * s.m + i]! : a[i * s.k + p]!) * (s.transB ? b[j * s.k + p]! : b[p * s.n + j]!);
    sum += product;
    magnitude += Math.abs(product);
  }
  const old = s.beta === 0 ? 0 : s.beta * c0[i * s.n + j]!;
  return { value: s.alpha * sum + old, bound: 2e-6 * (s.k + 2) * (Math.abs(s.alpha) * magnitude + Math.abs(old)) + 1e-6 };
}

/**
 * Every entry of C at once: referenceEntry's values and bounds, summed in the same order, from
 * float64 copies of op(A) by rows and op(B) by columns. The dot products then read contiguous
 * memory; entry by entry, the strided reads made the reference (not the kernel under test) most
 * of a large shape's check.
 */
export function referenceMatrix(s: GemmShape, a: Float32Array, b: Float32Array, c0: Float32Array): { values: Float64Array; bounds: Float64Array } {
  const { m, n, k } = s;
  const rowsA = new Float64Array(m * k);
  const columnsB = new Float64Array(n * k);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) rowsA[i * k + p] = s.transA ? a[p * m + i]! : a[i * k + p]!;
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) columnsB[j * k + p] = s.transB ? b[j * k + p]! : b[p * n + j]!;
  const values = new Float64Array(m * n);
  const bounds = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let p = 0; p < k; p++) {
        const product = rowsA[i * k + p]! * columnsB[j * k + p]!;
        sum += product;
        magnitude += Math.abs(product);
      }
      const old = s.beta === 0 ? 0 : s.beta * c0[i * n + j]!;
      values[i * n + j] = s.alpha * sum + old;
      bounds[i * n + j] = 2e-6 * (k + 2) * (Math.abs(s.alpha) * magnitude + Math.abs(old)) + 1e-6;
    }
  }
  return { values, bounds };
}
