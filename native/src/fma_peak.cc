// Timing of the micro-kernel sets' FMA loops, and of their GEMM tile on operands in L1: the best
// of many short repeats, not the mean. The ceiling is what the core reaches when nothing else
// runs on it, and anything else (another process, an interrupt, a clock still rising) only ever
// makes a repeat slower. Repeats of about a millisecond, shorter than a scheduler's time slice,
// so that some run whole on a busy machine.
#include "fma_peak.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kRepeatSeconds = 0.001;

double secondsFor(FmaRoundsFn rounds, long count, volatile float* sink) {
  const auto start = Clock::now();
  *sink = *sink + rounds(count);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/**
 * GFLOP/s of `run(count)` (count rounds of `flopsPerRound` operations each), the best of ~1 ms
 * repeats spread over about `milliseconds`.
 */
template <typename Run>
double bestGflops(const Run& run, double flopsPerRound, int milliseconds) {
  const double budget = std::clamp(milliseconds, 1, 10000) / 1000.0;
  const auto start = Clock::now();
  // Grow the round count until one call takes a fifth of a repeat (long enough that the clock's
  // resolution and the call itself do not count), then size a repeat from it.
  long rounds = 256;
  double seconds = run(rounds);
  while (seconds < kRepeatSeconds / 5 && rounds < (1L << 40)) {
    rounds *= 2;
    seconds = run(rounds);
  }
  rounds = std::max(rounds, static_cast<long>(static_cast<double>(rounds) * kRepeatSeconds / std::max(seconds, 1e-9)));
  double best = 0.0;
  do {
    const double s = run(rounds);
    if (s > 0.0) best = std::max(best, static_cast<double>(rounds) * flopsPerRound / s / 1e9);
  } while (std::chrono::duration<double>(Clock::now() - start).count() < budget);
  return best;
}

}  // namespace

double measureFmaPeakGflops(SimdLevel level, int milliseconds) {
  const MicroKernelSet& set = microKernelsFor(level);
  volatile float sink = 0.0f;
  return bestGflops([&](long rounds) { return secondsFor(set.fmaRounds, rounds, &sink); }, set.fmaFlopsPerRound, milliseconds);
}

double measureMicroKernelGflops(SimdLevel level, int milliseconds) {
  const MicroKernelSet& set = microKernelsFor(level);
  // One full MR×NR tile over packed slivers of a GEMM's k step that stay in L1 (14×192 and
  // 192×32 floats with AVX-512: 10.5 and 24 KiB), accumulating into C as every k step after a
  // product's first does: the micro-kernel with nothing to wait for but its own loads and FMAs.
  constexpr long kDepth = 192;
  std::vector<float> a(static_cast<std::size_t>(set.mr * kDepth), 0.5f);
  std::vector<float> b(static_cast<std::size_t>(kDepth * set.nr), 0.25f);
  std::vector<float> c(static_cast<std::size_t>(set.mr * set.nr), 0.0f);
  const auto run = [&](long rounds) {
    const auto begin = Clock::now();
    for (long r = 0; r < rounds; ++r)
      set.tile(kDepth, a.data(), 1, set.mr, b.data(), set.nr, c.data(), set.nr, set.mr, set.nr, 1.0f, r == 0 ? 0.0f : 1.0f);
    return std::chrono::duration<double>(Clock::now() - begin).count();
  };
  return bestGflops(run, 2.0 * set.mr * set.nr * kDepth, milliseconds);
}

}  // namespace hyperprop
