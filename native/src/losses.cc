// Fused output losses. Log-probabilities are formed as logsumexp − z (never log p), so the
// loss stays finite when a probability underflows to zero.
#include "losses.h"

#include <algorithm>
#include <cmath>

#include "multiversion.h"

namespace hyperprop {
namespace {

/** Writes softmax(z) to p and returns logsumexp(z) (row maximum subtracted first). */
inline double softmaxRow(long cols, const float* z, float* p) {
  float max = -INFINITY;
  for (long j = 0; j < cols; ++j) max = std::max(max, z[j]);
  float sum = 0.0f;
  for (long j = 0; j < cols; ++j) {
    p[j] = std::exp(z[j] - max);
    sum += p[j];
  }
  const float inv = 1.0f / sum;
  for (long j = 0; j < cols; ++j) p[j] *= inv;
  return static_cast<double>(max) + std::log(static_cast<double>(sum));
}

}  // namespace

KERNEL_CLONES double softmaxCrossEntropyIndex(long rows, long cols, const float* logits, const std::int32_t* labels,
                                              float* probs, float* dLogits) {
  if (rows <= 0) return 0.0;
  const float rowsF = static_cast<float>(rows);
  double loss = 0.0;
  for (long i = 0; i < rows; ++i) {
    const float* z = logits + i * cols;
    float* p = probs + i * cols;
    float* d = dLogits + i * cols;
    // Read once and bounded here, not only in TypeScript: labels in shared memory can change
    // after they were checked. A label outside [0, cols) makes the loss NaN, never a stray access.
    const long label = labels[i];
    const bool known = label >= 0 && label < cols;
    loss += softmaxRow(cols, z, p) - (known ? static_cast<double>(z[label]) : std::nan(""));
    for (long j = 0; j < cols; ++j) d[j] = p[j] / rowsF;
    if (known) d[label] = (p[label] - 1.0f) / rowsF;
  }
  return loss / static_cast<double>(rows);
}

KERNEL_CLONES double softmaxCrossEntropyOneHot(long rows, long cols, const float* logits, const float* targets,
                                               float* probs, float* dLogits) {
  if (rows <= 0) return 0.0;
  const float rowsF = static_cast<float>(rows);
  double loss = 0.0;
  for (long i = 0; i < rows; ++i) {
    const float* z = logits + i * cols;
    const float* t = targets + i * cols;
    float* p = probs + i * cols;
    float* d = dLogits + i * cols;
    const double lse = softmaxRow(cols, z, p);
    float tsum = 0.0f;
    for (long j = 0; j < cols; ++j) {
      if (t[j] != 0.0f) loss += static_cast<double>(t[j]) * (lse - static_cast<double>(z[j]));
      tsum += t[j];
    }
    for (long j = 0; j < cols; ++j) d[j] = (p[j] * tsum - t[j]) / rowsF;
  }
  return loss / static_cast<double>(rows);
}

KERNEL_CLONES double sigmoidBinaryCrossEntropy(long rows, long cols, const float* logits, const float* targets,
                                               float* probs, float* dLogits) {
  const long n = rows * cols;
  if (n <= 0) return 0.0;
  const float nF = static_cast<float>(n);
  double loss = 0.0;
  for (long i = 0; i < n; ++i) {
    const float z = logits[i];
    const float y = targets[i];
    const float e = std::exp(-std::fabs(z));  // in (0, 1]: no overflow for any z
    // max(z, 0) − z·y + log1p(e^−|z|)
    loss += static_cast<double>(std::max(z, 0.0f)) - static_cast<double>(z) * static_cast<double>(y) +
            std::log1p(static_cast<double>(e));
    const float p = z >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
    probs[i] = p;
    dLogits[i] = (p - y) / nF;
  }
  return loss / static_cast<double>(n);
}

KERNEL_CLONES double meanSquaredError(long rows, long cols, const float* pred, const float* targets, float* dPred) {
  const long n = rows * cols;
  if (n <= 0) return 0.0;
  const float nF = static_cast<float>(n);
  double sums[8] = {};
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int u = 0; u < 8; ++u) {
      const float d = pred[i + u] - targets[i + u];
      sums[u] += static_cast<double>(d) * static_cast<double>(d);
      dPred[i + u] = 2.0f * d / nF;
    }
  }
  for (; i < n; ++i) {
    const float d = pred[i] - targets[i];
    sums[0] += static_cast<double>(d) * static_cast<double>(d);
    dPred[i] = 2.0f * d / nF;
  }
  double total = 0.0;
  for (double s : sums) total += s;
  return total / static_cast<double>(n);
}

}  // namespace hyperprop
