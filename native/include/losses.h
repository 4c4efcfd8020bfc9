// Fused output-layer losses: each writes the probabilities (where there are any) and the
// gradient with respect to its input, and returns the mean loss (accumulated in double).
#pragma once

#include <cstdint>

namespace hyperprop {

/** Softmax + cross-entropy with class indices; dLogits = (p − onehot)/rows. */
double softmaxCrossEntropyIndex(long rows, long cols, const float* logits, const std::int32_t* labels, float* probs,
                                float* dLogits);
/** Softmax + cross-entropy with (soft) target rows; dLogits = (p·Σt − t)/rows. */
double softmaxCrossEntropyOneHot(long rows, long cols, const float* logits, const float* targets, float* probs,
                                 float* dLogits);
/** Sigmoid + binary cross-entropy from logits, mean over rows·cols; dLogits = (p − y)/(rows·cols). */
double sigmoidBinaryCrossEntropy(long rows, long cols, const float* logits, const float* targets, float* probs,
                                 float* dLogits);
/** Mean of (pred − t)² over rows·cols; dPred = 2(pred − t)/(rows·cols). */
double meanSquaredError(long rows, long cols, const float* pred, const float* targets, float* dPred);

}  // namespace hyperprop
