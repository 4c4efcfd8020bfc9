// Dense Cholesky factorisation of a symmetric positive-definite matrix (row-major, n × n) with
// adaptive jitter, and the triangular solves the Gaussian process needs. Kernel matrices of
// nearly coincident points are singular in floating point; a diagonal jitter that grows ×10
// from 1e-10 of the mean diagonal until the factorisation succeeds keeps them usable.

export interface CholeskyFactor {
  /** Lower-triangular L, row-major n × n (the strict upper triangle is zero). */
  readonly lower: Float64Array;
  readonly n: number;
  /** The diagonal jitter that made A + jitter·I factorisable (0 when A itself was). */
  readonly jitter: number;
}

const FIRST_JITTER = 1e-10;
const LAST_JITTER = 1e-1;

/** L with A + jitter·I = L·Lᵀ, or false when a pivot is not positive. Reads only A's lower triangle. */
function factorInto(a: Float64Array, n: number, jitter: number, lower: Float64Array): boolean {
  lower.fill(0);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      // Four partial sums: shorter dependency chains in the innermost loop.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 4 <= j; k += 4) {
        s0 += lower[rowI + k]! * lower[rowJ + k]!;
        s1 += lower[rowI + k + 1]! * lower[rowJ + k + 1]!;
        s2 += lower[rowI + k + 2]! * lower[rowJ + k + 2]!;
        s3 += lower[rowI + k + 3]! * lower[rowJ + k + 3]!;
      }
      for (; k < j; k++) s0 += lower[rowI + k]! * lower[rowJ + k]!;
      let sum = a[rowI + j]! - (s0 + s1 + (s2 + s3));
      if (i === j) {
        sum += jitter;
        if (!(sum > 0)) return false;
        lower[rowI + i] = Math.sqrt(sum);
      } else {
        lower[rowI + j] = sum / lower[rowJ + j]!;
      }
    }
  }
  return true;
}

/**
 * Factorises A (symmetric, row-major n × n), adding jitter 0, then 1e-10, 1e-9 … 1e-1 times the
 * mean diagonal until every pivot is positive; the factor is written into `lower` when given
 * (a buffer reused across calls). Throws when even the largest jitter fails (A is
 * not close to positive semi-definite, or holds NaN).
 */
export function choleskyWithJitter(a: Float64Array, n: number, lower: Float64Array = new Float64Array(n * n)): CholeskyFactor {
  if (a.length < n * n) throw new RangeError(`cholesky: a must hold n*n = ${n * n} entries, got ${a.length}`);
  if (lower.length < n * n) throw new RangeError(`cholesky: lower must hold n*n = ${n * n} entries, got ${lower.length}`);
  if (factorInto(a, n, 0, lower)) return { lower, n, jitter: 0 };
  let meanDiagonal = 0;
  for (let i = 0; i < n; i++) meanDiagonal += Math.abs(a[i * n + i]!);
  meanDiagonal = n > 0 && meanDiagonal > 0 ? meanDiagonal / n : 1;
  for (let scale = FIRST_JITTER; scale <= LAST_JITTER * 1.0001; scale *= 10) {
    const jitter = scale * meanDiagonal;
    if (factorInto(a, n, jitter, lower)) return { lower, n, jitter };
  }
  throw new RangeError(`cholesky: the matrix must be positive semi-definite, got a failed pivot even with jitter ${LAST_JITTER} × mean diagonal ${meanDiagonal}`);
}

/** Solves L·x = b (forward substitution); `out` may alias `b`. */
export function solveLower(factor: CholeskyFactor, b: Float64Array, out: Float64Array = new Float64Array(factor.n)): Float64Array {
  const { lower, n } = factor;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= lower[row + k]! * out[k]!;
    out[i] = sum / lower[row + i]!;
  }
  return out;
}

/** Solves Lᵀ·x = b (back substitution); `out` may alias `b`. */
export function solveUpperTransposed(factor: CholeskyFactor, b: Float64Array, out: Float64Array = new Float64Array(factor.n)): Float64Array {
  const { lower, n } = factor;
  if (out !== b) out.set(b.subarray(0, n));
  for (let i = n - 1; i >= 0; i--) {
    const xi = out[i]! / lower[i * n + i]!;
    out[i] = xi;
    // Column i of L below the diagonal is row i of Lᵀ to the right of it.
    for (let k = 0; k < i; k++) out[k] = out[k]! - lower[i * n + k]! * xi;
  }
  return out;
}

/** Solves A·x = b with A = L·Lᵀ. */
export function solveCholesky(factor: CholeskyFactor, b: Float64Array, out: Float64Array = new Float64Array(factor.n)): Float64Array {
  solveLower(factor, b, out);
  return solveUpperTransposed(factor, out, out);
}

/**
 * A⁻¹ = L⁻ᵀ·L⁻¹ as a full symmetric row-major matrix (only the lower triangle when
 * `lowerOnly`); `scratch` (n × n) avoids an allocation per call.
 */
export function inverseFromCholesky(
  factor: CholeskyFactor,
  out: Float64Array = new Float64Array(factor.n * factor.n),
  scratch: Float64Array = new Float64Array(factor.n * factor.n),
  lowerOnly = false,
): Float64Array {
  const { lower, n } = factor;
  // Row j of U holds column j of L⁻¹ (U = L⁻ᵀ, upper triangular): forward-solve L·u = e_j, so
  // every inner loop runs along rows. Entries left of the diagonal are never read.
  const u = scratch;
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    u[rowJ + j] = 1 / lower[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s0 = 0;
      let s1 = 0;
      let k = j;
      for (; k + 2 <= i; k += 2) {
        s0 += lower[rowI + k]! * u[rowJ + k]!;
        s1 += lower[rowI + k + 1]! * u[rowJ + k + 1]!;
      }
      if (k < i) s0 += lower[rowI + k]! * u[rowJ + k]!;
      u[rowJ + i] = -(s0 + s1) / lower[rowI + i]!;
    }
  }
  // A⁻¹[i][j] = Σ_k L⁻¹[k][i]·L⁻¹[k][j] = row i of U · row j of U (k ≥ max(i, j)).
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let s0 = 0;
      let s1 = 0;
      let k = i;
      for (; k + 2 <= n; k += 2) {
        s0 += u[rowI + k]! * u[rowJ + k]!;
        s1 += u[rowI + k + 1]! * u[rowJ + k + 1]!;
      }
      if (k < n) s0 += u[rowI + k]! * u[rowJ + k]!;
      const sum = s0 + s1;
      out[rowI + j] = sum;
      if (!lowerOnly) out[rowJ + i] = sum;
    }
  }
  return out;
}

/** log det(A) = 2·Σ log L_ii. */
export function logDeterminant(factor: CholeskyFactor): number {
  let sum = 0;
  for (let i = 0; i < factor.n; i++) sum += Math.log(factor.lower[i * factor.n + i]!);
  return 2 * sum;
}
