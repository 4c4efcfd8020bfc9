// An inference forward pass through a stack of dense layers in one call (see dense.h for one
// layer). The plan's slots are DENSE_STACK_* in kernel_codes.h.
#pragma once

#include "gemm.h"

namespace hyperprop {

/**
 * A stack of dense layers for inference. The plan is a flat array of doubles built and validated
 * in TypeScript (DENSE_STACK_* slots in kernel_codes.h); its parameter offsets index `params`.
 */
struct DenseStackCall {
  long rows;
  double* plan;         // plan[DENSE_STACK_RESULT] receives the result
  const float* params;  // every layer's weights, biases (and prelu slopes)
  const float* x;       // rows × inputs of the first layer
  float* scratch;       // 2 × rows × (widest layer's units)
  float* out;           // rows × units of the last layer
};

/**
 * An inference forward pass through a stack of dense layers in one call: each layer as
 * denseForward, hidden outputs in place in the two halves of scratch in turn, the last layer's
 * activations in out. The result slot gets the index of the first NaN or infinity in x (then
 * out is not written and no layer after the first runs), or -1. x is scanned up front for a
 * single layer, otherwise only when the first layer's product holds a non-finite value.
 */
void denseStackForward(const DenseStackCall& call, SimdLevel level, int threads, GemmWorkspace& workspace);

}  // namespace hyperprop
