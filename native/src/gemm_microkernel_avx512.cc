// AVX-512 micro-kernels: MR×32 register tiles (MR rows broadcast from A, two zmm of B per
// row), MR ≤ 14 so the 28 accumulators, two B vectors and a broadcast fit in 32 registers. A
// row-major A read in place takes 6×64 tiles (four zmm of B per broadcast): on Sapphire Rapids a
// broadcast per two FMAs holds an L1-resident tile to ~88% of the FMA peak, one per four to ~97%,
// and M's batch-1024 inference ran 6% faster than with 8×32 tiles.
// Edge tiles use smaller template instances (rows) and AVX-512 masks (columns); no scratch.
// Compiled with -mavx512f -mavx512vl -mavx512dq -mavx2 -mfma (binding.gyp, target gemm_avx512).
#include <immintrin.h>

#include <utility>

#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

constexpr int MR = 14;
constexpr int NR = 32;
constexpr int MR_ROWS_A = 6;   // row-major A in place needs a pointer per row
constexpr int NR_ROWS_A = 64;  // 24 accumulators, four B vectors and a broadcast
// C at most NR wide (an output layer of 10 classes): 8×16 (or 8×32) tiles, as many rows per B
// load as eight row pointers allow; 6-row tiles made 128×128·128×10 13–19% slower.
constexpr int MR_ROWS_A_NARROW = 8;
constexpr int MR_ROWS_A_MAX = MR_ROWS_A_NARROW > MR_ROWS_A ? MR_ROWS_A_NARROW : MR_ROWS_A;

template <int R, int NV, bool kRowsA, bool kMasked>
void tileKernel(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc,
                __mmask16 mask, float alpha, float beta) {
  __m512 acc[R][NV];
#pragma GCC unroll 16
  for (int i = 0; i < R; ++i)
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int i = 0; i < R; ++i) _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);

  if (kRowsA) {
    const float* rows[R];
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i) rows[i] = a + i * rsa;
#pragma GCC unroll 2
    for (long p = 0; p < k; ++p) {
      __m512 bv[NV];
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v)
        bv[v] = (kMasked && v == NV - 1) ? _mm512_maskz_loadu_ps(mask, b + 16 * v) : _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 16
      for (int i = 0; i < R; ++i) {
        const __m512 ai = _mm512_set1_ps(rows[i][p]);
#pragma GCC unroll 16
        for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
      }
      b += ldb;
    }
  } else {
#pragma GCC unroll 4
    for (long p = 0; p < k; ++p) {
      __m512 bv[NV];
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v)
        bv[v] = (kMasked && v == NV - 1) ? _mm512_maskz_loadu_ps(mask, b + 16 * v) : _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 16
      for (int i = 0; i < R; ++i) {
        const __m512 ai = _mm512_set1_ps(a[i]);
#pragma GCC unroll 16
        for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
      }
      a += csa;
      b += ldb;
    }
  }

  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 16
  for (int i = 0; i < R; ++i) {
    float* ci = c + i * ldc;
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      const bool edge = kMasked && v == NV - 1;
      __m512 r = _mm512_mul_ps(acc[i][v], va);
      if (beta != 0.0f) {
        const __m512 old = edge ? _mm512_maskz_loadu_ps(mask, ci + 16 * v) : _mm512_loadu_ps(ci + 16 * v);
        r = beta == 1.0f ? _mm512_add_ps(r, old) : _mm512_fmadd_ps(vb, old, r);
      }
      if (edge)
        _mm512_mask_storeu_ps(ci + 16 * v, mask, r);
      else
        _mm512_storeu_ps(ci + 16 * v, r);
    }
  }
}

using TileFn = void (*)(long, const float*, long, long, const float*, long, float*, long, __mmask16, float, float);

// table[rowsA][nv - 1][masked][r - 1]: packed (or transposed) A up to 2 vectors × MR rows, row-major
// A in place up to 2 vectors × MR_ROWS_A_MAX rows and 4 vectors × MR_ROWS_A rows.
template <bool kRowsA, int NV, bool kMasked, int... Rs>
constexpr void fillRow(TileFn* out, std::integer_sequence<int, Rs...>) {
  ((out[Rs] = &tileKernel<Rs + 1, NV, kRowsA, kMasked>), ...);
}

