// Norms, clipping and penalties. Sums run in double over eight independent accumulators so
// the loops vectorise without -ffast-math.
#include "reductions.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "multiversion.h"

namespace hyperprop {

KERNEL_CLONES double sumSquares(long n, const float* x) {
  double acc[8] = {};
  long i = 0;
  for (; i + 8 <= n; i += 8)
    for (int u = 0; u < 8; ++u) acc[u] += static_cast<double>(x[i + u]) * static_cast<double>(x[i + u]);
  for (; i < n; ++i) acc[0] += static_cast<double>(x[i]) * static_cast<double>(x[i]);
  double total = 0.0;
  for (double a : acc) total += a;
  return total;
}

// Blocks of 256 are scanned without an early exit (an OR over exponent bits, which vectorises);
// only a block that has a NaN or infinity is searched element by element.
KERNEL_CLONES long firstNonFinite(long n, const float* x) {
  constexpr long kBlock = 256;
  constexpr std::uint32_t kExponent = 0x7f800000u;
  for (long start = 0; start < n; start += kBlock) {
    const long end = std::min(n, start + kBlock);
    std::uint32_t bad = 0;
    for (long i = start; i < end; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, x + i, sizeof bits);
      bad |= static_cast<std::uint32_t>((bits & kExponent) == kExponent);
    }
    if (bad != 0) {
      for (long i = start; i < end; ++i)
        if (!std::isfinite(x[i])) return i;
    }
  }
  return -1;
}

KERNEL_CLONES double clipByNorm(long n, float* g, double maxNorm) {
  const double norm = std::sqrt(sumSquares(n, g));
  const double coef = maxNorm / (norm + 1e-6);
  if (coef < 1.0) {
    const float c = static_cast<float>(coef);
    for (long i = 0; i < n; ++i) g[i] *= c;
  }
  return norm;
}

KERNEL_CLONES void clipByValue(long n, float* g, float limit) {
  for (long i = 0; i < n; ++i) g[i] = std::min(std::max(g[i], -limit), limit);
}

KERNEL_CLONES double l1Penalty(long n, const float* w, float* g, float lambda) {
  double acc[8] = {};
  long i = 0;
  for (; i + 8 <= n; i += 8)
    for (int u = 0; u < 8; ++u) acc[u] += std::fabs(static_cast<double>(w[i + u]));
  for (; i < n; ++i) acc[0] += std::fabs(static_cast<double>(w[i]));
  for (long j = 0; j < n; ++j) {
    const float sign = w[j] > 0.0f ? 1.0f : (w[j] < 0.0f ? -1.0f : 0.0f);
    g[j] += lambda * sign;
  }
  double total = 0.0;
  for (double a : acc) total += a;
  return static_cast<double>(lambda) * total;
}

KERNEL_CLONES double l2Penalty(long n, const float* w, float* g, float lambda) {
  const float twice = 2.0f * lambda;
  for (long i = 0; i < n; ++i) g[i] += twice * w[i];
  return static_cast<double>(lambda) * sumSquares(n, w);
}

}  // namespace hyperprop
