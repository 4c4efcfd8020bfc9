// Portable micro-kernel (no intrinsics): a 4×8 tile held in GCC vector-extension
// registers (SSE2 on x86-64, NEON on arm64); partial tiles use a plain loop.
#include <cstring>

#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

constexpr int MR = 4;
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

constexpr MicroKernelSet kSet{"generic", MR, MR, NR, &tile, nullptr};

}  // namespace

const MicroKernelSet& microKernelsGeneric() { return kSet; }

}  // namespace hyperprop
