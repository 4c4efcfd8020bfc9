// xoshiro128** 1.1 (https://prng.di.unimi.it/xoshiro128starstar.c). The state lives in the
// caller's array; each call works on a local copy and stores it back, so the stream continues
// across calls and backends.
#include "random.h"

namespace hyperprop {
namespace {

inline std::uint32_t rotl(std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

class Xoshiro128 {
 public:
  explicit Xoshiro128(const std::uint32_t* state) : s0_(state[0]), s1_(state[1]), s2_(state[2]), s3_(state[3]) {}
  void store(std::uint32_t* state) const {
    state[0] = s0_;
    state[1] = s1_;
    state[2] = s2_;
    state[3] = s3_;
  }
  std::uint32_t next() {
    const std::uint32_t result = rotl(s1_ * 5u, 7) * 9u;
    const std::uint32_t t = s1_ << 9;
    s2_ ^= s0_;
    s3_ ^= s1_;
    s1_ ^= s2_;
    s0_ ^= s3_;
    s2_ ^= t;
    s3_ = rotl(s3_, 11);
    return result;
  }

 private:
  std::uint32_t s0_, s1_, s2_, s3_;
};

}  // namespace

void dropoutMask(std::uint32_t* state, long n, float* mask, std::uint32_t threshold, float scale) {
  Xoshiro128 rng(state);
  for (long i = 0; i < n; ++i) mask[i] = (rng.next() >> 8) >= threshold ? scale : 0.0f;
  rng.store(state);
}

}  // namespace hyperprop
