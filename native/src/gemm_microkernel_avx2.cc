// AVX2 + FMA micro-kernels: MR×16 register tiles (two ymm of B per row, MR = 6: 12
// accumulators of the 16 ymm registers). Row edges use smaller template instances, column
// edges vmaskmov. Compiled with -mavx2 -mfma (binding.gyp, target gemm_avx2).
#include <immintrin.h>

#include <utility>

#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

constexpr int MR = 6;
constexpr int NR = 16;

template <int R, int NV, bool kRowsA, bool kMasked>
void tileKernel(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc,
                __m256i mask, float alpha, float beta) {
  __m256 acc[R][NV];
#pragma GCC unroll 16
  for (int i = 0; i < R; ++i)
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_ps();
  const float* rows[R];
#pragma GCC unroll 16
  for (int i = 0; i < R; ++i) rows[i] = a + i * rsa;

#pragma GCC unroll 4
  for (long p = 0; p < k; ++p) {
    __m256 bv[NV];
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v)
      bv[v] = (kMasked && v == NV - 1) ? _mm256_maskload_ps(b + 8 * v, mask) : _mm256_loadu_ps(b + 8 * v);
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i) {
      const __m256 ai = _mm256_broadcast_ss(kRowsA ? rows[i] + p : a + i);
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
    }
    if (!kRowsA) a += csa;
    b += ldb;
  }

  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
#pragma GCC unroll 16
  for (int i = 0; i < R; ++i) {
    float* ci = c + i * ldc;
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      const bool edge = kMasked && v == NV - 1;
      __m256 r = _mm256_mul_ps(acc[i][v], va);
      if (beta != 0.0f) {
        const __m256 old = edge ? _mm256_maskload_ps(ci + 8 * v, mask) : _mm256_loadu_ps(ci + 8 * v);
        r = beta == 1.0f ? _mm256_add_ps(r, old) : _mm256_fmadd_ps(vb, old, r);
      }
      if (edge)
        _mm256_maskstore_ps(ci + 8 * v, mask, r);
      else
        _mm256_storeu_ps(ci + 8 * v, r);
    }
  }
}

using TileFn = void (*)(long, const float*, long, long, const float*, long, float*, long, __m256i, float, float);

template <bool kRowsA, int NV, bool kMasked, int... Rs>
constexpr void fillRow(TileFn* out, std::integer_sequence<int, Rs...>) {
  ((out[Rs] = &tileKernel<Rs + 1, NV, kRowsA, kMasked>), ...);
}

struct TileTable {
  TileFn fn[2][2][2][MR];
  constexpr TileTable() : fn{} {
    fillRow<false, 1, false>(fn[0][0][0], std::make_integer_sequence<int, MR>{});
    fillRow<false, 1, true>(fn[0][0][1], std::make_integer_sequence<int, MR>{});
    fillRow<false, 2, false>(fn[0][1][0], std::make_integer_sequence<int, MR>{});
    fillRow<false, 2, true>(fn[0][1][1], std::make_integer_sequence<int, MR>{});
    fillRow<true, 1, false>(fn[1][0][0], std::make_integer_sequence<int, MR>{});
    fillRow<true, 1, true>(fn[1][0][1], std::make_integer_sequence<int, MR>{});
    fillRow<true, 2, false>(fn[1][1][0], std::make_integer_sequence<int, MR>{});
    fillRow<true, 2, true>(fn[1][1][1], std::make_integer_sequence<int, MR>{});
  }
};
constexpr TileTable kTiles{};

void tile(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc, int mr, int nr,
          float alpha, float beta) {
  const int rowsA = (csa == 1 && rsa != 1) ? 1 : 0;
  const int nv = nr > 8 ? 2 : 1;
  const int tail = nr - 8 * (nv - 1);
  const int masked = tail < 8 ? 1 : 0;
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(tail), lanes);
  kTiles.fn[rowsA][nv - 1][masked][mr - 1](k, a, rsa, csa, b, ldb, c, ldc, mask, alpha, beta);
}

// ---- Few rows of C, nothing packed (GemmPlan::direct) ----

// Sums of four vectors: (Σv0, Σv1, Σv2, Σv3).
inline __m128 reduce4(__m256 v0, __m256 v1, __m256 v2, __m256 v3) {
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(v0, v1), _mm256_hadd_ps(v2, v3));
  return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

constexpr int DOT_ROWS = 2;  // rows of A per pass (16 ymm registers: at most 8 accumulators)
// transB products of up to this many rows of C as dot products (784×256 B: m = 1 7.7 µs against
// 25 µs packed, m = 8 18 against 32).
constexpr long DIRECT_DOT_ROWS = 8;
constexpr int DOT_COLS = 8;  // rows of B per pass (4 with two rows of A)

template <int R, int NB>
void dotBlock(long k, const float* a, long lda, const float* b, long ldb, float* c, long ldc, float alpha,
              float beta) {
  constexpr int NB4 = (NB + 3) / 4 * 4;
  __m256 acc[R][NB4];
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < NB4; ++j) acc[i][j] = _mm256_setzero_ps();
  long p = 0;
