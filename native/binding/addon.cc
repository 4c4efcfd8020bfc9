// Node-API binding: unwraps the arguments of each NativeAddon function
// (src/backend/compiled-kernels.ts) and calls the compute code. No math here. TypeScript
// validates every argument first (checked-backend.ts), so this layer only converts.
//
// Per-instance state (thread count, chosen micro-kernels, GEMM packing buffers) lives in the
// Napi::Addon instance: each worker thread that loads the addon gets its own.
#include <napi.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#include "activations.h"
#include "dense.h"
#include "gemm.h"
#include "kernel_codes.h"
#include "losses.h"
#include "normalization.h"
#include "optimizers.h"
#include "random.h"
#include "reductions.h"

namespace hyperprop {
namespace {

// Arrays may be empty (e.g. an unused optimizer buffer); their data pointer is then never read.
// Only the data pointer is asked for: TypeScript has checked each array's type and length, and
// Napi::TypedArrayOf<T> would query the type and length twice per array (its constructor and
// its base's), about 0.1 µs of a five-array call.
template <typename T>
T* dataOf(const Napi::CallbackInfo& info, size_t i) {
  void* data = nullptr;
  const napi_status status = napi_get_typedarray_info(info.Env(), info[i], nullptr, nullptr, &data, nullptr, nullptr);
  NAPI_THROW_IF_FAILED(info.Env(), status, nullptr);
  return static_cast<T*>(data);
}
float* f32(const Napi::CallbackInfo& info, size_t i) { return dataOf<float>(info, i); }
std::int32_t* i32(const Napi::CallbackInfo& info, size_t i) { return dataOf<std::int32_t>(info, i); }
std::uint32_t* u32(const Napi::CallbackInfo& info, size_t i) { return dataOf<std::uint32_t>(info, i); }
long size(const Napi::CallbackInfo& info, size_t i) { return static_cast<long>(info[i].As<Napi::Number>().Int64Value()); }
int code(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
bool flag(const Napi::CallbackInfo& info, size_t i) { return info[i].ToBoolean().Value(); }
// The scalar block: floating-point scalars in, floating-point results out (slot 0), so no call
// boxes a double into a new JS heap number (see NativeAddon in compiled-kernels.ts).
double* block(const Napi::CallbackInfo& info, size_t i) { return dataOf<double>(info, i); }

constexpr auto kEnumerable = static_cast<napi_property_attributes>(napi_enumerable);

class HyperpropAddon : public Napi::Addon<HyperpropAddon> {
 public:
  HyperpropAddon(Napi::Env env, Napi::Object exports) : simd_(detectSimdLevel(std::getenv("HYPERPROP_NATIVE_SIMD"))) {
    DefineAddon(exports, {
                             InstanceMethod("gemm", &HyperpropAddon::Gemm, kEnumerable),
                             InstanceMethod("biasAdd", &HyperpropAddon::BiasAdd, kEnumerable),
                             InstanceMethod("columnSums", &HyperpropAddon::ColumnSums, kEnumerable),
                             InstanceMethod("activationForward", &HyperpropAddon::ActivationForward, kEnumerable),
                             InstanceMethod("activationBackward", &HyperpropAddon::ActivationBackward, kEnumerable),
                             InstanceMethod("preluForward", &HyperpropAddon::PreluForward, kEnumerable),
                             InstanceMethod("preluBackward", &HyperpropAddon::PreluBackward, kEnumerable),
                             InstanceMethod("softmaxForward", &HyperpropAddon::SoftmaxForward, kEnumerable),
                             InstanceMethod("softmaxBackward", &HyperpropAddon::SoftmaxBackward, kEnumerable),
                             InstanceMethod("softmaxCrossEntropyIndex", &HyperpropAddon::SoftmaxCrossEntropyIndex, kEnumerable),
                             InstanceMethod("softmaxCrossEntropyOneHot", &HyperpropAddon::SoftmaxCrossEntropyOneHot, kEnumerable),
                             InstanceMethod("sigmoidBinaryCrossEntropy", &HyperpropAddon::SigmoidBinaryCrossEntropy, kEnumerable),
                             InstanceMethod("meanSquaredError", &HyperpropAddon::MeanSquaredError, kEnumerable),
                             InstanceMethod("sgdStep", &HyperpropAddon::SgdStep, kEnumerable),
                             InstanceMethod("rmspropStep", &HyperpropAddon::RmspropStep, kEnumerable),
                             InstanceMethod("adamStep", &HyperpropAddon::AdamStep, kEnumerable),
                             InstanceMethod("adagradStep", &HyperpropAddon::AdagradStep, kEnumerable),
                             InstanceMethod("sumSquares", &HyperpropAddon::SumSquares, kEnumerable),
                             InstanceMethod("clipByNorm", &HyperpropAddon::ClipByNorm, kEnumerable),
                             InstanceMethod("clipByValue", &HyperpropAddon::ClipByValue, kEnumerable),
                             InstanceMethod("l1Penalty", &HyperpropAddon::L1Penalty, kEnumerable),
                             InstanceMethod("l2Penalty", &HyperpropAddon::L2Penalty, kEnumerable),
                             InstanceMethod("randomUint32", &HyperpropAddon::RandomUint32, kEnumerable),
                             InstanceMethod("randomUniform", &HyperpropAddon::RandomUniform, kEnumerable),
                             InstanceMethod("dropoutMask", &HyperpropAddon::DropoutMask, kEnumerable),
                             InstanceMethod("denseForward", &HyperpropAddon::DenseForward, kEnumerable),
                             InstanceMethod("denseBackward", &HyperpropAddon::DenseBackward, kEnumerable),
                             InstanceMethod("denseStackForward", &HyperpropAddon::DenseStackForward, kEnumerable),
                             InstanceMethod("multiply", &HyperpropAddon::Multiply, kEnumerable),
                             InstanceMethod("axpy", &HyperpropAddon::Axpy, kEnumerable),
                             InstanceMethod("batchNormForward", &HyperpropAddon::BatchNormForward, kEnumerable),
                             InstanceMethod("batchNormBackward", &HyperpropAddon::BatchNormBackward, kEnumerable),
                             InstanceMethod("setThreads", &HyperpropAddon::SetThreads, kEnumerable),
                             InstanceMethod("getThreads", &HyperpropAddon::GetThreads, kEnumerable),
                             InstanceMethod("simdLevel", &HyperpropAddon::SimdLevelName, kEnumerable),
                             InstanceMethod("alignmentOffset", &HyperpropAddon::AlignmentOffset, kEnumerable),
                         });
  }

 private:
  // gemm(transA, transB, m, n, k, a, b, c, s = [alpha, beta])
  Napi::Value Gemm(const Napi::CallbackInfo& info) {
    const double* s = block(info, 8);
    const GemmCall call{flag(info, 0), flag(info, 1), size(info, 2), size(info, 3), size(info, 4),
                        static_cast<float>(s[0]), f32(info, 5), f32(info, 6), static_cast<float>(s[1]), f32(info, 7)};
    try {
      gemm(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "gemm: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }

  Napi::Value BiasAdd(const Napi::CallbackInfo& info) {
    biasAdd(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3));
    return info.Env().Undefined();
  }
  Napi::Value ColumnSums(const Napi::CallbackInfo& info) {
    columnSums(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3));
    return info.Env().Undefined();
  }
  Napi::Value ActivationForward(const Napi::CallbackInfo& info) {
    activationForward(code(info, 0), size(info, 1), f32(info, 2), f32(info, 3), static_cast<float>(block(info, 4)[0]));
    return info.Env().Undefined();
  }
  Napi::Value ActivationBackward(const Napi::CallbackInfo& info) {
    activationBackward(code(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), f32(info, 5),
                       static_cast<float>(block(info, 6)[0]));
    return info.Env().Undefined();
  }
  Napi::Value PreluForward(const Napi::CallbackInfo& info) {
    preluForward(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4));
    return info.Env().Undefined();
  }
  Napi::Value PreluBackward(const Napi::CallbackInfo& info) {
    preluBackward(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), f32(info, 5), f32(info, 6));
    return info.Env().Undefined();
  }
  Napi::Value SoftmaxForward(const Napi::CallbackInfo& info) {
    softmaxForward(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3));
    return info.Env().Undefined();
  }
  Napi::Value SoftmaxBackward(const Napi::CallbackInfo& info) {
    softmaxBackward(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4));
    return info.Env().Undefined();
  }

