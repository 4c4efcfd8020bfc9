// Timing of the micro-kernel sets' FMA loops: the best of many short repeats, not the mean. The
// ceiling is what the core reaches when nothing else runs on it, and anything else (another
// process, an interrupt, a clock still rising) only ever makes a repeat slower. Repeats of about
// a millisecond, shorter than a scheduler's time slice, so that some run whole on a busy machine.
#include "fma_peak.h"

#include <algorithm>
#include <chrono>

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

}  // namespace

double measureFmaPeakGflops(SimdLevel level, int milliseconds) {
  const MicroKernelSet& set = microKernelsFor(level);
  const double budget = std::clamp(milliseconds, 1, 10000) / 1000.0;
  volatile float sink = 0.0f;
  const auto start = Clock::now();
  // Grow the round count until one call takes a fifth of a repeat (long enough that the clock's
  // resolution and the call itself do not count), then size a repeat from it.
  long rounds = 256;
  double seconds = secondsFor(set.fmaRounds, rounds, &sink);
  while (seconds < kRepeatSeconds / 5 && rounds < (1L << 40)) {
    rounds *= 2;
    seconds = secondsFor(set.fmaRounds, rounds, &sink);
  }
  rounds = std::max(rounds, static_cast<long>(static_cast<double>(rounds) * kRepeatSeconds / std::max(seconds, 1e-9)));
  double best = 0.0;
  do {
    const double s = secondsFor(set.fmaRounds, rounds, &sink);
    if (s > 0.0) best = std::max(best, static_cast<double>(rounds) * set.fmaFlopsPerRound / s / 1e9);
  } while (std::chrono::duration<double>(Clock::now() - start).count() < budget);
  return best;
}

}  // namespace hyperprop
