// Generated from src/backend/kernel-codes.ts by `npm run gen:codes`. Do not edit.
#pragma once

namespace hyperprop {

enum Activation : int {
  ACT_IDENTITY = 0,
  ACT_SIGMOID = 1,
  ACT_TANH = 2,
  ACT_RELU = 3,
  ACT_LEAKY_RELU = 4,
  ACT_ELU = 5,
  ACT_SELU = 6,
  ACT_SOFTPLUS = 7,
  ACT_PRELU = 8,
  ACT_SOFTMAX = 9,
};

constexpr int DENSE_GRADIENT_GIVEN = 1;
constexpr int DENSE_INPUT_GRADIENT = 2;
constexpr int BATCH_NORM_TRAINING = 1;

constexpr float SELU_ALPHA = 1.6732632423543772f;
constexpr float SELU_SCALE = 1.0507009873554805f;

constexpr const char* KERNEL_NAMES[] = {
  "gemm",
  "biasAdd",
  "columnSums",
  "activationForward",
  "activationBackward",
  "preluForward",
  "preluBackward",
  "softmaxForward",
  "softmaxBackward",
  "softmaxCrossEntropyIndex",
  "softmaxCrossEntropyOneHot",
  "sigmoidBinaryCrossEntropy",
  "meanSquaredError",
  "sgdStep",
  "rmspropStep",
  "adamStep",
  "adagradStep",
  "sumSquares",
  "clipByNorm",
  "clipByValue",
  "l1Penalty",
  "l2Penalty",
  "randomUint32",
  "randomUniform",
  "dropoutMask",
  "denseForward",
  "denseBackward",
  "multiply",
  "axpy",
  "batchNormForward",
  "batchNormBackward",
};
constexpr int KERNEL_COUNT = 31;

}  // namespace hyperprop
