// The register-tiled inner kernels of the GEMM, one set per instruction set. Each set lives in
// its own translation unit, compiled with that ISA's flags (see binding.gyp), and is only
// called after a run-time CPU check.
#pragma once

namespace hyperprop {

/**
 * Computes one mr×nr tile: C[i, j] = alpha·Σ_p A(i, p)·B(p, j) + beta·C[i, j] (beta == 0: C is
 * not read). A(i, p) = a[i·rsa + p·csa]; either rsa == 1 (packed sliver, or transposed A read
 * in place) or csa == 1 (row-major A read in place). B(p, j) = b[p·ldb + j]: a packed sliver
 * (ldb = NR, zero-padded) or row-major B read in place (columns ≥ nr are never read).
 * 1 ≤ mr ≤ MR, 1 ≤ nr ≤ NR, k ≥ 1.
 */
using MicroKernelFn = void (*)(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c,
                               long ldc, int mr, int nr, float alpha, float beta);

/**
 * Transposing B packer: dst[p·width + j] = src[j·lds + p] for p < kc, j < nr, zero for nr ≤ j <
 * width (the sliver's width: nr or nrRowsA). Null means the driver's scalar loop.
 */
using PackTransposedFn = void (*)(long kc, int nr, int width, const float* src, long lds, float* dst);

/**
 * Few rows of C with B transposed, nothing packed: C[i, j] = alpha·dot(A row i, B row j) +
 * beta·C[i, j] (beta == 0: C is not read) for i < m, j < n; A row i at a + i·lda and B row j at
 * b + j·ldb, both contiguous in k (k ≥ 1). Several B rows per pass share each load of A (a
 * set may take one row of A, batch-1 inference, B row by row instead: one sequential stream).
 */
using RowDotsFn = void (*)(long m, long n, long k, const float* a, long lda, const float* b, long ldb, float* c,
                           long ldc, float alpha, float beta);

/**
 * Few rows of C with row-major B read in place: C[i, :] = alpha·Σ_p A(i, p)·B[p, :] + beta·C[i, :]
 * with A(i, p) = a[i·rsa + p·csa], B[p, j] = b[p·ldb + j]; column blocks wider than the register
 * tile (several vectors per A broadcast). k ≥ 1.
 */
using RowAxpyFn = void (*)(long m, long n, long k, const float* a, long rsa, long csa, const float* b, long ldb,
                           float* c, long ldc, float alpha, float beta);

/**
 * `rounds` rounds of independent vector FMAs on registers only (mul + add where the ISA has no
 * FMA): the FP32 ceiling of the set's instruction set, without loads or stores. Returns the
 * accumulators' sum so that the loop cannot be dropped.
 */
using FmaRoundsFn = float (*)(long rounds);

struct MicroKernelSet {
  const char* name;
  int mr;        // rows of the register tile (broadcast side), A packed or read transposed
  int mrRowsA;   // rows of the register tile when a row-major A is read in place (csa == 1)
  int nr;        // columns of the register tile (vector side)
  int nrRowsA;   // columns of the register tile when a row-major A is read in place
  int mrRowsANarrow;  // rows of the tile for a row-major A in place when C is at most nr wide
  long directDotRows;  // transB with at most this many rows of C: rowDots, B not packed
  MicroKernelFn tile;
  PackTransposedFn packTransposedB;
  RowDotsFn rowDots;
  RowAxpyFn rowAxpy;
  FmaRoundsFn fmaRounds;
  int fmaFlopsPerRound;  // floating-point operations in one round of fmaRounds
};

const MicroKernelSet& microKernelsGeneric();
#if defined(HYPERPROP_HAVE_X86_KERNELS)
const MicroKernelSet& microKernelsAvx2();
const MicroKernelSet& microKernelsAvx512();
#endif

}  // namespace hyperprop
