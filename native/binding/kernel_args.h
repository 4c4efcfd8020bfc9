// Generated from src/backend/kernel-table.ts by `npm run gen:codes`. Do not edit.
// Every kernel's arguments by name, unpacked from a call and checked by Args (args.h): sizes
// >= 0, each array at least as long as the table says the kernel touches. Arrays with a
// condition are checked against their length only when it holds (otherwise they may be empty).
// Unless the table marks its compute call custom, the call into the group's header follows.
#pragma once

#include <cstdint>

#include "args.h"
#include "banded.h"
#include "activations.h"
#include "losses.h"
#include "optimizers.h"
#include "reductions.h"
#include "random.h"
#include "elementwise.h"
#include "kernel_codes.h"

namespace hyperprop {

// gemm(transA, transB, m, n, k, a, b, c, s = [alpha, beta])
struct GemmArgs {
  bool transA;
  bool transB;
  long m;
  long n;
  long k;
  float* a;
  float* b;
  float* c;
  float alpha;
  float beta;
};

inline GemmArgs unpackGemm(const Napi::CallbackInfo& info) {
  const Args in(info, "gemm");
  const bool transA = in.flag(0);
  const bool transB = in.flag(1);
  const long m = in.size(2);
  const long n = in.size(3);
  const long k = in.size(4);
  double* const s = in.block(8, 2);
  const float alpha = static_cast<float>(s[0]);
  const float beta = static_cast<float>(s[1]);
  return GemmArgs{transA, transB, m, n, k, in.f32(5, times(m, k)), in.f32(6, times(k, n)), in.f32(7, times(m, n)), alpha, beta};
}

// activationForward(code, n, z, a, s = [alpha])
struct ActivationForwardArgs {
  int code;
  long n;
  float* z;
  float* a;
  float alpha;
};

inline ActivationForwardArgs unpackActivationForward(const Napi::CallbackInfo& info) {
  const Args in(info, "activationForward");
  const int code = in.code(0);
  const long n = in.size(1);
  double* const s = in.block(4, 1);
  const float alpha = static_cast<float>(s[0]);
  return ActivationForwardArgs{code, n, in.f32(2, n), in.f32(3, n), alpha};
}

inline void callActivationForward(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const ActivationForwardArgs a = unpackActivationForward(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { activationForward(a.code, count, a.z + start, a.a + start, a.alpha); });
}

// activationBackward(code, n, z, a, dA, dZ, s = [alpha])
struct ActivationBackwardArgs {
  int code;
  long n;
  float* z;
  float* a;
  float* dA;
  float* dZ;
  float alpha;
};

inline ActivationBackwardArgs unpackActivationBackward(const Napi::CallbackInfo& info) {
  const Args in(info, "activationBackward");
  const int code = in.code(0);
  const long n = in.size(1);
  double* const s = in.block(6, 1);
  const float alpha = static_cast<float>(s[0]);
  return ActivationBackwardArgs{code, n, in.f32(2, n), in.f32(3, n), in.f32(4, n), in.f32(5, n), alpha};
}

inline void callActivationBackward(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const ActivationBackwardArgs a = unpackActivationBackward(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { activationBackward(a.code, count, a.z + start, a.a + start, a.dA + start, a.dZ + start, a.alpha); });
}

// preluForward(rows, cols, z, alpha, a)
struct PreluForwardArgs {
  long rows;
  long cols;
  float* z;
  float* alpha;
  float* a;
};

inline PreluForwardArgs unpackPreluForward(const Napi::CallbackInfo& info) {
  const Args in(info, "preluForward");
  const long rows = in.size(0);
  const long cols = in.size(1);
  return PreluForwardArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, cols), in.f32(4, times(rows, cols))};
}

inline void callPreluForward(const Napi::CallbackInfo& info) {
  const PreluForwardArgs a = unpackPreluForward(info);
  preluForward(a.rows, a.cols, a.z, a.alpha, a.a);
}

