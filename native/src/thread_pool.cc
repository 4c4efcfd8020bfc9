// See thread_pool.h. The job word packs generation, part count and next part so that claiming a
// part is one compare-and-swap that also checks the job is still the one the thread woke for.
#include "thread_pool.h"

#include <algorithm>
#include <chrono>
#include <system_error>

#if defined(__linux__)
#include <sched.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HYPERPROP_PAUSE() _mm_pause()
#else
#define HYPERPROP_PAUSE() ((void)0)
#endif

namespace hyperprop {
namespace {

// How long a pool thread (or the caller, waiting for the last part) spins before it sleeps.
// Training issues the next GEMM within microseconds; a sleeping thread takes ~10-50 µs to wake.
constexpr auto kSpin = std::chrono::microseconds(200);
constexpr std::uint64_t kMaxParts = 0xFFFF;

std::uint64_t makeTicket(std::uint32_t generation, int parts, int next) {
  return (static_cast<std::uint64_t>(generation) << 32) | (static_cast<std::uint64_t>(parts) << 16) |
         static_cast<std::uint64_t>(next);
}

/** Spins until done() or kSpin has passed; true if done. */
template <typename Done>
bool spinUntil(Done done) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
      HYPERPROP_PAUSE();
    }
    if (std::chrono::steady_clock::now() >= until) return done();
  }
}

}  // namespace

int ThreadPool::usableCores() {
  static const int cores = [] {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
#endif
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }();
  return cores;
}

int ThreadPool::partsFor(int threads, double work, double minWorkPerPart) {
  const double cap = std::min({static_cast<double>(threads), static_cast<double>(usableCores()), work / minWorkPerPart});
  return std::max(1, static_cast<int>(cap));
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notifyAll();
  for (std::thread& t : threads_) t.join();
}

void ThreadPool::ensureThreads(int count) {
  while (static_cast<int>(threads_.size()) < count) {
    try {
      // The generation before this call's job, so a thread started for it takes part in it.
      threads_.emplace_back(&ThreadPool::workerLoop, this, generation_.load(std::memory_order_relaxed));
    } catch (const std::system_error&) {
      return;  // the parts are claimed, not assigned: the threads there are run them all
    }
  }
}

void ThreadPool::run(int parts, Task task, void* context) {
  if (parts <= 1 || static_cast<std::uint64_t>(parts) > kMaxParts) {
    for (int part = 0; part < parts; ++part) task(context, part);
    return;
  }
  ensureThreads(parts - 1);
  task_ = task;
  context_ = context;
  pending_.store(parts, std::memory_order_relaxed);
  std::uint32_t generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = generation_.load(std::memory_order_relaxed) + 1;
    ticket_.store(makeTicket(generation, parts, 0), std::memory_order_relaxed);
    // Release: a thread that reads this generation sees the job's fields above.
    generation_.store(generation, std::memory_order_release);
  }
  wake_.notifyAll();
  runParts(generation);
  if (!spinUntil([this] { return pending_.load(std::memory_order_acquire) == 0; })) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (pending_.load(std::memory_order_acquire) != 0) finished_.wait(lock);
  }
}

void ThreadPool::runParts(std::uint32_t generation) {
  std::uint64_t ticket = ticket_.load(std::memory_order_acquire);
  for (;;) {
    if (static_cast<std::uint32_t>(ticket >> 32) != generation) return;
    const int parts = static_cast<int>((ticket >> 16) & kMaxParts);
    const int part = static_cast<int>(ticket & kMaxParts);
    if (part >= parts) return;
    if (!ticket_.compare_exchange_weak(ticket, ticket + 1, std::memory_order_acq_rel, std::memory_order_acquire))
      continue;
    // The job cannot change while this part is pending, so its fields are the job's.
    task_(context_, part);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notifyOne();
    }
    ticket = ticket_.load(std::memory_order_acquire);
  }
}

void ThreadPool::workerLoop(std::uint32_t seen) {
  for (;;) {
    if (!spinUntil([&] { return generation_.load(std::memory_order_acquire) != seen; })) {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!stopping_ && generation_.load(std::memory_order_acquire) == seen) wake_.wait(lock);
      if (stopping_) return;
    }
    seen = generation_.load(std::memory_order_acquire);
    runParts(seen);
  }
}

}  // namespace hyperprop
