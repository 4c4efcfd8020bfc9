// Force-included into every translation unit of the Linux build (binding.gyp), so that one
// prebuilt binary loads on every glibc from 2.28 on (RHEL 8; Ubuntu 20.04 has 2.31).
// glibc 2.27 and 2.29 gave expf and log new symbol versions when they dropped the SVID error
// handling; a build on a newer glibc binds to those and refuses to load on an older one. The
// old versions are still exported by every later glibc, run the same code there, and differ
// only in setting errno, which the kernels never read (they are built with -fno-math-errno).
// CI checks the symbol versions of the prebuild (scripts/check-glibc-symbols.mjs).
#pragma once

#if defined(__linux__)
#include <features.h>
#if defined(__GLIBC__) && !defined(__clang__)
#if defined(__x86_64__)
__asm__(".symver expf,expf@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver logf,logf@GLIBC_2.2.5");
__asm__(".symver powf,powf@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver expf,expf@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
__asm__(".symver exp,exp@GLIBC_2.17");
__asm__(".symver logf,logf@GLIBC_2.17");
__asm__(".symver powf,powf@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
#endif
#endif
#endif
