// Element-wise products and scaled sums, written so GCC vectorises them; KERNEL_CLONES builds
// AVX-512 / AVX2 / baseline copies (multiversion.h).
#include "elementwise.h"

#include "multiversion.h"

namespace hyperprop {

// out may be x or y: each element is read before it is written.
KERNEL_CLONES void multiply(long n, const float* x, const float* y, float* out) {
  for (long i = 0; i < n; ++i) out[i] = x[i] * y[i];
}

KERNEL_CLONES void axpy(long n, const float* x, float* out, float alpha) {
  for (long i = 0; i < n; ++i) out[i] += alpha * x[i];
}

}  // namespace hyperprop
