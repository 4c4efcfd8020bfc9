// AVX-512 micro-kernels: MR×32 register tiles (MR rows broadcast from A, two zmm of B per
// row), MR ≤ 14 so the 28 accumulators, two B vectors and a broadcast fit in 32 registers.
// Edge tiles use smaller template instances (rows) and AVX-512 masks (columns); no scratch.
// Compiled with -mavx512f -mavx512vl -mavx512dq -mavx2 -mfma (binding.gyp, target gemm_avx512).
#include <immintrin.h>

#include <utility>

#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

constexpr int MR = 14;
constexpr int MR_ROWS_A = 8;  // row-major A in place needs a pointer per row
constexpr int NR = 32;

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

// table[rowsA][nv - 1][masked][r - 1]
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
    fillRow<true, 1, false>(fn[1][0][0], std::make_integer_sequence<int, MR_ROWS_A>{});
    fillRow<true, 1, true>(fn[1][0][1], std::make_integer_sequence<int, MR_ROWS_A>{});
    fillRow<true, 2, false>(fn[1][1][0], std::make_integer_sequence<int, MR_ROWS_A>{});
    fillRow<true, 2, true>(fn[1][1][1], std::make_integer_sequence<int, MR_ROWS_A>{});
  }
};
constexpr TileTable kTiles{};

void tile(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc, int mr, int nr,
          float alpha, float beta) {
  const int rowsA = (csa == 1 && rsa != 1) ? 1 : 0;
  const int nv = nr > 16 ? 2 : 1;
  const int tail = nr - 16 * (nv - 1);
  const int masked = tail < 16 ? 1 : 0;
  const __mmask16 mask = static_cast<__mmask16>((1u << tail) - 1u);
  kTiles.fn[rowsA][nv - 1][masked][mr - 1](k, a, rsa, csa, b, ldb, c, ldc, mask, alpha, beta);
}

// GCC 12 reports the _mm512_undefined_ps() inside its shuffle intrinsics as uninitialised.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

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

// dst[p·NR + j] = src[j·lds + p], 16×16 blocks through registers; rows j ≥ nr are zero.
void packTransposedB(long kc, int nr, const float* src, long lds, float* dst) {
  for (int j0 = 0; j0 < NR; j0 += 16) {
    for (long p0 = 0; p0 < kc; p0 += 16) {
      const int pn = kc - p0 < 16 ? static_cast<int>(kc - p0) : 16;
      const __mmask16 pmask = static_cast<__mmask16>((1u << pn) - 1u);
      __m512 r[16];
      for (int i = 0; i < 16; ++i) {
        const int j = j0 + i;
        r[i] = j < nr ? _mm512_maskz_loadu_ps(pmask, src + j * lds + p0) : _mm512_setzero_ps();
      }
      transpose16(r);
      for (int q = 0; q < pn; ++q) _mm512_storeu_ps(dst + (p0 + q) * NR + j0, r[q]);
    }
  }
}

#pragma GCC diagnostic pop

constexpr MicroKernelSet kSet{"avx512", MR, MR_ROWS_A, NR, &tile, &packTransposedB};

}  // namespace

const MicroKernelSet& microKernelsAvx512() { return kSet; }

}  // namespace hyperprop
