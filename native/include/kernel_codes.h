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

constexpr long DENSE_STACK_HEADER = 2;
constexpr long DENSE_STACK_STRIDE = 8;
constexpr long DENSE_STACK_LAYERS = 0;
constexpr long DENSE_STACK_RESULT = 1;
constexpr long DENSE_STACK_INPUTS = 0;
constexpr long DENSE_STACK_UNITS = 1;
constexpr long DENSE_STACK_WEIGHTS = 2;
constexpr long DENSE_STACK_BIAS = 3;
constexpr long DENSE_STACK_SLOPES = 4;
constexpr long DENSE_STACK_ACTIVATION = 5;
constexpr long DENSE_STACK_ALPHA = 6;

constexpr float SELU_ALPHA = 1.6732632423543772f;
constexpr float SELU_SCALE = 1.0507009873554805f;

constexpr const char* KERNEL_NAMES[] = {
  "gemm",
  "activationForward",
  "activationBackward",
  "preluForward",
  "preluBackward",
  "softmaxCrossEntropyIndex",
  "softmaxCrossEntropyOneHot",
  "sigmoidBinaryCrossEntropy",
  "meanSquaredError",
  "sgdStep",
  "rmspropStep",
  "adamStep",
  "adagradStep",
  "sumSquares",
  "firstNonFinite",
  "clipByNorm",
  "clipByValue",
  "l1Penalty",
  "l2Penalty",
  "dropoutMask",
  "denseForward",
  "denseBackward",
  "denseStackForward",
  "multiply",
  "axpy",
  "batchNormForward",
  "batchNormBackward",
};
constexpr int KERNEL_COUNT = 27;

}  // namespace hyperprop
