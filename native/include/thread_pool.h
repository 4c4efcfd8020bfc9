// A persistent pool of intra-op threads for one addon instance (one JS thread): the GEMM splits
// C into bands and runs them here instead of starting a std::thread per call (a start and a join
// cost ~30-60 µs, as much as a 256×256×256 product on one core). Threads start when a call first
// asks for them and stay until the addon instance is torn down; between calls they spin briefly
// (training issues GEMMs back to back) and then sleep on a condition variable, so an idle pool
// takes no CPU.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#if defined(_WIN32)
#include <condition_variable>
#else
#include <pthread.h>
#endif

namespace hyperprop {

/**
 * A condition variable over std::mutex. On POSIX it is pthread_cond_t itself: libstdc++ 12
 * gave std::condition_variable::wait a new symbol version (GLIBCXX_3.4.30), which a prebuilt
 * binary must not need (it loads on every glibc from 2.28 on; test/scripts/symbol-versions).
 */
class ConditionVariable {
 public:
#if defined(_WIN32)
  void wait(std::unique_lock<std::mutex>& lock) { cv_.wait(lock); }
  void notifyOne() { cv_.notify_one(); }
  void notifyAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
#else
  ConditionVariable() { pthread_cond_init(&cv_, nullptr); }
  ~ConditionVariable() { pthread_cond_destroy(&cv_); }
  ConditionVariable(const ConditionVariable&) = delete;
  ConditionVariable& operator=(const ConditionVariable&) = delete;
  void wait(std::unique_lock<std::mutex>& lock) { pthread_cond_wait(&cv_, lock.mutex()->native_handle()); }
  void notifyOne() { pthread_cond_signal(&cv_); }
  void notifyAll() { pthread_cond_broadcast(&cv_); }

 private:
  pthread_cond_t cv_;
#endif
};

class ThreadPool {
 public:
  using Task = void (*)(void* context, int part);

  ThreadPool() = default;
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /**
   * Runs task(context, part) for every part in [0, parts) and returns when all are done. The
   * calling thread works too; pool threads (up to parts - 1, started on first need) claim parts
   * as they come. If the system refuses a thread, the threads there are (or the caller alone)
   * run every part. Not reentrant: one caller at a time (the addon's JS thread).
   */
  void run(int parts, Task task, void* context);

  /** CPUs this process may run on (its affinity mask; at least 1): more parts than this only time-slice. */
  static int usableCores();

  /**
   * How many parts a job of `work` units should run in: one per `minWorkPerPart`, but no more
   * than `threads` nor the usable cores, and at least 1. In double: a huge GEMM's work does not
   * fit an int.
   */
  static int partsFor(int threads, double work, double minWorkPerPart);

 private:
  void ensureThreads(int count);
  void workerLoop(std::uint32_t seen);
  /** Claims and runs parts of the job of `generation` until none is left; false if that job is over. */
  void runParts(std::uint32_t generation);

  // The job: generation (high 32 bits), part count (bits 16-31) and next unclaimed part (low
  // 16 bits) in one word, so a thread that woke late for an old job can never claim a part of a
  // newer one (its generation no longer matches).
  std::atomic<std::uint64_t> ticket_{0};
  std::atomic<int> pending_{0};
  Task task_ = nullptr;
  void* context_ = nullptr;

  std::mutex mutex_;
  ConditionVariable wake_;
  ConditionVariable finished_;
  std::atomic<std::uint32_t> generation_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace hyperprop