// preluBackward(rows, cols, z, alpha, dA, dZ, dAlpha)
struct PreluBackwardArgs {
  long rows;
  long cols;
  float* z;
  float* alpha;
  float* dA;
  float* dZ;
  float* dAlpha;
};

inline PreluBackwardArgs unpackPreluBackward(const Napi::CallbackInfo& info) {
  const Args in(info, "preluBackward");
  const long rows = in.size(0);
  const long cols = in.size(1);
  return PreluBackwardArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, cols), in.f32(4, times(rows, cols)), in.f32(5, times(rows, cols)), in.f32(6, cols)};
}

inline void callPreluBackward(const Napi::CallbackInfo& info) {
  const PreluBackwardArgs a = unpackPreluBackward(info);
  preluBackward(a.rows, a.cols, a.z, a.alpha, a.dA, a.dZ, a.dAlpha);
}

// softmaxCrossEntropyIndex(rows, cols, logits, labels, probs, dLogits, s[0] ← loss)
struct SoftmaxCrossEntropyIndexArgs {
  long rows;
  long cols;
  float* logits;
  std::int32_t* labels;
  float* probs;
  float* dLogits;
  double* loss;  // s[0]
};

inline SoftmaxCrossEntropyIndexArgs unpackSoftmaxCrossEntropyIndex(const Napi::CallbackInfo& info) {
  const Args in(info, "softmaxCrossEntropyIndex");
  const long rows = in.size(0);
  const long cols = in.size(1);
  double* const s = in.block(6, 1);
  return SoftmaxCrossEntropyIndexArgs{rows, cols, in.f32(2, times(rows, cols)), in.i32(3, rows), in.f32(4, times(rows, cols)), in.f32(5, times(rows, cols)), s};
}

inline void callSoftmaxCrossEntropyIndex(const Napi::CallbackInfo& info) {
  const SoftmaxCrossEntropyIndexArgs a = unpackSoftmaxCrossEntropyIndex(info);
  *a.loss = softmaxCrossEntropyIndex(a.rows, a.cols, a.logits, a.labels, a.probs, a.dLogits);
}

// softmaxCrossEntropyOneHot(rows, cols, logits, targets, probs, dLogits, s[0] ← loss)
struct SoftmaxCrossEntropyOneHotArgs {
  long rows;
  long cols;
  float* logits;
  float* targets;
  float* probs;
  float* dLogits;
  double* loss;  // s[0]
};

inline SoftmaxCrossEntropyOneHotArgs unpackSoftmaxCrossEntropyOneHot(const Napi::CallbackInfo& info) {
  const Args in(info, "softmaxCrossEntropyOneHot");
  const long rows = in.size(0);
  const long cols = in.size(1);
  double* const s = in.block(6, 1);
  return SoftmaxCrossEntropyOneHotArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, times(rows, cols)), in.f32(4, times(rows, cols)), in.f32(5, times(rows, cols)), s};
}

inline void callSoftmaxCrossEntropyOneHot(const Napi::CallbackInfo& info) {
  const SoftmaxCrossEntropyOneHotArgs a = unpackSoftmaxCrossEntropyOneHot(info);
  *a.loss = softmaxCrossEntropyOneHot(a.rows, a.cols, a.logits, a.targets, a.probs, a.dLogits);
}

// sigmoidBinaryCrossEntropy(rows, cols, logits, targets, probs, dLogits, s[0] ← loss)
struct SigmoidBinaryCrossEntropyArgs {
  long rows;
  long cols;
  float* logits;
  float* targets;
  float* probs;
  float* dLogits;
  double* loss;  // s[0]
};

inline SigmoidBinaryCrossEntropyArgs unpackSigmoidBinaryCrossEntropy(const Napi::CallbackInfo& info) {
  const Args in(info, "sigmoidBinaryCrossEntropy");
  const long rows = in.size(0);
  const long cols = in.size(1);
  double* const s = in.block(6, 1);
  return SigmoidBinaryCrossEntropyArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, times(rows, cols)), in.f32(4, times(rows, cols)), in.f32(5, times(rows, cols)), s};
}