  Napi::Value SoftmaxCrossEntropyIndex(const Napi::CallbackInfo& info) {
    block(info, 6)[0] =
        softmaxCrossEntropyIndex(size(info, 0), size(info, 1), f32(info, 2), i32(info, 3), f32(info, 4), f32(info, 5));
    return info.Env().Undefined();
  }
  Napi::Value SoftmaxCrossEntropyOneHot(const Napi::CallbackInfo& info) {
    block(info, 6)[0] =
        softmaxCrossEntropyOneHot(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), f32(info, 5));
    return info.Env().Undefined();
  }
  Napi::Value SigmoidBinaryCrossEntropy(const Napi::CallbackInfo& info) {
    block(info, 6)[0] =
        sigmoidBinaryCrossEntropy(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), f32(info, 5));
    return info.Env().Undefined();
  }
  Napi::Value MeanSquaredError(const Napi::CallbackInfo& info) {
    block(info, 5)[0] = meanSquaredError(size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4));
    return info.Env().Undefined();
  }

  // sgdStep(n, p, g, buf, s = [lr, momentum, dampening, nesterov, weightDecay, firstStep])
  Napi::Value SgdStep(const Napi::CallbackInfo& info) {
    const double* s = block(info, 4);
    sgdStep(size(info, 0), f32(info, 1), f32(info, 2), f32(info, 3), static_cast<float>(s[0]), static_cast<float>(s[1]),
            static_cast<float>(s[2]), s[3] != 0, static_cast<float>(s[4]), s[5] != 0);
    return info.Env().Undefined();
  }
  // rmspropStep(n, p, g, squareAvg, momentumBuf, gradAvg, s = [lr, alpha, eps, weightDecay, momentum, centered])
  Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
    const double* s = block(info, 6);
    rmspropStep(size(info, 0), f32(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), f32(info, 5),
                static_cast<float>(s[0]), static_cast<float>(s[1]), static_cast<float>(s[2]), static_cast<float>(s[3]),
                static_cast<float>(s[4]), s[5] != 0);
    return info.Env().Undefined();
  }
  // adamStep(n, p, g, expAvg, expAvgSq, s = [beta1, beta2, eps, stepSize, sqrtBc2, coupledWd, decoupledDecay])
  Napi::Value AdamStep(const Napi::CallbackInfo& info) {
    const double* s = block(info, 5);
    adamStep(size(info, 0), f32(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), static_cast<float>(s[0]),
             static_cast<float>(s[1]), static_cast<float>(s[2]), static_cast<float>(s[3]), static_cast<float>(s[4]),
             static_cast<float>(s[5]), static_cast<float>(s[6]));
    return info.Env().Undefined();
  }
  // adagradStep(n, p, g, sum, s = [clr, eps, weightDecay])
  Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
    const double* s = block(info, 4);
    adagradStep(size(info, 0), f32(info, 1), f32(info, 2), f32(info, 3), static_cast<float>(s[0]), static_cast<float>(s[1]),
                static_cast<float>(s[2]));
    return info.Env().Undefined();
  }

  Napi::Value SumSquares(const Napi::CallbackInfo& info) {
    block(info, 2)[0] = sumSquares(size(info, 0), f32(info, 1));
    return info.Env().Undefined();
  }
  Napi::Value ClipByNorm(const Napi::CallbackInfo& info) {
    double* s = block(info, 2);
    s[0] = clipByNorm(size(info, 0), f32(info, 1), s[0]);
    return info.Env().Undefined();
  }
  Napi::Value ClipByValue(const Napi::CallbackInfo& info) {
    clipByValue(size(info, 0), f32(info, 1), static_cast<float>(block(info, 2)[0]));
    return info.Env().Undefined();
  }
  Napi::Value L1Penalty(const Napi::CallbackInfo& info) {
    double* s = block(info, 3);
    s[0] = l1Penalty(size(info, 0), f32(info, 1), f32(info, 2), static_cast<float>(s[0]));
    return info.Env().Undefined();
  }
  Napi::Value L2Penalty(const Napi::CallbackInfo& info) {
    double* s = block(info, 3);
    s[0] = l2Penalty(size(info, 0), f32(info, 1), f32(info, 2), static_cast<float>(s[0]));
    return info.Env().Undefined();
  }

  Napi::Value RandomUint32(const Napi::CallbackInfo& info) {
    randomUint32(u32(info, 0), size(info, 1), u32(info, 2));
    return info.Env().Undefined();
  }
  Napi::Value RandomUniform(const Napi::CallbackInfo& info) {
    randomUniform(u32(info, 0), size(info, 1), f32(info, 2));
    return info.Env().Undefined();
  }
  // dropoutMask(state, n, mask, s = [threshold, scale])
  Napi::Value DropoutMask(const Napi::CallbackInfo& info) {
    const double* s = block(info, 3);
    dropoutMask(u32(info, 0), size(info, 1), static_cast<std::uint32_t>(s[0]), static_cast<float>(s[1]), f32(info, 2));
    return info.Env().Undefined();
  }

  // denseForward(rows, inputs, units, x, w, bias, z, a, code, slopes, s = [alpha])
  Napi::Value DenseForward(const Napi::CallbackInfo& info) {
    const DenseForwardCall call{size(info, 0), size(info, 1), size(info, 2),  f32(info, 3),
                                f32(info, 4),  f32(info, 5),  f32(info, 6),   f32(info, 7),
                                code(info, 8), f32(info, 9),  static_cast<float>(block(info, 10)[0])};
    try {
      denseForward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseForward: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }
  // denseBackward(rows, inputs, units, x, w, z, a, dA, dZ, dW, dB, dX, code, slopes, dSlopes, flags, s = [alpha])
  Napi::Value DenseBackward(const Napi::CallbackInfo& info) {
    const DenseBackwardCall call{size(info, 0), size(info, 1),  size(info, 2),  f32(info, 3),  f32(info, 4),
                                 f32(info, 5),  f32(info, 6),   f32(info, 7),   f32(info, 8),  f32(info, 9),
                                 f32(info, 10), f32(info, 11),  code(info, 12), f32(info, 13), f32(info, 14),
                                 code(info, 15), static_cast<float>(block(info, 16)[0])};
    try {
      denseBackward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseBackward: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }

  // denseStackForward(rows, plan, params, x, scratch, out): six arguments, the most that
  // Napi::CallbackInfo holds without a heap allocation.
  Napi::Value DenseStackForward(const Napi::CallbackInfo& info) {
    const DenseStackCall call{size(info, 0), block(info, 1), f32(info, 2), f32(info, 3), f32(info, 4), f32(info, 5)};
    try {
      denseStackForward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseStackForward: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }

  Napi::Value Multiply(const Napi::CallbackInfo& info) {
    multiply(size(info, 0), f32(info, 1), f32(info, 2), f32(info, 3));
    return info.Env().Undefined();
  }
  // axpy(n, x, out, s = [alpha])
  Napi::Value Axpy(const Napi::CallbackInfo& info) {
    axpy(size(info, 0), f32(info, 1), f32(info, 2), static_cast<float>(block(info, 3)[0]));
    return info.Env().Undefined();
  }
  // batchNormForward(rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y, flags,
  //                  s = [momentum, eps])
  Napi::Value BatchNormForward(const Napi::CallbackInfo& info) {
    const double* s = block(info, 12);
    const BatchNormForwardCall call{size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4),
                                    f32(info, 5),  f32(info, 6),  f32(info, 7), f32(info, 8), f32(info, 9),
                                    f32(info, 10), code(info, 11), s[0],        s[1]};
    batchNormForward(call);
    return info.Env().Undefined();
  }
  // batchNormBackward(rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta)
  Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
    const BatchNormBackwardCall call{size(info, 0), size(info, 1), f32(info, 2), f32(info, 3), f32(info, 4),
                                     f32(info, 5),  f32(info, 6),  f32(info, 7), f32(info, 8)};
    batchNormBackward(call);
    return info.Env().Undefined();
  }

  Napi::Value SetThreads(const Napi::CallbackInfo& info) {
    const int threads = code(info, 0);
    threads_ = threads < 1 ? 1 : threads;
    return info.Env().Undefined();
  }
  Napi::Value GetThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), threads_); }
  Napi::Value SimdLevelName(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), simdLevelName(simd_));
  }

  // alignmentOffset(buffer): bytes from the start of an ArrayBuffer to its first 64-byte boundary.
  Napi::Value AlignmentOffset(const Napi::CallbackInfo& info) {
    const auto address = reinterpret_cast<std::uintptr_t>(info[0].As<Napi::ArrayBuffer>().Data());
    return Napi::Number::New(info.Env(), static_cast<double>((64 - address % 64) % 64));
  }

  SimdLevel simd_;
  int threads_ = 1;
  GemmWorkspace workspace_;
};

}  // namespace
}  // namespace hyperprop

using hyperprop::HyperpropAddon;
NODE_API_ADDON(HyperpropAddon)
