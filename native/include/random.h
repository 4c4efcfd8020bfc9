// xoshiro128** (Blackman & Vigna), bit-identical with the TypeScript and AssemblyScript
// versions. The caller's 4-word state is read at the start and written back at the end.
#pragma once

#include <cstdint>

namespace hyperprop {

/** mask[i] = (next() >> 8) >= threshold ? scale : 0 (inverted dropout). */
void dropoutMask(std::uint32_t* state, long n, float* mask, std::uint32_t threshold, float scale);

}  // namespace hyperprop