inline void callSigmoidBinaryCrossEntropy(const Napi::CallbackInfo& info) {
  const SigmoidBinaryCrossEntropyArgs a = unpackSigmoidBinaryCrossEntropy(info);
  *a.loss = sigmoidBinaryCrossEntropy(a.rows, a.cols, a.logits, a.targets, a.probs, a.dLogits);
}

// meanSquaredError(rows, cols, pred, targets, dPred, s[0] ← loss)
struct MeanSquaredErrorArgs {
  long rows;
  long cols;
  float* pred;
  float* targets;
  float* dPred;
  double* loss;  // s[0]
};

inline MeanSquaredErrorArgs unpackMeanSquaredError(const Napi::CallbackInfo& info) {
  const Args in(info, "meanSquaredError");
  const long rows = in.size(0);
  const long cols = in.size(1);
  double* const s = in.block(5, 1);
  return MeanSquaredErrorArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, times(rows, cols)), in.f32(4, times(rows, cols)), s};
}

inline void callMeanSquaredError(const Napi::CallbackInfo& info) {
  const MeanSquaredErrorArgs a = unpackMeanSquaredError(info);
  *a.loss = meanSquaredError(a.rows, a.cols, a.pred, a.targets, a.dPred);
}

// sgdStep(n, p, g, buf, s = [lr, momentum, dampening, nesterov, weightDecay, firstStep])
struct SgdStepArgs {
  long n;
  float* p;
  float* g;
  float* buf;
  float lr;
  float momentum;
  float dampening;
  bool nesterov;
  float weightDecay;
  bool firstStep;
};

inline SgdStepArgs unpackSgdStep(const Napi::CallbackInfo& info) {
  const Args in(info, "sgdStep");
  const long n = in.size(0);
  double* const s = in.block(4, 6);
  const float lr = static_cast<float>(s[0]);
  const float momentum = static_cast<float>(s[1]);
  const float dampening = static_cast<float>(s[2]);
  const bool nesterov = s[3] != 0;
  const float weightDecay = static_cast<float>(s[4]);
  const bool firstStep = s[5] != 0;
  return SgdStepArgs{n, in.f32(1, n), in.f32(2, n), in.f32(3, (momentum != 0) ? n : 0), lr, momentum, dampening, nesterov, weightDecay, firstStep};
}

inline void callSgdStep(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const SgdStepArgs a = unpackSgdStep(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { sgdStep(count, a.p + start, a.g + start, (a.momentum != 0) ? a.buf + start : a.buf, a.lr, a.momentum, a.dampening, a.nesterov, a.weightDecay, a.firstStep); });
}

// rmspropStep(n, p, g, squareAvg, momentumBuf, gradAvg, s = [lr, alpha, eps, weightDecay, momentum, centered])
struct RmspropStepArgs {
  long n;
  float* p;
  float* g;
  float* squareAvg;
  float* momentumBuf;
  float* gradAvg;
  float lr;
  float alpha;
  float eps;
  float weightDecay;
  float momentum;
  bool centered;
};

inline RmspropStepArgs unpackRmspropStep(const Napi::CallbackInfo& info) {
  const Args in(info, "rmspropStep");
  const long n = in.size(0);
  double* const s = in.block(6, 6);
  const float lr = static_cast<float>(s[0]);
  const float alpha = static_cast<float>(s[1]);
  const float eps = static_cast<float>(s[2]);
  const float weightDecay = static_cast<float>(s[3]);
  const float momentum = static_cast<float>(s[4]);
  const bool centered = s[5] != 0;
  return RmspropStepArgs{n, in.f32(1, n), in.f32(2, n), in.f32(3, n), in.f32(4, (momentum > 0) ? n : 0), in.f32(5, (centered) ? n : 0), lr, alpha, eps, weightDecay, momentum, centered};
}

