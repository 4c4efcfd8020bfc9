// Node-API binding: each kernel of the table (src/backend/kernel-table.ts) unpacked by its
// generated function (kernel_args.h) and handed to the compute code. No math here. TypeScript
// validates every argument first (checked-backend.ts); this layer is the last line against what
// can change after that: a buffer detached or shrunk by caller code, a plan or labels in shared
// memory. So each array's length is checked against what its kernel will touch (computed from
// the same values the kernel is given), sizes must be >= 0, and the dense-stack plan is checked
// and copied; a mismatch is a thrown TypeError/RangeError, never an out-of-bounds access. The
// length rides on the napi_get_typedarray_info call that fetches the data pointer anyway, and
// nothing is allocated unless a check throws.
//
// Per-instance state (thread count, chosen micro-kernels, GEMM packing buffers) lives in the
// Napi::Addon instance: each worker thread that loads the addon gets its own.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "activations.h"
#include "args.h"
#include "dense.h"
#include "dense_stack.h"
#include "elementwise.h"
#include "fma_peak.h"
#include "gemm.h"
#include "kernel_args.h"
#include "kernel_codes.h"
#include "losses.h"
#include "normalization.h"
#include "optimizers.h"
#include "random.h"
#include "reductions.h"

namespace hyperprop {
namespace {


/** A plan slot that must be a whole number in [low, 2^53]. */
bool wholeNumber(double value, long low, long* out) {
  // The range test comes first: it rejects NaN, and it makes the conversion to long defined.
  if (!(value >= static_cast<double>(low) && value <= 9007199254740992.0)) return false;
  *out = static_cast<long>(value);
  return static_cast<double>(*out) == value;
}

constexpr auto kEnumerable = static_cast<napi_property_attributes>(napi_enumerable);

class HyperpropAddon : public Napi::Addon<HyperpropAddon> {
 public:
  HyperpropAddon(Napi::Env env, Napi::Object exports) : simd_(detectSimdLevel(std::getenv("HYPERPROP_NATIVE_SIMD"))) {
    // Every kernel of the table (kernel_args.h), then the addon's own functions.
#define HYPERPROP_GENERATED(name, call) InstanceMethod(#name, &HyperpropAddon::Generated<&call>, kEnumerable),
#define HYPERPROP_BANDED(name, call) InstanceMethod(#name, &HyperpropAddon::Banded<&call>, kEnumerable),
#define HYPERPROP_CUSTOM(name, Method) InstanceMethod(#name, &HyperpropAddon::Method, kEnumerable),
    DefineAddon(exports, {HYPERPROP_GENERATED_KERNELS(HYPERPROP_GENERATED) HYPERPROP_BANDED_KERNELS(HYPERPROP_BANDED)  //
                          HYPERPROP_CUSTOM_KERNELS(HYPERPROP_CUSTOM)  //
                          InstanceMethod("setThreads", &HyperpropAddon::SetThreads, kEnumerable),
                          InstanceMethod("getThreads", &HyperpropAddon::GetThreads, kEnumerable),
                          InstanceMethod("simdLevel", &HyperpropAddon::SimdLevelName, kEnumerable),
                          InstanceMethod("fmaPeakGflops", &HyperpropAddon::FmaPeakGflops, kEnumerable),
                          InstanceMethod("microKernelGflops", &HyperpropAddon::MicroKernelGflops, kEnumerable),
                          InstanceMethod("alignmentOffset", &HyperpropAddon::AlignmentOffset, kEnumerable)});
#undef HYPERPROP_GENERATED
#undef HYPERPROP_BANDED
#undef HYPERPROP_CUSTOM
  }

 private:
  // A kernel whose binding kernel_args.h generates whole (unpacking and compute call).
  template <void (*Call)(const Napi::CallbackInfo&)>
  Napi::Value Generated(const Napi::CallbackInfo& info) {
    Call(info);
    return info.Env().Undefined();
  }

