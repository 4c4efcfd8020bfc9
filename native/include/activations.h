// Activations, PReLU and softmax (forward and backward).
// Row-major float32, caller-owned outputs; codes from kernel_codes.h.
#pragma once

namespace hyperprop {

/** a = g(z) for activation `code`; alpha is the leakyRelu slope or the elu α. */
void activationForward(int code, long n, const float* z, float* a, float alpha);
/** dZ = dA · g'(z), using z or a = g(z). */
void activationBackward(int code, long n, const float* z, const float* a, const float* dA, float* dZ, float alpha);

/** a = z > 0 ? z : alpha[j]·z. */
void preluForward(long rows, long cols, const float* z, const float* alpha, float* a);
/** dZ = dA·(z > 0 ? 1 : alpha[j]); dAlpha[j] = Σ_i dA·(z > 0 ? 0 : z) (overwrites dAlpha). */
void preluBackward(long rows, long cols, const float* z, const float* alpha, const float* dA, float* dZ,
                   float* dAlpha);

/** Row-wise softmax, shifted by the row maximum. */
void softmaxForward(long rows, long cols, const float* z, float* a);
/** dZ = a·(dA − Σ_j dA·a) per row. */
void softmaxBackward(long rows, long cols, const float* a, const float* dA, float* dZ);

}  // namespace hyperprop