inline void callRmspropStep(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const RmspropStepArgs a = unpackRmspropStep(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { rmspropStep(count, a.p + start, a.g + start, a.squareAvg + start, (a.momentum > 0) ? a.momentumBuf + start : a.momentumBuf, (a.centered) ? a.gradAvg + start : a.gradAvg, a.lr, a.alpha, a.eps, a.weightDecay, a.momentum, a.centered); });
}

// adamStep(n, p, g, expAvg, expAvgSq, s = [beta1, beta2, eps, stepSize, sqrtBiasCorrection2, coupledWeightDecay, decoupledDecay])
struct AdamStepArgs {
  long n;
  float* p;
  float* g;
  float* expAvg;
  float* expAvgSq;
  float beta1;
  float beta2;
  float eps;
  float stepSize;
  float sqrtBiasCorrection2;
  float coupledWeightDecay;
  float decoupledDecay;
};

inline AdamStepArgs unpackAdamStep(const Napi::CallbackInfo& info) {
  const Args in(info, "adamStep");
  const long n = in.size(0);
  double* const s = in.block(5, 7);
  const float beta1 = static_cast<float>(s[0]);
  const float beta2 = static_cast<float>(s[1]);
  const float eps = static_cast<float>(s[2]);
  const float stepSize = static_cast<float>(s[3]);
  const float sqrtBiasCorrection2 = static_cast<float>(s[4]);
  const float coupledWeightDecay = static_cast<float>(s[5]);
  const float decoupledDecay = static_cast<float>(s[6]);
  return AdamStepArgs{n, in.f32(1, n), in.f32(2, n), in.f32(3, n), in.f32(4, n), beta1, beta2, eps, stepSize, sqrtBiasCorrection2, coupledWeightDecay, decoupledDecay};
}

inline void callAdamStep(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const AdamStepArgs a = unpackAdamStep(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { adamStep(count, a.p + start, a.g + start, a.expAvg + start, a.expAvgSq + start, a.beta1, a.beta2, a.eps, a.stepSize, a.sqrtBiasCorrection2, a.coupledWeightDecay, a.decoupledDecay); });
}

// adagradStep(n, p, g, sum, s = [clr, eps, weightDecay])
struct AdagradStepArgs {
  long n;
  float* p;
  float* g;
  float* sum;
  float clr;
  float eps;
  float weightDecay;
};

inline AdagradStepArgs unpackAdagradStep(const Napi::CallbackInfo& info) {
  const Args in(info, "adagradStep");
  const long n = in.size(0);
  double* const s = in.block(4, 3);
  const float clr = static_cast<float>(s[0]);
  const float eps = static_cast<float>(s[1]);
  const float weightDecay = static_cast<float>(s[2]);
  return AdagradStepArgs{n, in.f32(1, n), in.f32(2, n), in.f32(3, n), clr, eps, weightDecay};
}

inline void callAdagradStep(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const AdagradStepArgs a = unpackAdagradStep(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { adagradStep(count, a.p + start, a.g + start, a.sum + start, a.clr, a.eps, a.weightDecay); });
}

// sumSquares(n, x, s[0] ← sum)
struct SumSquaresArgs {
  long n;
  float* x;
  double* sum;  // s[0]
};

inline SumSquaresArgs unpackSumSquares(const Napi::CallbackInfo& info) {
  const Args in(info, "sumSquares");
  const long n = in.size(0);
  double* const s = in.block(2, 1);
  return SumSquaresArgs{n, in.f32(1, n), s};
}

inline void callSumSquares(const Napi::CallbackInfo& info) {
  const SumSquaresArgs a = unpackSumSquares(info);
  *a.sum = sumSquares(a.n, a.x);
}

// firstNonFinite(n, x, s[0] ← index)
struct FirstNonFiniteArgs {
  long n;
  float* x;
  double* index;  // s[0]
};

