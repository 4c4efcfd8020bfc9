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

constexpr MicroKernelSet kSet{"avx2", MR, MR, NR, &tile, nullptr};

}  // namespace

const MicroKernelSet& microKernelsAvx2() { return kSet; }

}  // namespace hyperprop
