// Activations, PReLU and softmax. Scalar loops written so GCC vectorises
// them; KERNEL_CLONES builds AVX-512 / AVX2 / baseline copies (multiversion.h).
#include "activations.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernel_codes.h"
#include "multiversion.h"

namespace hyperprop {
namespace {

/** σ(z) without overflow: z ≥ 0 ? 1/(1 + e^−z) : e^z/(1 + e^z). */
inline float stableSigmoid(float z) {
  if (z >= 0.0f) return 1.0f / (1.0f + std::exp(-z));
  const float e = std::exp(z);
  return e / (1.0f + e);
}

/**
 * e^x for x ≤ 0 (softmax's z − max), in a form GCC vectorises: libm's expf is a call per value
 * (1.4% of M's batch-1024 inference). Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split
 * in two so r is exact), e^r by a polynomial, 2^n written into the exponent. Within 1 ulp of
 * expf at every float of [−87, 0]; below about −87.7 (n = −127) the result is 0 where expf gives
 * a subnormal. −∞ gives 0 and NaN stays NaN.
 */
inline float expNonPositive(float x) {
  const float xc = x > -88.0f ? x : -88.0f;  // NaN (restored at the end) and −∞ become −88
  const float n = std::nearbyint(xc * 1.44269504088896341f);
  const float r = xc - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  // n ∈ [−127, 0] for x ≤ 0, so the biased exponent is in [0, 127]; 0 makes the scale +0.
  const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
  const float scale = __builtin_bit_cast(float, bits);  // memcpy here stops GCC 12 vectorising
  return x != x ? x : p * scale;
}

}  // namespace

KERNEL_CLONES void activationForward(int code, long n, const float* z, float* a, float alpha) {
  switch (code) {
    case ACT_IDENTITY:
      std::copy(z, z + n, a);
      break;
    case ACT_SIGMOID:
      for (long i = 0; i < n; ++i) a[i] = stableSigmoid(z[i]);
      break;
    case ACT_TANH:
      for (long i = 0; i < n; ++i) a[i] = std::tanh(z[i]);
      break;
    case ACT_RELU:
      for (long i = 0; i < n; ++i) a[i] = z[i] > 0.0f ? z[i] : 0.0f;
      break;
    case ACT_LEAKY_RELU:
      for (long i = 0; i < n; ++i) a[i] = z[i] > 0.0f ? z[i] : alpha * z[i];
      break;
    case ACT_ELU:
      for (long i = 0; i < n; ++i) a[i] = z[i] > 0.0f ? z[i] : alpha * std::expm1(z[i]);
      break;
    case ACT_SELU:
      for (long i = 0; i < n; ++i) a[i] = SELU_SCALE * (z[i] > 0.0f ? z[i] : SELU_ALPHA * std::expm1(z[i]));
      break;
    case ACT_SOFTPLUS:  // max(z, 0) + log1p(e^−|z|)
      for (long i = 0; i < n; ++i) a[i] = std::max(z[i], 0.0f) + std::log1p(std::exp(-std::fabs(z[i])));
      break;
    default:
      break;
  }
}

KERNEL_CLONES void activationBackward(int code, long n, const float* z, const float* a, const float* dA, float* dZ,
                                      float alpha) {
  switch (code) {
    case ACT_IDENTITY:
      std::copy(dA, dA + n, dZ);
      break;
    case ACT_SIGMOID:  // a(1 − a)
      for (long i = 0; i < n; ++i) dZ[i] = dA[i] * (a[i] * (1.0f - a[i]));
      break;
    case ACT_TANH:  // 1 − a²
      for (long i = 0; i < n; ++i) dZ[i] = dA[i] * (1.0f - a[i] * a[i]);
      break;
    case ACT_RELU:
      for (long i = 0; i < n; ++i) dZ[i] = z[i] > 0.0f ? dA[i] : 0.0f;
      break;
    case ACT_LEAKY_RELU:
      for (long i = 0; i < n; ++i) dZ[i] = dA[i] * (z[i] > 0.0f ? 1.0f : alpha);
      break;
    case ACT_ELU:  // z ≤ 0: α·e^z = a + α
      for (long i = 0; i < n; ++i) dZ[i] = dA[i] * (z[i] > 0.0f ? 1.0f : a[i] + alpha);
      break;
    case ACT_SELU:  // z ≤ 0: scale·α·e^z = a + scale·α
      for (long i = 0; i < n; ++i) dZ[i] = dA[i] * (z[i] > 0.0f ? SELU_SCALE : a[i] + SELU_SCALE * SELU_ALPHA);
      break;
    case ACT_SOFTPLUS:  // σ(z)
      for (long i = 0; i < n; ++i) dZ[i] = dA[i] * stableSigmoid(z[i]);
      break;
    default:
      break;
  }
}

KERNEL_CLONES void preluForward(long rows, long cols, const float* z, const float* alpha, float* a) {
  for (long i = 0; i < rows; ++i) {
    const float* zi = z + i * cols;
    float* ai = a + i * cols;
    for (long j = 0; j < cols; ++j) ai[j] = zi[j] > 0.0f ? zi[j] : alpha[j] * zi[j];
  }
}

KERNEL_CLONES void preluBackward(long rows, long cols, const float* z, const float* alpha, const float* dA, float* dZ,
                                 float* dAlpha) {
  std::fill(dAlpha, dAlpha + cols, 0.0f);
  for (long i = 0; i < rows; ++i) {
    const float* zi = z + i * cols;
    const float* gi = dA + i * cols;
    float* di = dZ + i * cols;
    for (long j = 0; j < cols; ++j) {
      const bool positive = zi[j] > 0.0f;
      di[j] = gi[j] * (positive ? 1.0f : alpha[j]);
      dAlpha[j] += gi[j] * (positive ? 0.0f : zi[j]);
    }
  }
}

namespace {

// Rows per block of the across-rows softmax, and the widest row it takes: a block's transposed
// copy is kNarrowCols × kRowBlock floats (2 KiB) on the stack.
constexpr long kRowBlock = 16;
constexpr long kNarrowCols = 32;

}  // namespace

/**
 * Row-wise softmax. Narrow rows (a 10-class output) are done 16 at a time, transposed, so every
 * step vectorises across the rows: along a row of 10 the max and the ordered sum are chains of 10
 * dependent scalar operations (the softmax was 1% of M's batch-1024 inference). Each row's
 * arithmetic is the same as the one-row loop's, in the same order: the results are identical.
 */
KERNEL_CLONES void softmaxForward(long rows, long cols, const float* z, float* a) {
  long i = 0;
  if (cols <= kNarrowCols) {
    for (; i + kRowBlock <= rows; i += kRowBlock) {
      float t[kNarrowCols][kRowBlock];
      float max[kRowBlock];
      float sum[kRowBlock];
      for (long j = 0; j < cols; ++j)
        for (long r = 0; r < kRowBlock; ++r) t[j][r] = z[(i + r) * cols + j];
      for (long r = 0; r < kRowBlock; ++r) max[r] = -INFINITY;
      for (long j = 0; j < cols; ++j)
        for (long r = 0; r < kRowBlock; ++r) max[r] = t[j][r] > max[r] ? t[j][r] : max[r];
      for (long j = 0; j < cols; ++j)
        for (long r = 0; r < kRowBlock; ++r) t[j][r] = expNonPositive(t[j][r] - max[r]);
      for (long r = 0; r < kRowBlock; ++r) sum[r] = 0.0f;
      for (long j = 0; j < cols; ++j)
        for (long r = 0; r < kRowBlock; ++r) sum[r] += t[j][r];
      for (long r = 0; r < kRowBlock; ++r) sum[r] = 1.0f / sum[r];
      for (long j = 0; j < cols; ++j)
        for (long r = 0; r < kRowBlock; ++r) a[(i + r) * cols + j] = t[j][r] * sum[r];
    }
  }
  for (; i < rows; ++i) {
    const float* zi = z + i * cols;
    float* ai = a + i * cols;
    float max = -INFINITY;
    for (long j = 0; j < cols; ++j) max = std::max(max, zi[j]);
    // Two loops: the exponentials vectorise; the sum keeps its order (no reassociation).
    for (long j = 0; j < cols; ++j) ai[j] = expNonPositive(zi[j] - max);
    float sum = 0.0f;
    for (long j = 0; j < cols; ++j) sum += ai[j];
    const float inv = 1.0f / sum;
    for (long j = 0; j < cols; ++j) ai[j] *= inv;
  }
}

KERNEL_CLONES void softmaxBackward(long rows, long cols, const float* a, const float* dA, float* dZ) {
  for (long i = 0; i < rows; ++i) {
    const float* ai = a + i * cols;
    const float* gi = dA + i * cols;
    float* di = dZ + i * cols;
    float dot = 0.0f;
    for (long j = 0; j < cols; ++j) dot += gi[j] * ai[j];
    for (long j = 0; j < cols; ++j) di[j] = ai[j] * (gi[j] - dot);
  }
}

}  // namespace hyperprop
