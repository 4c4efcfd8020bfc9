// Batch normalisation, forward and training-mode backward. The matrix is walked in blocks of
// kBlock columns so each block's rows stay in cache between the statistics passes and the
// element-wise pass; within a block, column sums run in double over kLanes interleaved row
// accumulators (vectorised across the columns, without -ffast-math). All scratch is on the
// stack. KERNEL_CLONES builds AVX-512 / AVX2 / baseline copies (multiversion.h).
#include "normalization.h"

#include <algorithm>
#include <cmath>

#include "kernel_codes.h"
#include "multiversion.h"

// The helpers are inlined into each clone, so they get its instruction set.
#define HYPERPROP_INLINE __attribute__((always_inline)) inline

namespace hyperprop {
namespace {

constexpr long kBlock = 64;  // columns per block

/** sum[b] = Σ_i x[i·stride + b] for b < nb, four interleaved row accumulators. */
HYPERPROP_INLINE void blockSums(long rows, long stride, long nb, const float* x, double* sum) {
  double s0[kBlock], s1[kBlock], s2[kBlock], s3[kBlock];
  for (long b = 0; b < nb; ++b) s0[b] = s1[b] = s2[b] = s3[b] = 0.0;
  long i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float* r0 = x + i * stride;
    const float* r1 = r0 + stride;
    const float* r2 = r1 + stride;
    const float* r3 = r2 + stride;
    for (long b = 0; b < nb; ++b) {
      s0[b] += static_cast<double>(r0[b]);
      s1[b] += static_cast<double>(r1[b]);
      s2[b] += static_cast<double>(r2[b]);
      s3[b] += static_cast<double>(r3[b]);
    }
  }
  for (; i < rows; ++i) {
    const float* r = x + i * stride;
    for (long b = 0; b < nb; ++b) s0[b] += static_cast<double>(r[b]);
  }
  for (long b = 0; b < nb; ++b) sum[b] = (s0[b] + s1[b]) + (s2[b] + s3[b]);
}

/** sum[b] = Σ_i (x[i·stride + b] − mu[b])², four interleaved row accumulators. */
HYPERPROP_INLINE void blockSquaredDeviations(long rows, long stride, long nb, const float* x, const double* mu,
                                             double* sum) {
  double s0[kBlock], s1[kBlock], s2[kBlock], s3[kBlock];
  for (long b = 0; b < nb; ++b) s0[b] = s1[b] = s2[b] = s3[b] = 0.0;
  long i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float* r0 = x + i * stride;
    const float* r1 = r0 + stride;
    const float* r2 = r1 + stride;
    const float* r3 = r2 + stride;
    for (long b = 0; b < nb; ++b) {
      const double d0 = static_cast<double>(r0[b]) - mu[b];
      const double d1 = static_cast<double>(r1[b]) - mu[b];
      const double d2 = static_cast<double>(r2[b]) - mu[b];
      const double d3 = static_cast<double>(r3[b]) - mu[b];
      s0[b] += d0 * d0;
      s1[b] += d1 * d1;
      s2[b] += d2 * d2;
      s3[b] += d3 * d3;
    }
  }
  for (; i < rows; ++i) {
    const float* r = x + i * stride;
    for (long b = 0; b < nb; ++b) {
      const double d = static_cast<double>(r[b]) - mu[b];
      s0[b] += d * d;
    }
  }
  for (long b = 0; b < nb; ++b) sum[b] = (s0[b] + s1[b]) + (s2[b] + s3[b]);
}

/** sumDy[b] = Σ_i dy, sumDyXhat[b] = Σ_i dy·xhat, four interleaved row accumulators each. */
HYPERPROP_INLINE void blockGradientSums(long rows, long stride, long nb, const float* dy, const float* xhat,
                                        double* sumDy, double* sumDyXhat) {
  double a0[kBlock], a1[kBlock], a2[kBlock], a3[kBlock];
  double c0[kBlock], c1[kBlock], c2[kBlock], c3[kBlock];
  for (long b = 0; b < nb; ++b) a0[b] = a1[b] = a2[b] = a3[b] = c0[b] = c1[b] = c2[b] = c3[b] = 0.0;
  long i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float* g0 = dy + i * stride;
    const float* g1 = g0 + stride;
    const float* g2 = g1 + stride;
    const float* g3 = g2 + stride;
    const float* h0 = xhat + i * stride;
    const float* h1 = h0 + stride;
    const float* h2 = h1 + stride;
    const float* h3 = h2 + stride;
    for (long b = 0; b < nb; ++b) {
      const double d0 = g0[b], d1 = g1[b], d2 = g2[b], d3 = g3[b];
      a0[b] += d0;
      a1[b] += d1;
      a2[b] += d2;
      a3[b] += d3;
      c0[b] += d0 * static_cast<double>(h0[b]);
      c1[b] += d1 * static_cast<double>(h1[b]);
      c2[b] += d2 * static_cast<double>(h2[b]);
      c3[b] += d3 * static_cast<double>(h3[b]);
    }
  }
  for (; i < rows; ++i) {
    const float* g = dy + i * stride;
    const float* h = xhat + i * stride;
    for (long b = 0; b < nb; ++b) {
      const double d = g[b];
      a0[b] += d;
      c0[b] += d * static_cast<double>(h[b]);
    }
  }
  for (long b = 0; b < nb; ++b) {
    sumDy[b] = (a0[b] + a1[b]) + (a2[b] + a3[b]);
    sumDyXhat[b] = (c0[b] + c1[b]) + (c2[b] + c3[b]);
  }
}

}  // namespace