struct TileTable {
  TileFn fn[2][4][2][MR];
  constexpr TileTable() : fn{} {
    fillRow<false, 1, false>(fn[0][0][0], std::make_integer_sequence<int, MR>{});
    fillRow<false, 1, true>(fn[0][0][1], std::make_integer_sequence<int, MR>{});
    fillRow<false, 2, false>(fn[0][1][0], std::make_integer_sequence<int, MR>{});
    fillRow<false, 2, true>(fn[0][1][1], std::make_integer_sequence<int, MR>{});
    fillRow<true, 1, false>(fn[1][0][0], std::make_integer_sequence<int, MR_ROWS_A_MAX>{});
    fillRow<true, 1, true>(fn[1][0][1], std::make_integer_sequence<int, MR_ROWS_A_MAX>{});
    fillRow<true, 2, false>(fn[1][1][0], std::make_integer_sequence<int, MR_ROWS_A_MAX>{});
    fillRow<true, 2, true>(fn[1][1][1], std::make_integer_sequence<int, MR_ROWS_A_MAX>{});
    fillRow<true, 3, false>(fn[1][2][0], std::make_integer_sequence<int, MR_ROWS_A>{});
    fillRow<true, 3, true>(fn[1][2][1], std::make_integer_sequence<int, MR_ROWS_A>{});
    fillRow<true, 4, false>(fn[1][3][0], std::make_integer_sequence<int, MR_ROWS_A>{});
    fillRow<true, 4, true>(fn[1][3][1], std::make_integer_sequence<int, MR_ROWS_A>{});
  }
};
constexpr TileTable kTiles{};

void tile(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc, int mr, int nr,
          float alpha, float beta) {
  const int nv = (nr + 15) / 16;
  // More than two vectors only come with a row-major A read in place (csa == 1); its row
  // pointers also read A right when rsa == 1 too (k == 1, or one row of a transposed A).
  const int rowsA = (csa == 1 && (rsa != 1 || nv > 2)) ? 1 : 0;
  const int tail = nr - 16 * (nv - 1);
  const int masked = tail < 16 ? 1 : 0;
  const __mmask16 mask = static_cast<__mmask16>((1u << tail) - 1u);
  kTiles.fn[rowsA][nv - 1][masked][mr - 1](k, a, rsa, csa, b, ldb, c, ldc, mask, alpha, beta);
}

// GCC 12 reports the _mm512_undefined_ps() inside its shuffle and extract intrinsics as
// uninitialised (up to the end of the row kernels below).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

// 16×16 in-register transpose: out[c] = (r[0][c], r[1][c], …, r[15][c]).
inline void transpose16(__m512 r[16]) {
  __m512 t[16], u[16], s[16];
  for (int q = 0; q < 8; ++q) {
    t[2 * q] = _mm512_unpacklo_ps(r[2 * q], r[2 * q + 1]);
    t[2 * q + 1] = _mm512_unpackhi_ps(r[2 * q], r[2 * q + 1]);
  }
  for (int g = 0; g < 4; ++g) {
    u[4 * g + 0] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0x44);
    u[4 * g + 1] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], 0xEE);
    u[4 * g + 2] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0x44);
    u[4 * g + 3] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0xEE);
  }
  for (int e = 0; e < 4; ++e) {
    s[e] = _mm512_shuffle_f32x4(u[e], u[4 + e], 0x88);
    s[4 + e] = _mm512_shuffle_f32x4(u[e], u[4 + e], 0xDD);
    s[8 + e] = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0x88);
    s[12 + e] = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0xDD);
  }
  for (int e = 0; e < 4; ++e) {
    r[e] = _mm512_shuffle_f32x4(s[e], s[8 + e], 0x88);
    r[8 + e] = _mm512_shuffle_f32x4(s[e], s[8 + e], 0xDD);
    r[4 + e] = _mm512_shuffle_f32x4(s[4 + e], s[12 + e], 0x88);
    r[12 + e] = _mm512_shuffle_f32x4(s[4 + e], s[12 + e], 0xDD);
  }
}

// dst[p·width + j] = src[j·lds + p], 16×16 blocks through registers; rows j ≥ nr are zero.
void packTransposedB(long kc, int nr, int width, const float* src, long lds, float* dst) {
  for (int j0 = 0; j0 < width; j0 += 16) {
    for (long p0 = 0; p0 < kc; p0 += 16) {
      const int pn = kc - p0 < 16 ? static_cast<int>(kc - p0) : 16;
      const __mmask16 pmask = static_cast<__mmask16>((1u << pn) - 1u);
      __m512 r[16];
      for (int i = 0; i < 16; ++i) {
        const int j = j0 + i;
        r[i] = j < nr ? _mm512_maskz_loadu_ps(pmask, src + j * lds + p0) : _mm512_setzero_ps();
      }
      transpose16(r);
      for (int q = 0; q < pn; ++q) _mm512_storeu_ps(dst + (p0 + q) * width + j0, r[q]);
    }
  }
}

