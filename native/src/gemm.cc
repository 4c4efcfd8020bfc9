// BLIS-style GEMM driver (flame/blis, docs/KernelsHowTo.md). Row-major C = alpha·op(A)·op(B) +
// beta·C. The vector direction of the micro-kernel runs along n (C's contiguous rows), so in
// BLIS's column-major naming the roles of A and B are swapped:
//
//   for ic in m by MC            op(A) panel MC×KC, packed in MR-row slivers (L3)
//     for pc in k by KC
//       packA
//       for jc in n by NC        op(B) block KC×NC, packed in NR-column slivers (L2)
//         packB
//         macroKernel: for ir by MR (A sliver stays in L1), for jr by NR: micro-kernel
//
// Transposition is handled entirely by the packing (or by the strides of an operand read in
// place), so all four transpose combinations run the same micro-kernel. Small shapes skip
// packing: the micro-kernel reads row-major B and either layout of A directly. A few rows of C
// (GemmPlan::direct, e.g. batch-1 inference) skip the blocking too: transB is then a set of
// dot products of rows contiguous in k, row-major B a wide row kernel (runDirect).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "gemm_microkernel.h"

namespace hyperprop {
namespace {

// Depth of one packed block: an A sliver MR×KC (22 KiB with AVX-512) stays in L1. 784 is then
// two k steps, not four: C is read and written half as often (M's batch-1024 inference and its
// training forward product both ran 2–3% faster than with 256).
constexpr long KC = 400;
constexpr long NC = 512;  // columns of the packed B block: KC×NC floats = 800 KiB in L2
constexpr long MC = 960;  // rows of the packed A panel: MC×KC floats = 1.5 MiB in L3

// GemmPlan::direct up to this many rows of C with row-major B (transB: the set's directDotRows);
// see planGemm.
constexpr long kDirectAxpyRows = 2;

// Below this many multiply-adds a band (~7 µs of micro-kernel work), waking a pool thread and
// splitting the packing cost more than they save. Measured with bench:train --threads 1,2 on
// two cores: 1M against 4M took M training from 1.22× to 1.25× and L from 1.73× to 1.78×;
// S's products (≤ 0.5M) stay on one thread either way.
constexpr double kMinFmaPerThread = 1.0 * 1024 * 1024;

/** A strided matrix view: element (i, j) is p[i·rs + j·cs]. */
struct View {
  const float* p;
  long rs;
  long cs;
  const float* at(long i, long j) const { return p + i * rs + j * cs; }
};

/** One independent piece of C (the whole call, or one thread's share). */
struct SubProblem {
  long m, n, k;
  float alpha;
  View a;  // op(A), m×k
  View b;  // op(B), k×n
  float beta;
  float* c;
  long ldc;
  long row0, col0;  // where c sits in the caller's C (for the epilogue)
};

const MicroKernelSet& kernelsFor(SimdLevel level) {
#if defined(HYPERPROP_HAVE_X86_KERNELS)
  if (level == SimdLevel::Avx512) return microKernelsAvx512();
  if (level == SimdLevel::Avx2) return microKernelsAvx2();
#endif
  (void)level;
  return microKernelsGeneric();
}

/** Where p sits within its 64-byte line, in floats (0 to 15). */
long alignmentPhase(const float* p) { return static_cast<long>((reinterpret_cast<std::uintptr_t>(p) >> 2) & 15u); }

/** C = beta·C (beta == 0 writes zeros, so NaN in C is dropped). */
void scaleC(long m, long n, float beta, float* c, long ldc) {
  for (long i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    if (beta == 0.0f)
      std::fill(ci, ci + n, 0.0f);
    else if (beta != 1.0f)
      for (long j = 0; j < n; ++j) ci[j] *= beta;
  }
}

/** Packs op(A)[0:mc, 0:kc] as MR-row slivers: sliver s holds A(s·MR + i, p) at [s·MR·kc + p·mr + i]. */
void packA(const View& a, long mc, long kc, int MR, float* dst) {
  for (long ir = 0; ir < mc; ir += MR) {
    const int mr = static_cast<int>(std::min<long>(MR, mc - ir));
    float* out = dst + ir * kc;
    if (a.rs == 1) {  // transA: each p holds mr contiguous values
      for (long p = 0; p < kc; ++p) std::memcpy(out + p * mr, a.at(ir, p), sizeof(float) * mr);
    } else {
      for (int i = 0; i < mr; ++i) {
        const float* row = a.at(ir + i, 0);
        for (long p = 0; p < kc; ++p) out[p * mr + i] = row[p * a.cs];
      }
    }
  }
}

/** Rows × columns of the register tile. */
struct TileShape {
  int mr;
  int nr;
};

/**
 * The tile for a piece of C n columns wide: a row-major A read in place takes the set's in-place
 * shape (wider on AVX-512), or its narrow one when C is at most nr wide (see MicroKernelSet).
 */
TileShape tileShape(const MicroKernelSet& mk, bool aPacked, const View& a, long n) {
  if (aPacked || a.cs != 1) return {mk.mr, mk.nr};
  return n <= mk.nr ? TileShape{mk.mrRowsANarrow, mk.nr} : TileShape{mk.mrRowsA, mk.nrRowsA};
}

/** Packs op(B)[0:kc, 0:nc] as NR-column slivers, zero-padded: sliver s at [s·NR·kc + p·NR + j]. */
void packB(const View& b, long kc, long nc, const MicroKernelSet& mk, int NR, float* dst) {
  for (long jr = 0; jr < nc; jr += NR) {
    const int nr = static_cast<int>(std::min<long>(NR, nc - jr));
    float* out = dst + jr * kc;
    if (b.cs == 1) {  // row-major op(B): copy row segments
      for (long p = 0; p < kc; ++p) {
        std::memcpy(out + p * NR, b.at(p, jr), sizeof(float) * nr);
        std::fill(out + p * NR + nr, out + (p + 1) * NR, 0.0f);
      }
    } else if (mk.packTransposedB != nullptr && b.rs == 1) {
      mk.packTransposedB(kc, nr, NR, b.at(0, jr), b.cs, out);
    } else {
      for (long p = 0; p < kc; ++p) {
        for (int j = 0; j < nr; ++j) out[p * NR + j] = *b.at(p, jr + j);
        std::fill(out + p * NR + nr, out + (p + 1) * NR, 0.0f);
      }
    }
  }
}

/**
 * All MR×NR tiles of one mc×nc block of C for one kc step. On the last k step, `epilogue`
 * (non-null) runs on each MR-row strip as soon as its tiles are done (the strip is in L1).
 */
void macroKernel(const MicroKernelSet& mk, TileShape shape, long mc, long nc, long kc, const float* aBlock,
                 bool aPacked, const View& a, const float* bBlock, bool bPacked, long ldbDirect, float alpha, float beta,
                 float* c, long ldc, const GemmEpilogue* epilogue, long row0, long col0) {
  const int MR = shape.mr;
  const int NR = shape.nr;
  for (long ir = 0; ir < mc; ir += MR) {
    const int mr = static_cast<int>(std::min<long>(MR, mc - ir));
    const float* aSliver = aPacked ? aBlock + ir * kc : aBlock + ir * a.rs;
    const long rsa = aPacked ? 1 : a.rs;
    const long csa = aPacked ? mr : a.cs;
    for (long jr = 0; jr < nc; jr += NR) {
      const int nr = static_cast<int>(std::min<long>(NR, nc - jr));
      const float* bSliver = bPacked ? bBlock + jr * kc : bBlock + jr;
      const long ldb = bPacked ? NR : ldbDirect;
      mk.tile(kc, aSliver, rsa, csa, bSliver, ldb, c + ir * ldc + jr, ldc, mr, nr, alpha, beta);
    }
    if (epilogue != nullptr) epilogue->apply(epilogue->context, row0 + ir, col0, mr, nc, c + ir * ldc, ldc);
  }
}

void runBlocked(const SubProblem& s, const MicroKernelSet& mk, GemmPlan plan, GemmWorkspace& ws, int slot,
                const GemmEpilogue* epilogue) {
  const long mcMax = std::min(MC, s.m);
  // Equal k steps of at most KC (784 = 2 × 392, 1000 = 3 × 334, not 2 × 400 + 200).
  const long kcStep = (s.k + (s.k + KC - 1) / KC - 1) / ((s.k + KC - 1) / KC);
  const long kcMax = kcStep;
  const long ncMax = std::min(NC, s.n);
  const TileShape shape = tileShape(mk, plan.packA, s.a, s.n);
  const int NR = shape.nr;
  const long ncPadded = (ncMax + NR - 1) / NR * NR;
  float* aBuf = plan.packA ? ws.packA(slot, static_cast<std::size_t>(mcMax * kcMax)) : nullptr;
  float* bBuf = plan.packB ? ws.packB(slot, static_cast<std::size_t>(ncPadded * kcMax)) : nullptr;

  // A read in place has no panel to keep in L3: one pass over m packs each block of B once.
  const long mcBlock = plan.packA ? MC : s.m;
  for (long ic = 0; ic < s.m; ic += mcBlock) {
    const long mc = std::min(mcBlock, s.m - ic);
    for (long pc = 0; pc < s.k; pc += kcStep) {
      const long kc = std::min(kcStep, s.k - pc);
      const float beta = pc == 0 ? s.beta : 1.0f;
      const GemmEpilogue* last = pc + kc >= s.k ? epilogue : nullptr;
      const View aPanel{s.a.at(ic, pc), s.a.rs, s.a.cs};
      if (plan.packA) packA(aPanel, mc, kc, mk.mr, aBuf);
      const float* aBlock = plan.packA ? aBuf : aPanel.p;
      for (long jc = 0; jc < s.n; jc += NC) {
        const long nc = std::min(NC, s.n - jc);
        const View bPanel{s.b.at(pc, jc), s.b.rs, s.b.cs};
        if (plan.packB) packB(bPanel, kc, nc, mk, NR, bBuf);
        const float* bBlock = plan.packB ? bBuf : bPanel.p;
        macroKernel(mk, shape, mc, nc, kc, aBlock, plan.packA, aPanel, bBlock, plan.packB, s.b.rs, s.alpha, beta,
                    s.c + ic * s.ldc + jc, s.ldc, last, s.row0 + ic, s.col0 + jc);
      }
    }
  }
}

/**
 * GemmPlan::direct: few rows of C, nothing packed. transB (`dots`): dot products of rows
 * contiguous in k (a transposed A, m·k floats, is first copied to rows); otherwise the wide row
 * kernels read row-major B in place. The epilogue then runs once on the whole piece.
 */
void runDirect(const SubProblem& s, bool dots, const MicroKernelSet& mk, GemmWorkspace& ws, int slot,
               const GemmEpilogue* epilogue) {
  if (dots) {
    const float* a = s.a.p;
    long lda = s.a.rs;
    if (s.a.cs != 1) {
      float* rows = ws.packA(slot, static_cast<std::size_t>(s.m * s.k));
      for (long p = 0; p < s.k; ++p)
        for (long i = 0; i < s.m; ++i) rows[i * s.k + p] = *s.a.at(i, p);
      a = rows;
      lda = s.k;
    } else if (s.m == 1 && alignmentPhase(a) != alignmentPhase(s.b.p)) {
      // One row (batch-1 inference): a copy of A in the same position within a 64-byte line as
      // B's rows, so both streams of the dot products load whole aligned lines.
      const long phase = alignmentPhase(s.b.p);
      float* row = ws.packA(slot, static_cast<std::size_t>(s.k + 16)) + phase;
      std::memcpy(row, a, sizeof(float) * s.k);
      a = row;
    }
    mk.rowDots(s.m, s.n, s.k, a, lda, s.b.p, s.b.cs, s.c, s.ldc, s.alpha, s.beta);
  } else {
    mk.rowAxpy(s.m, s.n, s.k, s.a.p, s.a.rs, s.a.cs, s.b.p, s.b.rs, s.c, s.ldc, s.alpha, s.beta);
  }
  if (epilogue != nullptr) epilogue->apply(epilogue->context, s.row0, s.col0, s.m, s.n, s.c, s.ldc);
}

void runPiece(const SubProblem& s, const MicroKernelSet& mk, GemmPlan plan, bool transB, GemmWorkspace& ws, int slot,
              const GemmEpilogue* epilogue) {
  if (plan.direct)
    runDirect(s, transB, mk, ws, slot, epilogue);
  else
    runBlocked(s, mk, plan, ws, slot, epilogue);
}

/** Splits C into at most `parts` row bands (or column bands when C is wide), aligned to the tile size, into `out`. */
void split(const SubProblem& whole, int parts, const MicroKernelSet& mk, std::vector<SubProblem>& out) {
  out.clear();
  const bool byRows = whole.m >= whole.n;
  const long extent = byRows ? whole.m : whole.n;
  const long unit = byRows ? mk.mr : mk.nr;
  const long units = (extent + unit - 1) / unit;
  long start = 0;
  for (int t = 0; t < parts && start < extent; ++t) {
    const long share = (units * (t + 1) / parts) * unit;
    const long end = std::min(extent, share);
    if (end <= start) continue;
    SubProblem s = whole;
    if (byRows) {
      s.m = end - start;
      s.a.p = whole.a.at(start, 0);
      s.c = whole.c + start * whole.ldc;
      s.row0 = whole.row0 + start;
    } else {
      s.n = end - start;
      s.b.p = whole.b.at(0, start);
      s.c = whole.c + start;
      s.col0 = whole.col0 + start;
    }
    out.push_back(s);
    start = end;
  }
}

/** One multi-threaded call, as the pool's task sees it: part i computes pieces[i] with slot i. */
struct ParallelGemm {
  const std::vector<SubProblem>* pieces;
  const MicroKernelSet* mk;
  GemmPlan plan;
  bool transB;
  GemmWorkspace* ws;
  const GemmEpilogue* epilogue;

