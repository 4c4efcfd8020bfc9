// The plain reference GEMM: a triple loop over op(A) and op(B) with a double accumulator.
// Slow on purpose; tests and the tuned driver's checks compare against it.
#include "gemm.h"

namespace hyperprop {

void gemmReference(const GemmCall& call) {
  const long m = call.m, n = call.n, k = call.k;
  for (long i = 0; i < m; ++i) {
    for (long j = 0; j < n; ++j) {
      double sum = 0.0;
      for (long p = 0; p < k; ++p) {
        const float a = call.transA ? call.a[p * m + i] : call.a[i * k + p];
        const float b = call.transB ? call.b[j * k + p] : call.b[p * n + j];
        sum += static_cast<double>(a) * static_cast<double>(b);
      }
      float& c = call.c[i * n + j];
      const float ab = call.alpha * static_cast<float>(sum);
      c = call.beta == 0.0f ? ab : ab + call.beta * c;
    }
  }
}

}  // namespace hyperprop