// ---- Few rows of C, nothing packed (GemmPlan::direct) ----

// Sums of four vectors: (Σv0, Σv1, Σv2, Σv3).
inline __m128 reduce4(__m512 v0, __m512 v1, __m512 v2, __m512 v3) {
  const __m256 y0 = _mm256_add_ps(_mm512_castps512_ps256(v0), _mm512_extractf32x8_ps(v0, 1));
  const __m256 y1 = _mm256_add_ps(_mm512_castps512_ps256(v1), _mm512_extractf32x8_ps(v1, 1));
  const __m256 y2 = _mm256_add_ps(_mm512_castps512_ps256(v2), _mm512_extractf32x8_ps(v2, 1));
  const __m256 y3 = _mm256_add_ps(_mm512_castps512_ps256(v3), _mm512_extractf32x8_ps(v3, 1));
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(y0, y1), _mm256_hadd_ps(y2, y3));
  return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

// Rows of A per pass: six rows by four of B keep 24 accumulators, six A vectors and a B vector in
// registers, ten loads per 24 FMAs as in the 6×64 tiles (M's inference stack at 9 to 32 rows ran
// 4–18% faster than with four rows).
constexpr int DOT_ROWS = 6;
constexpr int DOT_COLS = 8;  // rows of B per pass (4 when more than 2 rows of A)
// transB products of up to this many rows of C as dot products, not packed tiles (M's inference
// stack, 784×256, 256×128 and 128×10, side by side in one process: 0.58× the time at 9 rows,
// 0.67× at 12, 0.77× at 16, 0.92× at 24, 0.96× at 28, 1.00× at 32, slower from 36).
constexpr long DIRECT_DOT_ROWS = 32;

// acc[i][j] += A row i · B row j over the 16 floats at p (lanes outside `mask` are zero).
template <int R, int NB, int NB4, bool kMasked>
inline void dotStep(__m512 (&acc)[R][NB4], const float* a, long lda, const float* b, long ldb, long p,
                    __mmask16 mask) {
  __m512 av[R];
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i) av[i] = kMasked ? _mm512_maskz_loadu_ps(mask, a + i * lda + p) : _mm512_loadu_ps(a + i * lda + p);
#pragma GCC unroll 8
  for (int j = 0; j < NB; ++j) {
    const __m512 bv = kMasked ? _mm512_maskz_loadu_ps(mask, b + j * ldb + p) : _mm512_loadu_ps(b + j * ldb + p);
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) acc[i][j] = _mm512_fmadd_ps(av[i], bv, acc[i][j]);
  }
}

// C[i, j] for i < R, j < NB: R·NB accumulators over k in 16-float steps (two sets, alternate
// steps, when R·NB ≤ 8, so 16 FMA chains hide the latency). A masked head first brings the
// B loads to 64-byte alignment (no split cache lines); masked tail.
template <int R, int NB>
void dotBlock(long k, const float* a, long lda, const float* b, long ldb, float* c, long ldc, float alpha,
              float beta) {
  constexpr int NB4 = (NB + 3) / 4 * 4;
  constexpr bool kSplit = R * NB <= 8;
  __m512 acc[R][NB4], acc2[R][NB4];
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < NB4; ++j) acc[i][j] = acc2[i][j] = _mm512_setzero_ps();
  long p = 0;
  if (k >= 64) {
    const long head = static_cast<long>((0u - (reinterpret_cast<unsigned long>(b) >> 2)) & 15u);
    if (head != 0) {
      dotStep<R, NB, NB4, true>(acc, a, lda, b, ldb, 0, static_cast<__mmask16>((1u << head) - 1u));
      p = head;
    }
  }
  if (kSplit) {
    for (; p + 32 <= k; p += 32) {
      dotStep<R, NB, NB4, false>(acc, a, lda, b, ldb, p, 0);
      dotStep<R, NB, NB4, false>(acc2, a, lda, b, ldb, p + 16, 0);
    }
  }
