// The machine's FP32 ceiling on one core, measured: the figure every benchmark reports its
// speed against ("percent of peak"), so the distance to the physical limit stays visible.
#pragma once

#include "gemm.h"

namespace hyperprop {

/**
 * GFLOP/s of independent register-only FMAs on the calling thread with `level`'s micro-kernel
 * set, the best of several timed repeats spread over about `milliseconds` (1 to 10,000).
 */
double measureFmaPeakGflops(SimdLevel level, int milliseconds);

/**
 * GFLOP/s of `level`'s GEMM micro-kernel on one full register tile whose packed operands stay
 * in L1, timed as measureFmaPeakGflops: the most a GEMM with that kernel can reach here.
 */
double measureMicroKernelGflops(SimdLevel level, int milliseconds);

}  // namespace hyperprop