  // A generated element-wise kernel, split into bands on the addon's pool (banded.h).
  template <void (*Call)(const Napi::CallbackInfo&, ThreadPool&, int)>
  Napi::Value Banded(const Napi::CallbackInfo& info) {
    Call(info, workspace_.pool, threads_);
    return info.Env().Undefined();
  }

  // The kernels that take a call struct or the addon's threads and workspace: their arguments
  // unpacked and checked by name (kernel_args.h), then the compute call.
  Napi::Value Gemm(const Napi::CallbackInfo& info) {
    const GemmArgs a = unpackGemm(info);
    const GemmCall call{a.transA, a.transB, a.m, a.n, a.k, a.alpha, a.a, a.b, a.beta, a.c};
    try {
      gemm(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "gemm: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }

  Napi::Value DenseForward(const Napi::CallbackInfo& info) {
    const DenseForwardArgs a = unpackDenseForward(info);
    const DenseForwardCall call{a.rows, a.inputs, a.units, a.x, a.w, a.bias, a.z, a.a, a.code, a.slopes, a.alpha};
    try {
      denseForward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseForward: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }
  Napi::Value DenseBackward(const Napi::CallbackInfo& info) {
    const DenseBackwardArgs a = unpackDenseBackward(info);
    const DenseBackwardCall call{a.rows, a.inputs, a.units, a.x,    a.w,       a.z,       a.a,     a.dA, a.dZ,
                                 a.dW,   a.dB,     a.dX,    a.code, a.slopes, a.dSlopes, a.flags, a.alpha};
    try {
      denseBackward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseBackward: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }

  // denseStackForward(rows, plan, params, x, scratch, out): six arguments, the most that
  // Napi::CallbackInfo holds without a heap allocation. The kernel runs on a copy of the plan
  // checked here (offsets inside params, shapes chained), kept in the instance so no call
  // allocates once it has grown: a plan in shared memory cannot change after its check.
  Napi::Value DenseStackForward(const Napi::CallbackInfo& info) {
    const Args in(info, "denseStackForward");
    const long rows = in.size(0);
    long planLength = 0;
    double* plan = in.f64Any(1, DENSE_STACK_HEADER + DENSE_STACK_STRIDE, &planLength);
    long paramsLength = 0;
    const float* params = in.f32Any(2, &paramsLength);
    long layers = 0;
    if (!wholeNumber(plan[DENSE_STACK_LAYERS], 1, &layers) || layers > (planLength - DENSE_STACK_HEADER) / DENSE_STACK_STRIDE) {
      in.fail<Napi::RangeError>("the plan's layer count does not match its length");
    }
    const long used = DENSE_STACK_HEADER + layers * DENSE_STACK_STRIDE;
    try {
      if (static_cast<long>(plan_.size()) < used) plan_.resize(static_cast<size_t>(used));
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseStackForward: out of memory for the plan");
    }
    std::copy(plan, plan + used, plan_.begin());
    plan_[DENSE_STACK_LAYERS] = static_cast<double>(layers);
    long firstInputs = 0, units = 0, width = 0;
    for (long l = 0; l < layers; ++l) {
      const double* p = plan_.data() + DENSE_STACK_HEADER + l * DENSE_STACK_STRIDE;
      const long previousUnits = units;
      long inputs = 0, weights = 0, bias = 0, slopes = 0, code = 0;
      const bool shaped = wholeNumber(p[DENSE_STACK_INPUTS], 1, &inputs) && wholeNumber(p[DENSE_STACK_UNITS], 1, &units) &&
                          (l == 0 || inputs == previousUnits) && wholeNumber(p[DENSE_STACK_ACTIVATION], 0, &code) &&
                          code <= std::numeric_limits<std::int32_t>::max();
      if (!shaped) in.fail<Napi::RangeError>("plan layer " + std::to_string(l) + " has no valid shape or activation");
      const bool placed = wholeNumber(p[DENSE_STACK_WEIGHTS], 0, &weights) && wholeNumber(p[DENSE_STACK_BIAS], 0, &bias) &&
                          wholeNumber(p[DENSE_STACK_SLOPES], 0, &slopes) &&
                          plus(weights, times(units, inputs)) <= paramsLength && plus(bias, units) <= paramsLength &&
                          (code != ACT_PRELU || plus(slopes, units) <= paramsLength);
      if (!placed) in.fail<Napi::RangeError>("plan layer " + std::to_string(l) + " reaches past params");
      if (l == 0) firstInputs = inputs;
      width = std::max(width, units);
    }
    const DenseStackCall call{rows,
                              plan_.data(),
                              params,
                              in.f32(3, times(rows, firstInputs)),
                              in.f32(4, times(rows, times(2, width))),
                              in.f32(5, times(rows, units))};
    try {
      denseStackForward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseStackForward: out of memory for the packing buffers");
    }
    plan[DENSE_STACK_RESULT] = plan_[DENSE_STACK_RESULT];
    return info.Env().Undefined();
  }

  Napi::Value BatchNormForward(const Napi::CallbackInfo& info) {
    const BatchNormForwardArgs a = unpackBatchNormForward(info);
    const BatchNormForwardCall call{a.rows, a.cols, a.x, a.gamma, a.beta, a.runningMean, a.runningVar, a.mean, a.invStd, a.xhat, a.y,
                                    a.flags, a.momentum, a.eps};
    batchNormForward(call);
    return info.Env().Undefined();
  }
  Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
    const BatchNormBackwardArgs a = unpackBatchNormBackward(info);
    const BatchNormBackwardCall call{a.rows, a.cols, a.dy, a.xhat, a.gamma, a.invStd, a.dx, a.dGamma, a.dBeta};
    batchNormBackward(call);
    return info.Env().Undefined();
  }

  Napi::Value SetThreads(const Napi::CallbackInfo& info) {
    const int threads = Args(info, "setThreads").code(0);
    threads_ = threads < 1 ? 1 : threads;
    return info.Env().Undefined();
  }
  Napi::Value GetThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), threads_); }
  Napi::Value SimdLevelName(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), simdLevelName(simd_));
  }