#pragma GCC unroll 2
  for (; p + 16 <= k; p += 16) dotStep<R, NB, NB4, false>(acc, a, lda, b, ldb, p, 0);
  if (p < k) dotStep<R, NB, NB4, true>(acc2, a, lda, b, ldb, p, static_cast<__mmask16>((1u << (k - p)) - 1u));
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < NB; ++j) acc[i][j] = _mm512_add_ps(acc[i][j], acc2[i][j]);

  const __m128 va = _mm_set1_ps(alpha);
  const __m128 vb = _mm_set1_ps(beta);
  const __mmask8 last = static_cast<__mmask8>((1u << (NB - (NB4 - 4))) - 1u);
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i) {
    float* ci = c + i * ldc;
#pragma GCC unroll 8
    for (int j = 0; j < NB4; j += 4) {
      const __mmask8 mask = j + 4 <= NB ? static_cast<__mmask8>(0xF) : last;
      __m128 r = _mm_mul_ps(reduce4(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]), va);
      if (beta != 0.0f) r = _mm_fmadd_ps(vb, _mm_maskz_loadu_ps(mask, ci + j), r);
      _mm_mask_storeu_ps(ci + j, mask, r);
    }
  }
}

using DotFn = void (*)(long, const float*, long, const float*, long, float*, long, float, float);

template <int R, int... Js>
constexpr void fillDots(DotFn* out, std::integer_sequence<int, Js...>) {
  ((out[Js] = &dotBlock<R, Js + 1>), ...);
}

struct DotTable {
  DotFn fn[DOT_ROWS][DOT_COLS];  // [rows - 1][cols - 1]; cols ≤ 4 when rows > 2
  constexpr DotTable() : fn{} {
    fillDots<1>(fn[0], std::make_integer_sequence<int, DOT_COLS>{});
    fillDots<2>(fn[1], std::make_integer_sequence<int, DOT_COLS>{});
    fillDots<3>(fn[2], std::make_integer_sequence<int, 4>{});
    fillDots<4>(fn[3], std::make_integer_sequence<int, 4>{});
    fillDots<5>(fn[4], std::make_integer_sequence<int, 4>{});
    fillDots<6>(fn[5], std::make_integer_sequence<int, 4>{});
  }
};
constexpr DotTable kDots{};

// One row of A (batch-1 inference): B row by row, each a single sequential stream with
// kChains accumulators, its loads brought to 64-byte alignment by a masked head. Streaming B one
// row at a time runs closer to the L2 bandwidth than dotBlock's eight interleaved rows (M's
// 784-256-128-10 forward in a C++ loop, 64-byte-aligned weights: 6.9 vs 8.4 µs with four
// accumulators; eight take about 0.2 µs less again). The driver gives A the alignment of B's rows
// (GemmPlan::direct, one row), so its loads are aligned as well. (On AVX2 the same scheme was
// slower than dotBlock: 10.1 vs 9.1 µs.)
constexpr int kChains = 8;  // summed as eight below

void dotRowByRow(long n, long k, const float* a, const float* b, long ldb, float* c, float alpha, float beta) {
  for (long j = 0; j < n; ++j) {
    const float* bj = b + j * ldb;
    __m512 acc[kChains];
#pragma GCC unroll 8
    for (int v = 0; v < kChains; ++v) acc[v] = _mm512_setzero_ps();
    long p = 0;
    const long head = static_cast<long>((0u - (reinterpret_cast<unsigned long>(bj) >> 2)) & 15u);
    if (head != 0) {
      const __mmask16 mask = static_cast<__mmask16>((1u << (head < k ? head : k)) - 1u);
      acc[1] = _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, a), _mm512_maskz_loadu_ps(mask, bj));
      p = head < k ? head : k;
    }
    for (; p + 16 * kChains <= k; p += 16 * kChains) {
#pragma GCC unroll 8
      for (int v = 0; v < kChains; ++v)
        acc[v] = _mm512_fmadd_ps(_mm512_loadu_ps(a + p + 16 * v), _mm512_loadu_ps(bj + p + 16 * v), acc[v]);
    }
    for (; p + 16 <= k; p += 16) acc[2] = _mm512_fmadd_ps(_mm512_loadu_ps(a + p), _mm512_loadu_ps(bj + p), acc[2]);
    if (p < k) {
      const __mmask16 mask = static_cast<__mmask16>((1u << (k - p)) - 1u);
      acc[3] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, a + p), _mm512_maskz_loadu_ps(mask, bj + p), acc[3]);
    }
    const float dot = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])),
                                                         _mm512_add_ps(_mm512_add_ps(acc[4], acc[5]), _mm512_add_ps(acc[6], acc[7]))));
    c[j] = beta == 0.0f ? alpha * dot : alpha * dot + beta * c[j];
  }
}