#pragma GCC unroll 2
  for (; p + 8 <= k; p += 8) {
    __m256 av[R];
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) av[i] = _mm256_loadu_ps(a + i * lda + p);
#pragma GCC unroll 8
    for (int j = 0; j < NB; ++j) {
      const __m256 bv = _mm256_loadu_ps(b + j * ldb + p);
#pragma GCC unroll 8
      for (int i = 0; i < R; ++i) acc[i][j] = _mm256_fmadd_ps(av[i], bv, acc[i][j]);
    }
  }
  if (p < k) {
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(k - p)),
                                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    __m256 av[R];
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) av[i] = _mm256_maskload_ps(a + i * lda + p, mask);
#pragma GCC unroll 8
    for (int j = 0; j < NB; ++j) {
      const __m256 bv = _mm256_maskload_ps(b + j * ldb + p, mask);
#pragma GCC unroll 8
      for (int i = 0; i < R; ++i) acc[i][j] = _mm256_fmadd_ps(av[i], bv, acc[i][j]);
    }
  }
  const __m128 va = _mm_set1_ps(alpha);
  const __m128 vb = _mm_set1_ps(beta);
  const __m128i last = _mm_cmpgt_epi32(_mm_set1_epi32(NB - (NB4 - 4)), _mm_setr_epi32(0, 1, 2, 3));
#pragma GCC unroll 8
  for (int i = 0; i < R; ++i) {
    float* ci = c + i * ldc;
#pragma GCC unroll 8
    for (int j = 0; j < NB4; j += 4) {
      __m128 r = _mm_mul_ps(reduce4(acc[i][j], acc[i][j + 1], acc[i][j + 2], acc[i][j + 3]), va);
      if (j + 4 <= NB) {
        if (beta != 0.0f) r = _mm_fmadd_ps(vb, _mm_loadu_ps(ci + j), r);
        _mm_storeu_ps(ci + j, r);
      } else {
        if (beta != 0.0f) r = _mm_fmadd_ps(vb, _mm_maskload_ps(ci + j, last), r);
        _mm_maskstore_ps(ci + j, last, r);
      }
    }
  }
}

using DotFn = void (*)(long, const float*, long, const float*, long, float*, long, float, float);

template <int R, int... Js>
constexpr void fillDots(DotFn* out, std::integer_sequence<int, Js...>) {
  ((out[Js] = &dotBlock<R, Js + 1>), ...);
}

struct DotTable {
  DotFn fn[DOT_ROWS][DOT_COLS];  // [rows - 1][cols - 1]; cols ≤ 4 with two rows
  constexpr DotTable() : fn{} {
    fillDots<1>(fn[0], std::make_integer_sequence<int, DOT_COLS>{});
    fillDots<2>(fn[1], std::make_integer_sequence<int, 4>{});
  }
};
constexpr DotTable kDots{};

void rowDots(long m, long n, long k, const float* a, long lda, const float* b, long ldb, float* c, long ldc,
             float alpha, float beta) {
  for (long i = 0; i < m; i += DOT_ROWS) {
    const int r = m - i < DOT_ROWS ? static_cast<int>(m - i) : DOT_ROWS;
    const int cols = r == 1 ? DOT_COLS : 4;
    const float* ai = a + i * lda;
    float* ci = c + i * ldc;
    for (long j = 0; j < n; j += cols) {
      const int nb = n - j < cols ? static_cast<int>(n - j) : cols;
      kDots.fn[r - 1][nb - 1](k, ai, lda, b + j * ldb, ldb, ci + j, ldc, alpha, beta);
    }
  }
}

// Row-major B in place, one or two rows of C: tiles widened to 8 (one row) or 4 (two rows)
// vectors so enough independent accumulators hide the FMA latency.
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
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (long i = 0; i < m; i += AXPY_ROWS) {
    const int r = m - i < AXPY_ROWS ? static_cast<int>(m - i) : AXPY_ROWS;
    const long width = 8L * (r == 1 ? AXPY_VECTORS : 4);
    for (long j = 0; j < n; j += width) {
      const int nr = static_cast<int>(n - j < width ? n - j : width);
      const int nv = (nr + 7) / 8;
      const int tail = nr - 8 * (nv - 1);
      const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(tail), lanes);
      kAxpy.fn[rowsA][r - 1][nv - 1][tail < 8 ? 1 : 0](k, a + i * rsa, rsa, csa, b + j, ldb, c + i * ldc + j, ldc,
                                                       mask, alpha, beta);
    }
  }
}

// 12 independent chains (of 16 registers, two hold the constants): enough for two FMA pipes
// with up to 5 cycles of latency.
constexpr int kFmaChains = 12;

float fmaRounds(long rounds) {
  // x·a + y converges to 1 from any start: no overflow and no denormals, however many rounds.
  const __m256 x = _mm256_set1_ps(0.999f);
  const __m256 y = _mm256_set1_ps(0.001f);
  __m256 acc[kFmaChains];
  for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm256_set1_ps(0.01f * static_cast<float>(i));
  for (long r = 0; r < rounds; ++r) {
#pragma GCC unroll 12
    for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
  }
  __m256 sum = acc[0];
  for (int i = 1; i < kFmaChains; ++i) sum = _mm256_add_ps(sum, acc[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = 0.0f;
  for (float lane : lanes) total += lane;
  return total;
}

constexpr MicroKernelSet kSet{"avx2", MR, MR, NR, NR, MR, DIRECT_DOT_ROWS, &tile, nullptr, &rowDots, &rowAxpy, &fmaRounds, kFmaChains * 8 * 2};

}  // namespace

const MicroKernelSet& microKernelsAvx2() { return kSet; }

}  // namespace hyperprop