inline FirstNonFiniteArgs unpackFirstNonFinite(const Napi::CallbackInfo& info) {
  const Args in(info, "firstNonFinite");
  const long n = in.size(0);
  double* const s = in.block(2, 1);
  return FirstNonFiniteArgs{n, in.f32(1, n), s};
}

inline void callFirstNonFinite(const Napi::CallbackInfo& info) {
  const FirstNonFiniteArgs a = unpackFirstNonFinite(info);
  *a.index = firstNonFinite(a.n, a.x);
}

// clipByNorm(n, grads, s = [maxNorm]; s[0] ← norm)
struct ClipByNormArgs {
  long n;
  float* grads;
  double maxNorm;
  double* norm;  // s[0]
};

inline ClipByNormArgs unpackClipByNorm(const Napi::CallbackInfo& info) {
  const Args in(info, "clipByNorm");
  const long n = in.size(0);
  double* const s = in.block(2, 1);
  const double maxNorm = s[0];
  return ClipByNormArgs{n, in.f32(1, n), maxNorm, s};
}

inline void callClipByNorm(const Napi::CallbackInfo& info) {
  const ClipByNormArgs a = unpackClipByNorm(info);
  *a.norm = clipByNorm(a.n, a.grads, a.maxNorm);
}

// clipByValue(n, grads, s = [limit])
struct ClipByValueArgs {
  long n;
  float* grads;
  float limit;
};

inline ClipByValueArgs unpackClipByValue(const Napi::CallbackInfo& info) {
  const Args in(info, "clipByValue");
  const long n = in.size(0);
  double* const s = in.block(2, 1);
  const float limit = static_cast<float>(s[0]);
  return ClipByValueArgs{n, in.f32(1, n), limit};
}

inline void callClipByValue(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const ClipByValueArgs a = unpackClipByValue(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { clipByValue(count, a.grads + start, a.limit); });
}

// l1Penalty(n, weights, grads, s = [lambda]; s[0] ← penalty)
struct L1PenaltyArgs {
  long n;
  float* weights;
  float* grads;
  float lambda;
  double* penalty;  // s[0]
};

inline L1PenaltyArgs unpackL1Penalty(const Napi::CallbackInfo& info) {
  const Args in(info, "l1Penalty");
  const long n = in.size(0);
  double* const s = in.block(3, 1);
  const float lambda = static_cast<float>(s[0]);
  return L1PenaltyArgs{n, in.f32(1, n), in.f32(2, n), lambda, s};
}

inline void callL1Penalty(const Napi::CallbackInfo& info) {
  const L1PenaltyArgs a = unpackL1Penalty(info);
  *a.penalty = l1Penalty(a.n, a.weights, a.grads, a.lambda);
}

// l2Penalty(n, weights, grads, s = [lambda]; s[0] ← penalty)
struct L2PenaltyArgs {
  long n;
  float* weights;
  float* grads;
  float lambda;
  double* penalty;  // s[0]
};

inline L2PenaltyArgs unpackL2Penalty(const Napi::CallbackInfo& info) {
  const Args in(info, "l2Penalty");
  const long n = in.size(0);
  double* const s = in.block(3, 1);
  const float lambda = static_cast<float>(s[0]);
  return L2PenaltyArgs{n, in.f32(1, n), in.f32(2, n), lambda, s};
}

inline void callL2Penalty(const Napi::CallbackInfo& info) {
  const L2PenaltyArgs a = unpackL2Penalty(info);
  *a.penalty = l2Penalty(a.n, a.weights, a.grads, a.lambda);
}

// dropoutMask(state, n, mask, s = [threshold, scale])
struct DropoutMaskArgs {
  std::uint32_t* state;
  long n;
  float* mask;
  std::uint32_t threshold;
  float scale;
};

inline DropoutMaskArgs unpackDropoutMask(const Napi::CallbackInfo& info) {
  const Args in(info, "dropoutMask");
  const long n = in.size(1);
  double* const s = in.block(3, 2);
  const std::uint32_t threshold = static_cast<std::uint32_t>(s[0]);
  const float scale = static_cast<float>(s[1]);
  return DropoutMaskArgs{in.u32(0, 4), n, in.f32(2, n), threshold, scale};
}