KERNEL_CLONES void batchNormForward(const BatchNormForwardCall& call) {
  const long rows = call.rows;
  const long cols = call.cols;
  const bool training = (call.flags & BATCH_NORM_TRAINING) != 0;
  if (cols <= 0 || (training && rows <= 0)) return;
  const double momentum = call.momentum;
  const double keep = 1.0 - momentum;
  const double n = static_cast<double>(rows);

  // Column statistics and parameters of one block, in double: the element-wise pass computes
  // xhat and y in double from the unrounded μ and 1/√(σ² + eps), then rounds once.
  double mu[kBlock], squares[kBlock], inv[kBlock], g[kBlock], t[kBlock];
  for (long j0 = 0; j0 < cols; j0 += kBlock) {
    const long nb = std::min(kBlock, cols - j0);
    const float* x0 = call.x + j0;
    if (training) {
      blockSums(rows, cols, nb, x0, mu);
      for (long b = 0; b < nb; ++b) mu[b] /= n;
      blockSquaredDeviations(rows, cols, nb, x0, mu, squares);
      for (long b = 0; b < nb; ++b) {
        const long j = j0 + b;
        inv[b] = 1.0 / std::sqrt(squares[b] / n + call.eps);
        call.runningMean[j] = static_cast<float>(keep * static_cast<double>(call.runningMean[j]) + momentum * mu[b]);
        if (rows > 1)  // unbiased: Σ(x − μ)²/(rows − 1)
          call.runningVar[j] =
              static_cast<float>(keep * static_cast<double>(call.runningVar[j]) + momentum * squares[b] / (n - 1.0));
      }
    } else {
      for (long b = 0; b < nb; ++b) {
        const long j = j0 + b;
        mu[b] = call.runningMean[j];
        inv[b] = 1.0 / std::sqrt(static_cast<double>(call.runningVar[j]) + call.eps);
      }
    }
    for (long b = 0; b < nb; ++b) {
      const long j = j0 + b;
      call.mean[j] = static_cast<float>(mu[b]);
      call.invStd[j] = static_cast<float>(inv[b]);
      g[b] = call.gamma[j];
      t[b] = call.beta[j];
    }
    // y may be x: each element is read before it is written.
    for (long i = 0; i < rows; ++i) {
      const float* xr = x0 + i * cols;
      float* hr = call.xhat + i * cols + j0;
      float* yr = call.y + i * cols + j0;
      for (long b = 0; b < nb; ++b) {
        const double h = (static_cast<double>(xr[b]) - mu[b]) * inv[b];
        hr[b] = static_cast<float>(h);
        yr[b] = static_cast<float>(g[b] * h + t[b]);
      }
    }
  }
}

KERNEL_CLONES void batchNormBackward(const BatchNormBackwardCall& call) {
  const long rows = call.rows;
  const long cols = call.cols;
  if (cols <= 0) return;
  if (rows <= 0) {
    std::fill(call.dGamma, call.dGamma + cols, 0.0f);
    std::fill(call.dBeta, call.dBeta + cols, 0.0f);
    return;
  }
  const double n = static_cast<double>(rows);
  double db[kBlock], dg[kBlock], c[kBlock];
  for (long j0 = 0; j0 < cols; j0 += kBlock) {
    const long nb = std::min(kBlock, cols - j0);
    blockGradientSums(rows, cols, nb, call.dy + j0, call.xhat + j0, db, dg);
    for (long b = 0; b < nb; ++b) {
      const long j = j0 + b;
      call.dBeta[j] = static_cast<float>(db[b]);
      call.dGamma[j] = static_cast<float>(dg[b]);
      c[b] = static_cast<double>(call.gamma[j]) * static_cast<double>(call.invStd[j]) / n;
    }
    // dx may be dy: the block's sums are complete, and each element is read before it is written.
    for (long i = 0; i < rows; ++i) {
      const float* gr = call.dy + i * cols + j0;
      const float* hr = call.xhat + i * cols + j0;
      float* dr = call.dx + i * cols + j0;
      for (long b = 0; b < nb; ++b)
        dr[b] = static_cast<float>(c[b] * (n * static_cast<double>(gr[b]) - db[b] - static_cast<double>(hr[b]) * dg[b]));
    }
  }
}

}  // namespace hyperprop

#undef HYPERPROP_INLINE
