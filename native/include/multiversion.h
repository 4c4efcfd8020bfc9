// KERNEL_CLONES: GCC function multi-versioning for element-wise kernels. With
// KERNEL_MULTIVERSION (the portable build), each marked function is compiled for x86-64-v4
// (AVX-512), x86-64-v3 (AVX2+FMA) and the baseline, and an ifunc picks one at load time.
#pragma once

#if defined(KERNEL_MULTIVERSION) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KERNEL_CLONES
#endif
