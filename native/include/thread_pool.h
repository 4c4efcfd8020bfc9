// A persistent pool of intra-op threads for one addon instance (one JS thread): the GEMM splits
// C into bands and runs them here instead of starting a std::thread per call (a start and a join
// cost ~30-60 µs, as much as a 256×256×256 product on one core). Threads start when a call first
// asks for them and stay until the addon instance is torn down; between calls they spin briefly
// (training issues GEMMs back to back) and then sleep on a condition variable, so an idle pool
// takes no CPU.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace hyperprop {

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

  /** Pool threads started so far. */
  int size() const { return static_cast<int>(threads_.size()); }

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
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::atomic<std::uint32_t> generation_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace hyperprop
