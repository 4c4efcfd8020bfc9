// Batch normalisation over the rows of a row-major float32 matrix, per column (forward and
// training-mode backward, as torch.nn.BatchNorm1d). Statistics accumulate in double; caller-owned
// outputs; flags from kernel_codes.h.
#pragma once

namespace hyperprop {

/** x, xhat and y rows×cols; gamma, beta, the running statistics, mean and invStd [cols]. */
struct BatchNormForwardCall {
  long rows, cols;
  const float* x;
  const float* gamma;
  const float* beta;
  float* runningMean;  // updated with BATCH_NORM_TRAINING, read otherwise
  float* runningVar;   // updated with BATCH_NORM_TRAINING (unless rows = 1), read otherwise
  float* mean;         // written: the batch mean (training) or runningMean
  float* invStd;       // written: 1/√(σ² + eps)
  float* xhat;         // written: (x − mean)·invStd
  float* y;            // written: gamma·xhat + beta; may equal x
  int flags;
  double momentum, eps;
};

/**
 * With BATCH_NORM_TRAINING, μ and the biased σ² of each column (two passes: the mean, then
 * Σ(x − μ)²) and the running-statistics update (unbiased variance, PyTorch's rule); otherwise
 * the running statistics. Then xhat and y. rows = 0 in training mode writes nothing.
 */
void batchNormForward(const BatchNormForwardCall& call);

struct BatchNormBackwardCall {
  long rows, cols;
  const float* dy;
  const float* xhat;
  const float* gamma;
  const float* invStd;
  float* dx;      // may equal dy
  float* dGamma;  // [cols], overwritten
  float* dBeta;   // [cols], overwritten
};

/** dBeta = Σ_i dy, dGamma = Σ_i dy·xhat, dx = gamma·invStd/rows·(rows·dy − dBeta − xhat·dGamma). */
void batchNormBackward(const BatchNormBackwardCall& call);

}  // namespace hyperprop