void rowDots(long m, long n, long k, const float* a, long lda, const float* b, long ldb, float* c, long ldc,
             float alpha, float beta) {
  if (m == 1) {
    dotRowByRow(n, k, a, b, ldb, c, alpha, beta);
    return;
  }
  // Passes of nearly equal rows (8 as 4 + 4, not 6 + 2: a pass of two rows re-reads all of B
  // for little work; M's stack at 8 rows took 10% longer).
  const long passes = (m + DOT_ROWS - 1) / DOT_ROWS;
  for (long p = 0, i = 0; p < passes; ++p) {
    const int r = static_cast<int>(m * (p + 1) / passes - i);
    const int cols = r <= 2 ? DOT_COLS : 4;
    const float* ai = a + i * lda;
    float* ci = c + i * ldc;
    for (long j = 0; j < n; j += cols) {
      const int nb = n - j < cols ? static_cast<int>(n - j) : cols;
      kDots.fn[r - 1][nb - 1](k, ai, lda, b + j * ldb, ldb, ci + j, ldc, alpha, beta);
    }
    i += r;
  }
}

// Row-major B in place, one or two rows of C: the register tile widened to 8 (one row) or 4
// (two rows) vectors, so enough independent accumulators hide the FMA latency.
constexpr int AXPY_ROWS = 2;
constexpr int AXPY_VECTORS = 8;

struct AxpyTable {
  TileFn fn[2][AXPY_ROWS][AXPY_VECTORS][2];  // [rowsA][rows - 1][nv - 1][masked]
  template <int R, int NV>
  constexpr void put() {
    fn[0][R - 1][NV - 1][0] = &tileKernel<R, NV, false, false>;
    fn[0][R - 1][NV - 1][1] = &tileKernel<R, NV, false, true>;
    fn[1][R - 1][NV - 1][0] = &tileKernel<R, NV, true, false>;
    fn[1][R - 1][NV - 1][1] = &tileKernel<R, NV, true, true>;
  }
  constexpr AxpyTable() : fn{} {
    put<1, 1>(), put<1, 2>(), put<1, 3>(), put<1, 4>(), put<1, 5>(), put<1, 6>(), put<1, 7>(), put<1, 8>();
    put<2, 1>(), put<2, 2>(), put<2, 3>(), put<2, 4>();
  }
};
constexpr AxpyTable kAxpy{};

void rowAxpy(long m, long n, long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc,
             float alpha, float beta) {
  const int rowsA = (csa == 1 && rsa != 1) ? 1 : 0;
  for (long i = 0; i < m; i += AXPY_ROWS) {
    const int r = m - i < AXPY_ROWS ? static_cast<int>(m - i) : AXPY_ROWS;
    const long width = 16L * (r == 1 ? AXPY_VECTORS : 4);
    for (long j = 0; j < n; j += width) {
      const int nr = static_cast<int>(n - j < width ? n - j : width);
      const int nv = (nr + 15) / 16;
      const int tail = nr - 16 * (nv - 1);
      const __mmask16 mask = static_cast<__mmask16>((1u << tail) - 1u);
      kAxpy.fn[rowsA][r - 1][nv - 1][tail < 16 ? 1 : 0](k, a + i * rsa, rsa, csa, b + j, ldb, c + i * ldc + j, ldc,
                                                        mask, alpha, beta);
    }
  }
}

// 16 independent chains: two FMA pipes with 4 cycles of latency need 8 in flight.
constexpr int kFmaChains = 16;

float fmaRounds(long rounds) {
  // x·a + y converges to 1 from any start: no overflow and no denormals, however many rounds.
  const __m512 x = _mm512_set1_ps(0.999f);
  const __m512 y = _mm512_set1_ps(0.001f);
  __m512 acc[kFmaChains];
  for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm512_set1_ps(0.01f * static_cast<float>(i));
  for (long r = 0; r < rounds; ++r) {
#pragma GCC unroll 16
    for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
  }
  __m512 sum = acc[0];
  for (int i = 1; i < kFmaChains; ++i) sum = _mm512_add_ps(sum, acc[i]);
  return _mm512_reduce_add_ps(sum);
}

#pragma GCC diagnostic pop

constexpr MicroKernelSet kSet{"avx512", MR, MR_ROWS_A, NR, NR_ROWS_A, MR_ROWS_A_NARROW, DIRECT_DOT_ROWS, &tile, &packTransposedB, &rowDots, &rowAxpy, &fmaRounds, kFmaChains * 16 * 2};

}  // namespace

const MicroKernelSet& microKernelsAvx512() { return kSet; }

}  // namespace hyperprop