  // fmaPeakGflops(milliseconds): one core's FP32 ceiling with the CPU's widest micro-kernel set,
  // whatever HYPERPROP_NATIVE_SIMD chose for the kernels (the machine's limit, not the build's).
  Napi::Value FmaPeakGflops(const Napi::CallbackInfo& info) {
    const int milliseconds = Args(info, "fmaPeakGflops").code(0);
    return Napi::Number::New(info.Env(), measureFmaPeakGflops(detectSimdLevel(nullptr), milliseconds));
  }

  // microKernelGflops(milliseconds): the ceiling of the GEMM micro-kernel these kernels use
  // (HYPERPROP_NATIVE_SIMD's choice), its operands in L1.
  Napi::Value MicroKernelGflops(const Napi::CallbackInfo& info) {
    const int milliseconds = Args(info, "microKernelGflops").code(0);
    return Napi::Number::New(info.Env(), measureMicroKernelGflops(simd_, milliseconds));
  }

  // alignmentOffset(buffer): bytes from the start of an ArrayBuffer to its first 64-byte boundary.
  Napi::Value AlignmentOffset(const Napi::CallbackInfo& info) {
    const auto address = reinterpret_cast<std::uintptr_t>(info[0].As<Napi::ArrayBuffer>().Data());
    return Napi::Number::New(info.Env(), static_cast<double>((64 - address % 64) % 64));
  }

  SimdLevel simd_;
  int threads_ = 1;
  GemmWorkspace workspace_;
  std::vector<double> plan_;  // denseStackForward's checked copy of the plan
};

}  // namespace
}  // namespace hyperprop

using hyperprop::HyperpropAddon;
NODE_API_ADDON(HyperpropAddon)
