// denseStackForward: each layer of the plan through denseForward (dense.cc). The input is scanned
// for NaN and infinity only when the first layer's product holds one: that check runs on each
// strip of the product while it is in L1, where a scan of x up front read the whole batch from
// memory once more (3% of M's batch-1024 inference).
#include "dense_stack.h"

#include <algorithm>

#include "dense.h"
#include "kernel_codes.h"
#include "reductions.h"

namespace hyperprop {

void denseStackForward(const DenseStackCall& d, SimdLevel level, int threads, GemmWorkspace& ws) {
  const long layers = static_cast<long>(d.plan[DENSE_STACK_LAYERS]);
  const double* first = d.plan + DENSE_STACK_HEADER;
  const long inputs = static_cast<long>(first[DENSE_STACK_INPUTS]);
  // The first layer's epilogue checks its product, unless it writes out itself (one layer: out
  // must stay untouched when x is not finite) or has no product (no rows or no units): then x is
  // scanned up front.
  const bool checkProduct = layers > 1 && d.rows > 0 && first[DENSE_STACK_UNITS] >= 1;
  // Scans x, records the index of its first NaN or infinity (or -1), and says whether there is one.
  const auto rejectInput = [&d, inputs]() {
    const long bad = firstNonFinite(d.rows * inputs, d.x);
    d.plan[DENSE_STACK_RESULT] = static_cast<double>(bad);
    return bad >= 0;
  };
  d.plan[DENSE_STACK_RESULT] = -1.0;
  if (!checkProduct && (rejectInput() || d.rows <= 0)) return;
  long width = 0;
  for (long l = 0; l < layers; ++l)
    width = std::max(width, static_cast<long>(first[l * DENSE_STACK_STRIDE + DENSE_STACK_UNITS]));
  const float* input = d.x;
  for (long l = 0; l < layers; ++l) {
    const double* p = first + l * DENSE_STACK_STRIDE;
    const auto offset = [p](long slot) { return static_cast<long>(p[slot]); };
    const int code = static_cast<int>(p[DENSE_STACK_ACTIVATION]);
    // The half of scratch that does not hold this layer's input; hidden layers in place (a = z).
    float* z = d.scratch + (l % 2) * d.rows * width;
    float* a = l + 1 == layers ? d.out : z;
    const DenseForwardCall call{d.rows,
                                offset(DENSE_STACK_INPUTS),
                                offset(DENSE_STACK_UNITS),
                                input,
                                d.params + offset(DENSE_STACK_WEIGHTS),
                                d.params + offset(DENSE_STACK_BIAS),
                                z,
                                a,
                                code,
                                code == ACT_PRELU ? d.params + offset(DENSE_STACK_SLOPES) : nullptr,
                                static_cast<float>(p[DENSE_STACK_ALPHA])};
    bool suspect = false;
    denseForward(call, level, threads, ws, l == 0 && checkProduct ? &suspect : nullptr);
    // Non-finite weights or an overflow can make the product non-finite too: x decides.
    if (suspect && rejectInput()) return;
    input = a;
  }
}

}  // namespace hyperprop
