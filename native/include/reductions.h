// Norms, gradient clipping and weight penalties over flat float32 buffers (sums in double).
#pragma once

namespace hyperprop {

/** Σ x². */
double sumSquares(long n, const float* x);
/** The index of the first NaN or infinity among x[0:n], or -1. */
long firstNonFinite(long n, const float* x);
/** Scales g by maxNorm/(‖g‖ + 1e-6) when that is below 1; returns ‖g‖ before clipping. */
double clipByNorm(long n, float* g, double maxNorm);
/** Clamps g to [−limit, limit]. */
void clipByValue(long n, float* g, float limit);
/** g += λ·sign(w); returns λ·Σ|w|. */
double l1Penalty(long n, const float* w, float* g, float lambda);
/** g += 2λ·w; returns λ·Σw². */
double l2Penalty(long n, const float* w, float* g, float lambda);

}  // namespace hyperprop
