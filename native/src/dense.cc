// Fused dense layer kernels. Forward: one GEMM (z = x·wᵀ) whose epilogue adds the bias and
// applies the activation to each MR-row strip of z right after the micro-kernels wrote it.
// Backward: one pass over blocks of rows computes dZ and accumulates dB while the block is in
// L1, then two GEMMs (dW = dZᵀ·x, dX = dZ·w). Element-wise loops reuse activations.cc or are
// KERNEL_CLONES loops; nothing here is compiled with ISA flags (see multiversion.h).
#include "dense.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "activations.h"
#include "kernel_codes.h"
#include "multiversion.h"
#include "reductions.h"

namespace hyperprop {
namespace dense_detail {

// Not static: target_clones resolves through an ifunc, kept to external functions like the
// other kernels. Declared here only.
void biasActivateStrip(int code, long rows, long cols, long ld, float* z, float* a, const float* bias,
                       const float* slopes, float alpha, bool softmaxRows);
void gradientRows(int code, long rows, long cols, const float* z, const float* a, const float* dA, float* dZ,
                  float* dB, const float* slopes, float* dSlopes, float alpha, bool given);

KERNEL_CLONES void biasActivateStrip(int code, long rows, long cols, long ld, float* z, float* a, const float* bias,
                                     const float* slopes, float alpha, bool softmaxRows) {
  const bool inPlace = a == z;
  if (code == ACT_PRELU) {
    for (long i = 0; i < rows; ++i) {
      float* zi = z + i * ld;
      if (inPlace) {
        for (long j = 0; j < cols; ++j) {
          const float v = zi[j] + bias[j];
          zi[j] = v > 0.0f ? v : slopes[j] * v;
        }
      } else {
        float* __restrict ai = a + i * ld;
        float* __restrict zr = zi;
        for (long j = 0; j < cols; ++j) {
          const float v = zr[j] + bias[j];
          zr[j] = v;
          ai[j] = v > 0.0f ? v : slopes[j] * v;
        }
      }
    }
    return;
  }
  if (code == ACT_RELU && inPlace) {  // inference's hidden layer: one pass
    for (long i = 0; i < rows; ++i) {
      float* __restrict zi = z + i * ld;
      for (long j = 0; j < cols; ++j) {
        const float v = zi[j] + bias[j];
        zi[j] = v > 0.0f ? v : 0.0f;
      }
    }
    return;
  }
  if (code == ACT_RELU && !inPlace) {  // the common hidden layer: one pass, two stores
    for (long i = 0; i < rows; ++i) {
      float* __restrict zi = z + i * ld;
      float* __restrict ai = a + i * ld;
      for (long j = 0; j < cols; ++j) {
        const float v = zi[j] + bias[j];
        zi[j] = v;
        ai[j] = v > 0.0f ? v : 0.0f;
      }
    }
    return;
  }
  for (long i = 0; i < rows; ++i) {
    float* zi = z + i * ld;
    for (long j = 0; j < cols; ++j) zi[j] += bias[j];
  }
  if (code == ACT_SOFTMAX) {
    if (softmaxRows) softmaxForward(rows, cols, z, a);  // whole rows: ld == cols
    return;
  }
  if (code == ACT_IDENTITY && inPlace) return;
  if (ld == cols) {
    activationForward(code, rows * cols, z, a, alpha);
  } else {
    for (long i = 0; i < rows; ++i) activationForward(code, cols, z + i * ld, a + i * ld, alpha);
  }
}

KERNEL_CLONES void gradientRows(int code, long rows, long cols, const float* z, const float* a, const float* dA,
                                float* dZ, float* dB, const float* slopes, float* dSlopes, float alpha, bool given) {
  if (!given) {
    if (code == ACT_PRELU) {
      for (long i = 0; i < rows; ++i) {
        const float* zi = z + i * cols;
        const float* gi = dA + i * cols;
        float* di = dZ + i * cols;
        for (long j = 0; j < cols; ++j) {
          const bool positive = zi[j] > 0.0f;
          di[j] = gi[j] * (positive ? 1.0f : slopes[j]);
          dSlopes[j] += gi[j] * (positive ? 0.0f : zi[j]);
        }
      }
    } else if (code == ACT_SOFTMAX) {
      softmaxBackward(rows, cols, a, dA, dZ);
    } else {
      activationBackward(code, rows * cols, z, a, dA, dZ, alpha);
    }
  }
  for (long i = 0; i < rows; ++i) {
    const float* di = dZ + i * cols;
    for (long j = 0; j < cols; ++j) dB[j] += di[j];
  }
}

}  // namespace dense_detail

namespace {

struct ForwardContext {
  const DenseForwardCall* call;
  std::atomic<bool>* softmaxPending;  // a strip that could not take its softmax (partial rows)
  std::atomic<bool>* nonFinite;       // null, or set when a strip of x·wᵀ holds a NaN or infinity
};

void forwardEpilogue(const void* context, long row, long col, long rows, long cols, float* c, long ldc) {
  const ForwardContext& ctx = *static_cast<const ForwardContext*>(context);
  const DenseForwardCall& d = *ctx.call;
  // Before the bias and the activation (ReLU maps NaN to 0), while the strip is in L1.
  if (ctx.nonFinite != nullptr && !ctx.nonFinite->load(std::memory_order_relaxed)) {
    for (long i = 0; i < rows; ++i) {
      if (firstNonFinite(cols, c + i * ldc) >= 0) {
        ctx.nonFinite->store(true, std::memory_order_relaxed);
        break;
      }
    }
  }
  const long offset = row * d.units + col;
  bool softmaxRows = false;
  if (d.code == ACT_SOFTMAX) {
    softmaxRows = cols == d.units && d.a != d.z;
    if (!softmaxRows) ctx.softmaxPending->store(true, std::memory_order_relaxed);
  }
  dense_detail::biasActivateStrip(d.code, rows, cols, ldc, c, d.a + offset, d.bias + col,
                                  d.code == ACT_PRELU ? d.slopes + col : nullptr, d.alpha, softmaxRows);
}

// Rows of dZ per pass of gradientRows: about 16 KiB of each operand, so dZ is still in L1
// when its column sums are taken.
long gradientBlockRows(long units) { return std::max(1L, 4096 / std::max(1L, units)); }

/** p + offset, or null for an empty (unused) array. */
const float* at(const float* p, long offset) { return p == nullptr ? nullptr : p + offset; }

}  // namespace

void denseForward(const DenseForwardCall& d, SimdLevel level, int threads, GemmWorkspace& ws, bool* productNonFinite) {
  if (productNonFinite != nullptr) *productNonFinite = false;
  if (d.rows <= 0 || d.units <= 0) return;
  std::atomic<bool> softmaxPending{false};
  std::atomic<bool> nonFinite{false};
  const ForwardContext ctx{&d, &softmaxPending, productNonFinite != nullptr ? &nonFinite : nullptr};
  const GemmEpilogue epilogue{&forwardEpilogue, &ctx};
  const GemmCall call{false, true, d.rows, d.units, d.inputs, 1.0f, d.x, d.w, 0.0f, d.z};
  gemm(call, level, threads, ws, &epilogue);
  // Strips narrower than a row only got their bias: normalise whole rows now (z holds them).
  if (softmaxPending.load(std::memory_order_relaxed)) softmaxForward(d.rows, d.units, d.z, d.a);
  if (productNonFinite != nullptr) *productNonFinite = nonFinite.load(std::memory_order_relaxed);
}

void denseBackward(const DenseBackwardCall& d, SimdLevel level, int threads, GemmWorkspace& ws) {
  const long rows = d.rows, inputs = d.inputs, units = d.units;
  const bool given = (d.flags & DENSE_GRADIENT_GIVEN) != 0;
  if (units > 0) {
    std::fill(d.dB, d.dB + units, 0.0f);
    const bool prelu = !given && d.code == ACT_PRELU;
    if (prelu) std::fill(d.dSlopes, d.dSlopes + units, 0.0f);
    const long block = gradientBlockRows(units);
    for (long r = 0; r < rows; r += block) {
      const long n = std::min(block, rows - r);
      const long off = r * units;
      dense_detail::gradientRows(d.code, n, units, at(d.z, off), at(d.a, off), given ? nullptr : at(d.dA, off),
                                 d.dZ + off, d.dB, prelu ? d.slopes : nullptr, prelu ? d.dSlopes : nullptr, d.alpha,
                                 given);
    }
  }
  // dW (units×inputs) = dZᵀ (units×rows) · x (rows×inputs).
  gemm(GemmCall{true, false, units, inputs, rows, 1.0f, d.dZ, d.x, 0.0f, d.dW}, level, threads, ws);
  // dX (rows×inputs) = dZ (rows×units) · w (units×inputs).
  if ((d.flags & DENSE_INPUT_GRADIENT) != 0)
    gemm(GemmCall{false, false, rows, inputs, units, 1.0f, d.dZ, d.w, 0.0f, d.dX}, level, threads, ws);
}

}  // namespace hyperprop
