// Node-API binding: unwraps the arguments of each NativeAddon function
// (src/backend/compiled-kernels.ts) and calls the compute code. No math here. TypeScript
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

constexpr long kNoLimit = std::numeric_limits<long>::max();

/** a·b for sizes >= 0, saturating: a product too large for any array fails its length check. */
long times(long a, long b) { return a != 0 && b > kNoLimit / a ? kNoLimit : a * b; }
long plus(long a, long b) { return b > kNoLimit - a ? kNoLimit : a + b; }

const char* kindName(napi_typedarray_type kind) {
  switch (kind) {
    case napi_float32_array:
      return "Float32Array";
    case napi_float64_array:
      return "Float64Array";
    case napi_int32_array:
      return "Int32Array";
    case napi_uint32_array:
      return "Uint32Array";
    default:
      return "typed array";
  }
}

/**
 * The arguments of one kernel call. Sizes must be integers >= 0; each array must be a typed
 * array holding at least `needed` elements (an unused array may be empty: its pointer is then
 * never read). Only the data pointer and length are asked for, in one napi_get_typedarray_info:
 * Napi::TypedArrayOf<T> would query the type and length twice per array (its constructor and
 * its base's), about 0.1 µs of a five-array call.
 */
class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* kernel) : info_(info), kernel_(kernel) {}

  Napi::Env env() const { return info_.Env(); }

  long size(size_t i) const {
    std::int64_t value = 0;
    if (napi_get_value_int64(info_.Env(), info_[i], &value) != napi_ok) notANumber(i);
    if (value < 0) negativeSize(i, value);
    return static_cast<long>(value);
  }
  int code(size_t i) const {
    std::int32_t value = 0;
    if (napi_get_value_int32(info_.Env(), info_[i], &value) != napi_ok) notANumber(i);
    return value;
  }
  bool flag(size_t i) const { return info_[i].ToBoolean().Value(); }

  float* f32(size_t i, long needed) const { return array<float>(i, napi_float32_array, needed, nullptr); }
  std::int32_t* i32(size_t i, long needed) const { return array<std::int32_t>(i, napi_int32_array, needed, nullptr); }
  std::uint32_t* u32(size_t i, long needed) const { return array<std::uint32_t>(i, napi_uint32_array, needed, nullptr); }
  // The scalar block: floating-point scalars in, floating-point results out (slot 0), so no
  // call boxes a double into a new JS heap number (see NativeAddon in compiled-kernels.ts).
  double* block(size_t i, long slots) const { return array<double>(i, napi_float64_array, slots, nullptr); }
  /** A Float32Array of any length; `length` receives it. */
  float* f32Any(size_t i, long* length) const { return array<float>(i, napi_float32_array, 0, length); }
  double* f64Any(size_t i, long needed, long* length) const { return array<double>(i, napi_float64_array, needed, length); }

  template <typename E>
  [[noreturn]] void fail(size_t i, const std::string& rule) const {
    throw E::New(info_.Env(), std::string(kernel_) + ": argument " + std::to_string(i) + " " + rule);
  }
  template <typename E>
  [[noreturn]] void fail(const std::string& message) const {
    throw E::New(info_.Env(), std::string(kernel_) + ": " + message);
  }
  // The failures are out of line so the checks that pass stay a compare and a branch.
  [[noreturn, gnu::noinline, gnu::cold]] void notANumber(size_t i) const { fail<Napi::TypeError>(i, "must be a number"); }
  [[noreturn, gnu::noinline, gnu::cold]] void negativeSize(size_t i, std::int64_t value) const {
    fail<Napi::RangeError>(i, "must be an integer >= 0, got " + std::to_string(value));
  }
  [[noreturn, gnu::noinline, gnu::cold]] void notAnArray(size_t i, napi_typedarray_type kind) const {
    fail<Napi::TypeError>(i, std::string("must be a ") + kindName(kind));
  }
  [[noreturn, gnu::noinline, gnu::cold]] void tooShort(size_t i, long needed, size_t length) const {
    fail<Napi::RangeError>(i, "must hold at least " + std::to_string(needed) + " elements, got " + std::to_string(length));
  }

 private:
  // The element kind is TypeScript's check (validate.ts reads the engine's own tag, and no
  // caller code runs between that check and this call); asking napi for it walks a chain of
  // V8 type tests, about 30 ns per array here against 3 ns for the length. The length is what
  // can change in between (a detached or shrunk buffer reports fewer elements, down to 0).
  template <typename T>
  T* array(size_t i, napi_typedarray_type kind, long needed, long* lengthOut) const {
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(info_.Env(), info_[i], nullptr, &length, &data, nullptr, nullptr) != napi_ok) notAnArray(i, kind);
    if (length < static_cast<size_t>(needed)) tooShort(i, needed, length);
    if (lengthOut != nullptr) *lengthOut = static_cast<long>(length);
    return static_cast<T*>(data);
  }

  const Napi::CallbackInfo& info_;
  const char* kernel_;
};

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
    DefineAddon(exports, {
                             InstanceMethod("gemm", &HyperpropAddon::Gemm, kEnumerable),
                             InstanceMethod("activationForward", &HyperpropAddon::ActivationForward, kEnumerable),
                             InstanceMethod("activationBackward", &HyperpropAddon::ActivationBackward, kEnumerable),
                             InstanceMethod("preluForward", &HyperpropAddon::PreluForward, kEnumerable),
                             InstanceMethod("preluBackward", &HyperpropAddon::PreluBackward, kEnumerable),
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
    const Args in(info, "gemm");
    const long m = in.size(2), n = in.size(3), k = in.size(4);
    const double* s = in.block(8, 2);
    const GemmCall call{in.flag(0), in.flag(1),         m, n, k, static_cast<float>(s[0]), in.f32(5, times(m, k)),
                        in.f32(6, times(k, n)), static_cast<float>(s[1]), in.f32(7, times(m, n))};
    try {
      gemm(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "gemm: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }

  Napi::Value ActivationForward(const Napi::CallbackInfo& info) {
    const Args in(info, "activationForward");
    const long n = in.size(1);
    activationForward(in.code(0), n, in.f32(2, n), in.f32(3, n), static_cast<float>(in.block(4, 1)[0]));
    return info.Env().Undefined();
  }
  Napi::Value ActivationBackward(const Napi::CallbackInfo& info) {
    const Args in(info, "activationBackward");
    const long n = in.size(1);
    activationBackward(in.code(0), n, in.f32(2, n), in.f32(3, n), in.f32(4, n), in.f32(5, n),
                       static_cast<float>(in.block(6, 1)[0]));
    return info.Env().Undefined();
  }
  Napi::Value PreluForward(const Napi::CallbackInfo& info) {
    const Args in(info, "preluForward");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    preluForward(rows, cols, in.f32(2, all), in.f32(3, cols), in.f32(4, all));
    return info.Env().Undefined();
  }
  Napi::Value PreluBackward(const Napi::CallbackInfo& info) {
    const Args in(info, "preluBackward");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    preluBackward(rows, cols, in.f32(2, all), in.f32(3, cols), in.f32(4, all), in.f32(5, all), in.f32(6, cols));
    return info.Env().Undefined();
  }

  Napi::Value SoftmaxCrossEntropyIndex(const Napi::CallbackInfo& info) {
    const Args in(info, "softmaxCrossEntropyIndex");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    double* s = in.block(6, 1);
    s[0] = softmaxCrossEntropyIndex(rows, cols, in.f32(2, all), in.i32(3, rows), in.f32(4, all), in.f32(5, all));
    return info.Env().Undefined();
  }
  Napi::Value SoftmaxCrossEntropyOneHot(const Napi::CallbackInfo& info) {
    const Args in(info, "softmaxCrossEntropyOneHot");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    double* s = in.block(6, 1);
    s[0] = softmaxCrossEntropyOneHot(rows, cols, in.f32(2, all), in.f32(3, all), in.f32(4, all), in.f32(5, all));
    return info.Env().Undefined();
  }
  Napi::Value SigmoidBinaryCrossEntropy(const Napi::CallbackInfo& info) {
    const Args in(info, "sigmoidBinaryCrossEntropy");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    double* s = in.block(6, 1);
    s[0] = sigmoidBinaryCrossEntropy(rows, cols, in.f32(2, all), in.f32(3, all), in.f32(4, all), in.f32(5, all));
    return info.Env().Undefined();
  }
  Napi::Value MeanSquaredError(const Napi::CallbackInfo& info) {
    const Args in(info, "meanSquaredError");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    double* s = in.block(5, 1);
    s[0] = meanSquaredError(rows, cols, in.f32(2, all), in.f32(3, all), in.f32(4, all));
    return info.Env().Undefined();
  }

  // Optimizer state buffers that a setting turns off may be empty: each is checked against n
  // exactly when the kernel will touch it, decided from the same scalar the kernel is given.

  // sgdStep(n, p, g, buf, s = [lr, momentum, dampening, nesterov, weightDecay, firstStep])
  Napi::Value SgdStep(const Napi::CallbackInfo& info) {
    const Args in(info, "sgdStep");
    const long n = in.size(0);
    const double* s = in.block(4, 6);
    const float momentum = static_cast<float>(s[1]);
    sgdStep(n, in.f32(1, n), in.f32(2, n), in.f32(3, momentum == 0.0f ? 0 : n), static_cast<float>(s[0]), momentum,
            static_cast<float>(s[2]), s[3] != 0, static_cast<float>(s[4]), s[5] != 0);
    return info.Env().Undefined();
  }
  // rmspropStep(n, p, g, squareAvg, momentumBuf, gradAvg, s = [lr, alpha, eps, weightDecay, momentum, centered])
  Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
    const Args in(info, "rmspropStep");
    const long n = in.size(0);
    const double* s = in.block(6, 6);
    const float momentum = static_cast<float>(s[4]);
    const bool centered = s[5] != 0;
    rmspropStep(n, in.f32(1, n), in.f32(2, n), in.f32(3, n), in.f32(4, momentum > 0.0f ? n : 0), in.f32(5, centered ? n : 0),
                static_cast<float>(s[0]), static_cast<float>(s[1]), static_cast<float>(s[2]), static_cast<float>(s[3]),
                momentum, centered);
    return info.Env().Undefined();
  }
  // adamStep(n, p, g, expAvg, expAvgSq, s = [beta1, beta2, eps, stepSize, sqrtBc2, coupledWd, decoupledDecay])
  Napi::Value AdamStep(const Napi::CallbackInfo& info) {
    const Args in(info, "adamStep");
    const long n = in.size(0);
    const double* s = in.block(5, 7);
    adamStep(n, in.f32(1, n), in.f32(2, n), in.f32(3, n), in.f32(4, n), static_cast<float>(s[0]),
             static_cast<float>(s[1]), static_cast<float>(s[2]), static_cast<float>(s[3]), static_cast<float>(s[4]),
             static_cast<float>(s[5]), static_cast<float>(s[6]));
    return info.Env().Undefined();
  }
  // adagradStep(n, p, g, sum, s = [clr, eps, weightDecay])
  Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
    const Args in(info, "adagradStep");
    const long n = in.size(0);
    const double* s = in.block(4, 3);
    adagradStep(n, in.f32(1, n), in.f32(2, n), in.f32(3, n), static_cast<float>(s[0]), static_cast<float>(s[1]),
                static_cast<float>(s[2]));
    return info.Env().Undefined();
  }

  Napi::Value SumSquares(const Napi::CallbackInfo& info) {
    const Args in(info, "sumSquares");
    const long n = in.size(0);
    double* s = in.block(2, 1);
    s[0] = sumSquares(n, in.f32(1, n));
    return info.Env().Undefined();
  }
  Napi::Value ClipByNorm(const Napi::CallbackInfo& info) {
    const Args in(info, "clipByNorm");
    const long n = in.size(0);
    double* s = in.block(2, 1);
    s[0] = clipByNorm(n, in.f32(1, n), s[0]);
    return info.Env().Undefined();
  }
  Napi::Value ClipByValue(const Napi::CallbackInfo& info) {
    const Args in(info, "clipByValue");
    const long n = in.size(0);
    clipByValue(n, in.f32(1, n), static_cast<float>(in.block(2, 1)[0]));
    return info.Env().Undefined();
  }
  Napi::Value L1Penalty(const Napi::CallbackInfo& info) {
    const Args in(info, "l1Penalty");
    const long n = in.size(0);
    double* s = in.block(3, 1);
    s[0] = l1Penalty(n, in.f32(1, n), in.f32(2, n), static_cast<float>(s[0]));
    return info.Env().Undefined();
  }
  Napi::Value L2Penalty(const Napi::CallbackInfo& info) {
    const Args in(info, "l2Penalty");
    const long n = in.size(0);
    double* s = in.block(3, 1);
    s[0] = l2Penalty(n, in.f32(1, n), in.f32(2, n), static_cast<float>(s[0]));
    return info.Env().Undefined();
  }

  // dropoutMask(state (4 words of xoshiro128**), n, mask, s = [threshold, scale])
  Napi::Value DropoutMask(const Napi::CallbackInfo& info) {
    const Args in(info, "dropoutMask");
    const long n = in.size(1);
    const double* s = in.block(3, 2);
    dropoutMask(in.u32(0, 4), n, static_cast<std::uint32_t>(s[0]), static_cast<float>(s[1]), in.f32(2, n));
    return info.Env().Undefined();
  }

  // denseForward(rows, inputs, units, x, w, bias, z, a, code, slopes, s = [alpha])
  Napi::Value DenseForward(const Napi::CallbackInfo& info) {
    const Args in(info, "denseForward");
    const long rows = in.size(0), inputs = in.size(1), units = in.size(2);
    const long out = times(rows, units);
    const int code = in.code(8);
    const DenseForwardCall call{rows,          inputs,        units,
                                in.f32(3, times(rows, inputs)), in.f32(4, times(units, inputs)), in.f32(5, units),
                                in.f32(6, out), in.f32(7, out), code,
                                in.f32(9, code == ACT_PRELU ? units : 0), static_cast<float>(in.block(10, 1)[0])};
    try {
      denseForward(call, simd_, threads_, workspace_);
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "denseForward: out of memory for the packing buffers");
    }
    return info.Env().Undefined();
  }
  // denseBackward(rows, inputs, units, x, w, z, a, dA, dZ, dW, dB, dX, code, slopes, dSlopes, flags, s = [alpha])
  Napi::Value DenseBackward(const Napi::CallbackInfo& info) {
    const Args in(info, "denseBackward");
    const long rows = in.size(0), inputs = in.size(1), units = in.size(2);
    const long out = times(rows, units), x = times(rows, inputs), w = times(units, inputs);
    const int code = in.code(12), flags = in.code(15);
    const bool given = (flags & DENSE_GRADIENT_GIVEN) != 0;
    const long slopes = code == ACT_PRELU && !given ? units : 0;
    const DenseBackwardCall call{rows,
                                 inputs,
                                 units,
                                 in.f32(3, x),
                                 in.f32(4, w),
                                 in.f32(5, out),
                                 in.f32(6, out),
                                 in.f32(7, given ? 0 : out),
                                 in.f32(8, out),
                                 in.f32(9, w),
                                 in.f32(10, units),
                                 in.f32(11, (flags & DENSE_INPUT_GRADIENT) != 0 ? x : 0),
                                 code,
                                 in.f32(13, slopes),
                                 in.f32(14, slopes),
                                 flags,
                                 static_cast<float>(in.block(16, 1)[0])};
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

  Napi::Value Multiply(const Napi::CallbackInfo& info) {
    const Args in(info, "multiply");
    const long n = in.size(0);
    multiply(n, in.f32(1, n), in.f32(2, n), in.f32(3, n));
    return info.Env().Undefined();
  }
  // axpy(n, x, out, s = [alpha])
  Napi::Value Axpy(const Napi::CallbackInfo& info) {
    const Args in(info, "axpy");
    const long n = in.size(0);
    axpy(n, in.f32(1, n), in.f32(2, n), static_cast<float>(in.block(3, 1)[0]));
    return info.Env().Undefined();
  }
  // batchNormForward(rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y, flags,
  //                  s = [momentum, eps])
  Napi::Value BatchNormForward(const Napi::CallbackInfo& info) {
    const Args in(info, "batchNormForward");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    const double* s = in.block(12, 2);
    const BatchNormForwardCall call{rows,           cols,           in.f32(2, all),  in.f32(3, cols), in.f32(4, cols),
                                    in.f32(5, cols), in.f32(6, cols), in.f32(7, cols), in.f32(8, cols), in.f32(9, all),
                                    in.f32(10, all), in.code(11),     s[0],            s[1]};
    batchNormForward(call);
    return info.Env().Undefined();
  }
  // batchNormBackward(rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta)
  Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
    const Args in(info, "batchNormBackward");
    const long rows = in.size(0), cols = in.size(1), all = times(rows, cols);
    const BatchNormBackwardCall call{rows,           cols,           in.f32(2, all), in.f32(3, all), in.f32(4, cols),
                                     in.f32(5, cols), in.f32(6, all), in.f32(7, cols), in.f32(8, cols)};
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