  static void runPart(void* self, int part) {
    const auto& p = *static_cast<const ParallelGemm*>(self);
    runPiece((*p.pieces)[part], *p.mk, p.plan, p.transB, *p.ws, part, p.epilogue);
  }
};

}  // namespace

const MicroKernelSet& microKernelsFor(SimdLevel level) { return kernelsFor(level); }

const char* simdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx512:
      return "avx512";
    case SimdLevel::Avx2:
      return "avx2";
    default:
      return "generic";
  }
}

SimdLevel detectSimdLevel(const char* requested) {
  SimdLevel best = SimdLevel::Generic;
#if defined(HYPERPROP_HAVE_X86_KERNELS) && (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                      __builtin_cpu_supports("avx512dq");
  best = avx512 ? SimdLevel::Avx512 : avx2 ? SimdLevel::Avx2 : SimdLevel::Generic;
#endif
  if (requested != nullptr) {
    if (std::strcmp(requested, "generic") == 0) return SimdLevel::Generic;
    if (std::strcmp(requested, "avx2") == 0 && best == SimdLevel::Avx512) return SimdLevel::Avx2;
  }
  return best;
}

GemmPlan planGemm(const GemmCall& call, SimdLevel level) {
  // Row-major A is read in place (its rows are contiguous in k, and packing would be a
  // transpose). Transposed A read in place strides m floats per k step; past a few hundred
  // rows that defeats the cache, and packing it is a plain copy.
  const bool packA = call.transA && call.m > 256;
  // Row-major B read in place is as fast while few A slivers reuse it; for tall C, packing
  // keeps each B block contiguous in L2.
  const bool packB = call.transB || call.m > 192;
  // Few rows of C: packing B (a transpose when transB) costs more than the whole product. Dot
  // products read each B row once per pass of rows of A and beat packing up to the set's
  // directDotRows; the wide row kernels beat the MR-row tiles on row-major B only for one or two
  // rows.
  const bool direct = call.transB ? call.m <= kernelsFor(level).directDotRows : call.m <= kDirectAxpyRows;
  return GemmPlan{packA, packB, direct};
}

