// GEMM: C = alpha·op(A)·op(B) + beta·C on row-major float32 matrices (BLIS-style driver in
// gemm.cc, ISA-specific micro-kernels chosen at load time). No Node-API here.
#pragma once

#include <cstddef>
#include <vector>
#include "thread_pool.h"

namespace hyperprop {

struct MicroKernelSet;

/** The micro-kernel family picked for this CPU: "avx512", "avx2" or "generic". */
enum class SimdLevel { Generic, Avx2, Avx512 };
const char* simdLevelName(SimdLevel level);

/**
 * Picks the widest micro-kernel the CPU supports. `requested` (e.g. the value of
 * HYPERPROP_NATIVE_SIMD) may lower the choice to "avx2" or "generic"; null or unknown = best.
 */
SimdLevel detectSimdLevel(const char* requested);

/** The micro-kernels of one instruction set (the GEMM's, and the FMA-peak loop's). */
const MicroKernelSet& microKernelsFor(SimdLevel level);

/**
 * Packing buffers of one caller (one per addon instance, so per JS thread), and its intra-op
 * thread pool. Grown on demand and reused across calls; one slot per intra-op thread. Not
 * shared between callers.
 */
class GemmWorkspace {
 public:
  ThreadPool pool;

  /** Makes room for `slots` threads; call before the threads start. */
  void prepare(int slots) {
    if (static_cast<std::size_t>(slots) > buffers_.size()) buffers_.resize(slots);
  }
  /** A 64-byte-aligned buffer of at least `floats` floats, owned by `slot` (< prepare's count). */
  float* packA(int slot, std::size_t floats) { return grow(buffers_[slot].a, floats); }
  float* packB(int slot, std::size_t floats) { return grow(buffers_[slot].b, floats); }

 private:
  struct Buffers {
    std::vector<float> a;
    std::vector<float> b;
  };
  static float* grow(std::vector<float>& v, std::size_t floats) {
    if (v.size() < floats + 16) v.resize(floats + 16);
    auto addr = reinterpret_cast<std::size_t>(v.data());
    return reinterpret_cast<float*>((addr + 63) & ~static_cast<std::size_t>(63));
  }
  std::vector<Buffers> buffers_;
};

/** Arguments of one GEMM call, as the Backend interface defines them. */
struct GemmCall {
  bool transA;
  bool transB;
  long m, n, k;
  float alpha;
  const float* a;
  const float* b;
  float beta;
  float* c;
};

/**
 * Work applied to C as soon as a piece of it is final (after its last k step), while it is still
 * in cache: apply(context, row, col, rows, cols, c, ldc) where c points at C(row, col) and the
 * piece is rows×cols with row stride ldc. Pieces never overlap; with several threads, each
 * thread applies it to the pieces it computed (so it must only touch memory of its piece).
 */
struct GemmEpilogue {
  void (*apply)(const void* context, long row, long col, long rows, long cols, float* c, long ldc);
  const void* context;
};

/** Which operands the driver copies into packed slivers (the rest are read in place). */
struct GemmPlan {
  bool packA;
  bool packB;  // always true when transB (unless direct)
  /**
   * Few rows of C: no packing, no blocking. transB: each C[i, j] is a dot product of two rows
   * contiguous in k (transposed A is first copied to rows, m·k floats); otherwise wide row
   * kernels read B in place. The epilogue then runs once on the whole of C (per thread).
   */
  bool direct = false;
};

/** The packing choice for a call (small shapes skip packing; see gemm.cc). */
GemmPlan planGemm(const GemmCall& call, SimdLevel level);

/**
 * Runs the GEMM with the micro-kernels of `level`, on up to `threads` threads; `epilogue` (may
 * be null) then visits every element of C exactly once.
 */
void gemm(const GemmCall& call, SimdLevel level, int threads, GemmWorkspace& workspace,
          const GemmEpilogue* epilogue = nullptr);

/** As gemm() with an explicit plan (benchmarks and tests of each path). */
void gemmWithPlan(const GemmCall& call, SimdLevel level, int threads, GemmWorkspace& workspace, GemmPlan plan,
                  const GemmEpilogue* epilogue = nullptr);

/** Plain triple loop (float accumulation); the reference every tuned path is checked against. */
void gemmReference(const GemmCall& call);

}  // namespace hyperprop
