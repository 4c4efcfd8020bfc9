// Portable micro-kernel (no intrinsics): a 4×8 tile held in GCC vector-extension
// registers (SSE2 on x86-64, NEON on arm64); partial tiles use a plain loop.
#include <cstring>

#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

constexpr int MR = 4;
// transB products of up to this many rows of C as dot products (784×256 B: m = 1 7.7 µs against
// 25 µs packed, m = 8 18 against 32).
constexpr long DIRECT_DOT_ROWS = 8;
constexpr int NR = 8;

void tile(long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc, int mr, int nr,
          float alpha, float beta) {
  float acc[MR][NR] = {};
#if defined(__GNUC__)
  if (mr == MR && nr == NR) {  // full tile in 4-float vectors (GCC/clang vector extensions)
    using V4 = float __attribute__((vector_size(16)));
    V4 acc0[MR] = {}, acc1[MR] = {};
    for (long p = 0; p < k; ++p) {
      V4 b0, b1;
      std::memcpy(&b0, b + p * ldb, sizeof b0);
      std::memcpy(&b1, b + p * ldb + 4, sizeof b1);
      for (int i = 0; i < MR; ++i) {
        const float ai = a[i * rsa + p * csa];
        acc0[i] += ai * b0;
        acc1[i] += ai * b1;
      }
    }
    for (int i = 0; i < MR; ++i) {
      std::memcpy(acc[i], &acc0[i], sizeof acc0[i]);
      std::memcpy(acc[i] + 4, &acc1[i], sizeof acc1[i]);
    }
  } else
#endif
  {
    for (long p = 0; p < k; ++p) {
      const float* bp = b + p * ldb;
      for (int i = 0; i < mr; ++i) {
        const float ai = a[i * rsa + p * csa];
        for (int j = 0; j < nr; ++j) acc[i][j] += ai * bp[j];
      }
    }
  }
  for (int i = 0; i < mr; ++i) {
    float* ci = c + i * ldc;
    if (beta == 0.0f) {
      for (int j = 0; j < nr; ++j) ci[j] = alpha * acc[i][j];
    } else {
      for (int j = 0; j < nr; ++j) ci[j] = alpha * acc[i][j] + beta * ci[j];
    }
  }
}

// ---- Few rows of C, nothing packed (GemmPlan::direct) ----

// Four dot products of one A row with four B rows, four partial sums each (vectorisable
// without reassociating the caller's loop).
void rowDots(long m, long n, long k, const float* a, long lda, const float* b, long ldb, float* c, long ldc,
             float alpha, float beta) {
  for (long i = 0; i < m; ++i) {
    const float* ai = a + i * lda;
    float* ci = c + i * ldc;
    long j = 0;
    for (; j + 4 <= n; j += 4) {
      const float* b0 = b + j * ldb;
      const float* b1 = b0 + ldb;
      const float* b2 = b1 + ldb;
      const float* b3 = b2 + ldb;
      float s0[4] = {}, s1[4] = {}, s2[4] = {}, s3[4] = {};
      long p = 0;
      for (; p + 4 <= k; p += 4)
        for (int q = 0; q < 4; ++q) {
          const float x = ai[p + q];
          s0[q] += x * b0[p + q];
          s1[q] += x * b1[p + q];
          s2[q] += x * b2[p + q];
          s3[q] += x * b3[p + q];
        }
      for (; p < k; ++p) {
        const float x = ai[p];
        s0[0] += x * b0[p];
        s1[0] += x * b1[p];
        s2[0] += x * b2[p];
        s3[0] += x * b3[p];
      }
      const float d[4] = {(s0[0] + s0[1]) + (s0[2] + s0[3]), (s1[0] + s1[1]) + (s1[2] + s1[3]),
                          (s2[0] + s2[1]) + (s2[2] + s2[3]), (s3[0] + s3[1]) + (s3[2] + s3[3])};
      for (int q = 0; q < 4; ++q) ci[j + q] = beta == 0.0f ? alpha * d[q] : alpha * d[q] + beta * ci[j + q];
    }
    for (; j < n; ++j) {
      const float* bj = b + j * ldb;
      float s[4] = {};
      long p = 0;
      for (; p + 4 <= k; p += 4)
        for (int q = 0; q < 4; ++q) s[q] += ai[p + q] * bj[p + q];
      for (; p < k; ++p) s[0] += ai[p] * bj[p];
      const float d = (s[0] + s[1]) + (s[2] + s[3]);
      ci[j] = beta == 0.0f ? alpha * d : alpha * d + beta * ci[j];
    }
  }
}

// One row of C at a time in column blocks of 64: C row block += A(i, p)·B row p block.
void rowAxpy(long m, long n, long k, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc,
             float alpha, float beta) {
  constexpr long W = 64;
  for (long i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    for (long j0 = 0; j0 < n; j0 += W) {
      const long w = n - j0 < W ? n - j0 : W;
      float acc[W] = {};
      for (long p = 0; p < k; ++p) {
        const float x = a[i * rsa + p * csa];
        const float* bp = b + p * ldb + j0;
        for (long j = 0; j < w; ++j) acc[j] += x * bp[j];
      }
      for (long j = 0; j < w; ++j)
        ci[j0 + j] = beta == 0.0f ? alpha * acc[j] : alpha * acc[j] + beta * ci[j0 + j];
    }
  }
}

// The baseline ISA has no FMA: 8 chains of 4-float multiply-adds (two operations each), what
// this set's tile is made of.
constexpr int kFmaChains = 8;

float fmaRounds(long rounds) {
  float total = 0.0f;
#if defined(__GNUC__)
  using V4 = float __attribute__((vector_size(16)));
  // x·a + y converges to 1 from any start: no overflow and no denormals, however many rounds.
  const V4 x = {0.999f, 0.999f, 0.999f, 0.999f};
  const V4 y = {0.001f, 0.001f, 0.001f, 0.001f};
  V4 acc[kFmaChains];
  for (int i = 0; i < kFmaChains; ++i) acc[i] = V4{} + 0.01f * static_cast<float>(i);
  for (long r = 0; r < rounds; ++r) {
#pragma GCC unroll 8
    for (int i = 0; i < kFmaChains; ++i) acc[i] = acc[i] * x + y;
  }
  for (const V4& v : acc) total += v[0] + v[1] + v[2] + v[3];
#else
  float acc[kFmaChains * 4];
  for (int i = 0; i < kFmaChains * 4; ++i) acc[i] = 0.01f * static_cast<float>(i);
  for (long r = 0; r < rounds; ++r)
    for (float& a : acc) a = a * 0.999f + 0.001f;
  for (float a : acc) total += a;
#endif
  return total;
}

constexpr MicroKernelSet kSet{"generic", MR, MR, NR, NR, MR, DIRECT_DOT_ROWS, &tile, nullptr, &rowDots, &rowAxpy, &fmaRounds, kFmaChains * 4 * 2};

}  // namespace

const MicroKernelSet& microKernelsGeneric() { return kSet; }

}  // namespace hyperprop