void gemmWithPlan(const GemmCall& call, SimdLevel level, int threads, GemmWorkspace& ws, GemmPlan plan,
                  const GemmEpilogue* epilogue) {
  const long m = call.m, n = call.n, k = call.k;
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || call.alpha == 0.0f) {
    scaleC(m, n, call.beta, call.c, n);
    if (epilogue != nullptr) epilogue->apply(epilogue->context, 0, 0, m, n, call.c, n);
    return;
  }
  const MicroKernelSet& mk = kernelsFor(level);
  if (call.transB && !plan.direct) plan.packB = true;
  SubProblem whole{m,
                   n,
                   k,
                   call.alpha,
                   call.transA ? View{call.a, 1, m} : View{call.a, k, 1},
                   call.transB ? View{call.b, 1, k} : View{call.b, n, 1},
                   call.beta,
                   call.c,
                   n,
                   0,
                   0};

  const double fma = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  // More bands than cores only time-slice (and a pool thread spinning for its next job would
  // take the time of the one that has work).
  const int parts = ThreadPool::partsFor(threads, fma, kMinFmaPerThread);
  if (parts == 1) {
    ws.prepare(1);
    runPiece(whole, mk, plan, call.transB, ws, 0, epilogue);
    return;
  }
  // One band list per JS thread (each has its own addon instance and pool), reused: no
  // allocation per call once it has grown.
  thread_local std::vector<SubProblem> pieces;
  split(whole, parts, mk, pieces);
  ws.prepare(static_cast<int>(pieces.size()));
  ParallelGemm job{&pieces, &mk, plan, call.transB, &ws, epilogue};
  ws.pool.run(static_cast<int>(pieces.size()), &ParallelGemm::runPart, &job);
}

void gemm(const GemmCall& call, SimdLevel level, int threads, GemmWorkspace& ws, const GemmEpilogue* epilogue) {
  gemmWithPlan(call, level, threads, ws, planGemm(call, level), epilogue);
}

}  // namespace hyperprop