inline void callDropoutMask(const Napi::CallbackInfo& info) {
  const DropoutMaskArgs a = unpackDropoutMask(info);
  dropoutMask(a.state, a.n, a.mask, a.threshold, a.scale);
}

// denseForward(rows, inputs, units, x, w, bias, z, a, code, slopes, s = [alpha])
struct DenseForwardArgs {
  long rows;
  long inputs;
  long units;
  float* x;
  float* w;
  float* bias;
  float* z;
  float* a;
  int code;
  float* slopes;
  float alpha;
};

inline DenseForwardArgs unpackDenseForward(const Napi::CallbackInfo& info) {
  const Args in(info, "denseForward");
  const long rows = in.size(0);
  const long inputs = in.size(1);
  const long units = in.size(2);
  const int code = in.code(8);
  double* const s = in.block(10, 1);
  const float alpha = static_cast<float>(s[0]);
  return DenseForwardArgs{rows, inputs, units, in.f32(3, times(rows, inputs)), in.f32(4, times(units, inputs)), in.f32(5, units), in.f32(6, times(rows, units)), in.f32(7, times(rows, units)), code, in.f32(9, (code == ACT_PRELU) ? units : 0), alpha};
}

// denseBackward(rows, inputs, units, x, w, z, a, dA, dZ, dW, dB, dX, code, slopes, dSlopes, flags, s = [alpha])
struct DenseBackwardArgs {
  long rows;
  long inputs;
  long units;
  float* x;
  float* w;
  float* z;
  float* a;
  float* dA;
  float* dZ;
  float* dW;
  float* dB;
  float* dX;
  int code;
  float* slopes;
  float* dSlopes;
  int flags;
  float alpha;
};

inline DenseBackwardArgs unpackDenseBackward(const Napi::CallbackInfo& info) {
  const Args in(info, "denseBackward");
  const long rows = in.size(0);
  const long inputs = in.size(1);
  const long units = in.size(2);
  const int code = in.code(12);
  const int flags = in.code(15);
  double* const s = in.block(16, 1);
  const float alpha = static_cast<float>(s[0]);
  return DenseBackwardArgs{rows, inputs, units, in.f32(3, times(rows, inputs)), in.f32(4, times(units, inputs)), in.f32(5, times(rows, units)), in.f32(6, times(rows, units)), in.f32(7, ((flags & DENSE_GRADIENT_GIVEN) == 0) ? times(rows, units) : 0), in.f32(8, times(rows, units)), in.f32(9, times(units, inputs)), in.f32(10, units), in.f32(11, ((flags & DENSE_INPUT_GRADIENT) != 0) ? times(rows, inputs) : 0), code, in.f32(13, (code == ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) == 0) ? units : 0), in.f32(14, (code == ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) == 0) ? units : 0), flags, alpha};
}

// multiply(n, x, y, out)
struct MultiplyArgs {
  long n;
  float* x;
  float* y;
  float* out;
};

inline MultiplyArgs unpackMultiply(const Napi::CallbackInfo& info) {
  const Args in(info, "multiply");
  const long n = in.size(0);
  return MultiplyArgs{n, in.f32(1, n), in.f32(2, n), in.f32(3, n)};
}

inline void callMultiply(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const MultiplyArgs a = unpackMultiply(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { multiply(count, a.x + start, a.y + start, a.out + start); });
}

// axpy(n, x, out, s = [alpha])
struct AxpyArgs {
  long n;
  float* x;
  float* out;
  float alpha;
};

inline AxpyArgs unpackAxpy(const Napi::CallbackInfo& info) {
  const Args in(info, "axpy");
  const long n = in.size(0);
  double* const s = in.block(3, 1);
  const float alpha = static_cast<float>(s[0]);
  return AxpyArgs{n, in.f32(1, n), in.f32(2, n), alpha};
}

