// Element-wise products and scaled sums over flat float32 buffers (dropout masks, residual
// connections).
#pragma once

namespace hyperprop {

/** out[i] = x[i]·y[i]; out may be x or y. */
void multiply(long n, const float* x, const float* y, float* out);
/** out[i] += alpha·x[i]. */
void axpy(long n, const float* x, float* out, float alpha);

}  // namespace hyperprop
