// The argument checks of the Node-API binding: sizes must be integers >= 0 and each array a
// typed array holding at least what its kernel will touch. TypeScript validated every argument
// first (checked-backend.ts); these checks stand against what can change after that (a buffer
// detached or shrunk by caller code, memory shared with another thread). A failed check throws a
// TypeError or RangeError naming the kernel and the argument position; nothing is allocated
// unless a check throws.
#pragma once

#include <napi.h>

#include <cstdint>
#include <limits>
#include <string>

namespace hyperprop {

constexpr long kNoLimit = std::numeric_limits<long>::max();

/** a·b for sizes >= 0, saturating: a product too large for any array fails its length check. */
inline long times(long a, long b) { return a != 0 && b > kNoLimit / a ? kNoLimit : a * b; }
inline long plus(long a, long b) { return b > kNoLimit - a ? kNoLimit : a + b; }

inline const char* kindName(napi_typedarray_type kind) {
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

}  // namespace hyperprop