inline void callAxpy(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {
  const AxpyArgs a = unpackAxpy(info);
  runBanded(pool, threads, a.n, [&a](long start, long count) { axpy(count, a.x + start, a.out + start, a.alpha); });
}

// batchNormForward(rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y, flags, s = [momentum, eps])
struct BatchNormForwardArgs {
  long rows;
  long cols;
  float* x;
  float* gamma;
  float* beta;
  float* runningMean;
  float* runningVar;
  float* mean;
  float* invStd;
  float* xhat;
  float* y;
  int flags;
  double momentum;
  double eps;
};

inline BatchNormForwardArgs unpackBatchNormForward(const Napi::CallbackInfo& info) {
  const Args in(info, "batchNormForward");
  const long rows = in.size(0);
  const long cols = in.size(1);
  const int flags = in.code(11);
  double* const s = in.block(12, 2);
  const double momentum = s[0];
  const double eps = s[1];
  return BatchNormForwardArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, cols), in.f32(4, cols), in.f32(5, cols), in.f32(6, cols), in.f32(7, cols), in.f32(8, cols), in.f32(9, times(rows, cols)), in.f32(10, times(rows, cols)), flags, momentum, eps};
}

// batchNormBackward(rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta)
struct BatchNormBackwardArgs {
  long rows;
  long cols;
  float* dy;
  float* xhat;
  float* gamma;
  float* invStd;
  float* dx;
  float* dGamma;
  float* dBeta;
};

inline BatchNormBackwardArgs unpackBatchNormBackward(const Napi::CallbackInfo& info) {
  const Args in(info, "batchNormBackward");
  const long rows = in.size(0);
  const long cols = in.size(1);
  return BatchNormBackwardArgs{rows, cols, in.f32(2, times(rows, cols)), in.f32(3, times(rows, cols)), in.f32(4, cols), in.f32(5, cols), in.f32(6, times(rows, cols)), in.f32(7, cols), in.f32(8, cols)};
}

// The kernels whose binding is generated above, as X(name, callFunction), and the ones addon.cc
// binds itself, as X(name, MethodName): the addon's method table.
#define HYPERPROP_GENERATED_KERNELS(X) \
  X(preluForward, callPreluForward) \
  X(preluBackward, callPreluBackward) \
  X(softmaxCrossEntropyIndex, callSoftmaxCrossEntropyIndex) \
  X(softmaxCrossEntropyOneHot, callSoftmaxCrossEntropyOneHot) \
  X(sigmoidBinaryCrossEntropy, callSigmoidBinaryCrossEntropy) \
  X(meanSquaredError, callMeanSquaredError) \
  X(sumSquares, callSumSquares) \
  X(firstNonFinite, callFirstNonFinite) \
  X(clipByNorm, callClipByNorm) \
  X(l1Penalty, callL1Penalty) \
  X(l2Penalty, callL2Penalty) \
  X(dropoutMask, callDropoutMask)

// Generated kernels that are element-wise over n: their call takes the addon's pool and threads.
#define HYPERPROP_BANDED_KERNELS(X) \
  X(activationForward, callActivationForward) \
  X(activationBackward, callActivationBackward) \
  X(sgdStep, callSgdStep) \
  X(rmspropStep, callRmspropStep) \
  X(adamStep, callAdamStep) \
  X(adagradStep, callAdagradStep) \
  X(clipByValue, callClipByValue) \
  X(multiply, callMultiply) \
  X(axpy, callAxpy)

#define HYPERPROP_CUSTOM_KERNELS(X) \
  X(gemm, Gemm) \
  X(denseForward, DenseForward) \
  X(denseBackward, DenseBackward) \
  X(denseStackForward, DenseStackForward) \
  X(batchNormForward, BatchNormForward) \
  X(batchNormBackward, BatchNormBackward)

}  // namespace hyperprop
