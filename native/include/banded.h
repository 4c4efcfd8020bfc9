// Element-wise kernels on the intra-op pool: [0, n) split into bands that start at multiples of
// 16 floats, so every band sees the same split into vector body and scalar tail (and the same
// alignment) as the whole array would, and the result is the single thread's bit for bit.
#pragma once

#include <algorithm>

#include "thread_pool.h"

namespace hyperprop {

// Below this many elements a band (~10-20 µs of an optimizer step), waking a pool thread costs
// more than it saves.
constexpr long kMinElementsPerBand = 32768;
constexpr long kBandAlignment = 16;

template <typename Body>
struct BandedJob {
  const Body* body;
  long n;
  long bandSize;

  static void runPart(void* self, int part) {
    const auto& job = *static_cast<const BandedJob*>(self);
    const long start = static_cast<long>(part) * job.bandSize;
    (*job.body)(start, std::min(job.bandSize, job.n - start));
  }
};

/** body(start, count) over [0, n), on up to `threads` threads of `pool` (capped at the usable cores). */
template <typename Body>
void runBanded(ThreadPool& pool, int threads, long n, const Body& body) {
  const long most = ThreadPool::partsFor(threads, static_cast<double>(n), static_cast<double>(kMinElementsPerBand));
  if (most <= 1) {
    body(0, n);
    return;
  }
  long bandSize = (n + most - 1) / most;
  bandSize = (bandSize + kBandAlignment - 1) / kBandAlignment * kBandAlignment;
  const int parts = static_cast<int>((n + bandSize - 1) / bandSize);
  BandedJob<Body> job{&body, n, bandSize};
  pool.run(parts, &BandedJob<Body>::runPart, &job);
}

}  // namespace hyperprop
