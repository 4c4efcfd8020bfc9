// Fused dense (fully connected) layer kernels: one GEMM plus bias and activation per call.
// Row-major float32, caller-owned outputs; activation codes and flags from kernel_codes.h.
#pragma once

#include "gemm.h"

namespace hyperprop {

/** x rows×inputs, w units×inputs (torch.nn.Linear layout), bias[units], z and a rows×units. */
struct DenseForwardCall {
  long rows, inputs, units;
  const float* x;
  const float* w;
  const float* bias;
  float* z;
  float* a;  // may equal z
  int code;
  const float* slopes;  // prelu: [units]; otherwise unused
  float alpha;          // leakyRelu slope, elu α
};

/**
 * z = x·wᵀ + bias, a = g(z). The bias and the activation run on each strip of z as the GEMM
 * finishes it (softmax too when a strip spans whole rows), on the GEMM's threads. With
 * `productNonFinite`, each strip of x·wᵀ is also checked before its bias: it is set when one
 * holds a NaN or an infinity (as it does whenever x does: NaN, and ±∞ times any weight, 0
 * included, stay non-finite through the sums), false otherwise.
 */
void denseForward(const DenseForwardCall& call, SimdLevel level, int threads, GemmWorkspace& workspace,
                  bool* productNonFinite = nullptr);

struct DenseBackwardCall {
  long rows, inputs, units;
  const float* x;
  const float* w;
  const float* z;
  const float* a;
  const float* dA;  // unused with DENSE_GRADIENT_GIVEN
  float* dZ;        // written, or read with DENSE_GRADIENT_GIVEN
  float* dW;        // units×inputs
  float* dB;        // [units]
  float* dX;        // rows×inputs, with DENSE_INPUT_GRADIENT
  int code;
  const float* slopes;  // prelu
  float* dSlopes;       // prelu, unless DENSE_GRADIENT_GIVEN
  int flags;
  float alpha;
};

/**
 * dZ = dA ⊙ g'(z, a) (unless given), dB = Σ_i dZ (same pass), dW = dZᵀ·x, and with
 * DENSE_INPUT_GRADIENT dX = dZ·w. Every output is overwritten.
 */
void denseBackward(const DenseBackwardCall& call, SimdLevel level, int threads, GemmWorkspace& workspace);

}  // namespace hyperprop
