{
  # Portable build: the GEMM micro-kernels of each ISA are static libraries compiled with that
  # ISA's flags and picked at load time (__builtin_cpu_supports); element-wise kernels use
  # GCC target_clones (KERNEL_MULTIVERSION). `-Dkernel_native=true` builds for this CPU only.
  "variables": {
    "kernel_native%": "false",
    "hyperprop_cflags": ["-O3", "-std=c++17", "-fno-math-errno", "-fPIC"],
  },
  "target_defaults": {
    "include_dirs": ["native/include"],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
    "cflags_cc": ["<@(hyperprop_cflags)"],
    "conditions": [
      ["target_arch=='x64'", { "defines": ["HYPERPROP_HAVE_X86_KERNELS"] }],
      # Binds libm calls to symbol versions every glibc since 2.28 exports (see the header).
      ["OS=='linux'", { "cflags_cc": ["-include", "glibc_compat.h"] }],
    ],
  },
  "targets": [
    {
      "target_name": "hyperprop",
      "sources": [
        "native/binding/addon.cc",
        "native/src/activations.cc",
        "native/src/dense.cc",
        "native/src/dense_stack.cc",
        "native/src/elementwise.cc",
        "native/src/fma_peak.cc",
        "native/src/gemm.cc",
        "native/src/gemm_microkernel_generic.cc",
        "native/src/gemm_reference.cc",
        "native/src/losses.cc",
        "native/src/normalization.cc",
        "native/src/optimizers.cc",
        "native/src/random.cc",
        "native/src/reductions.cc",
        "native/src/thread_pool.cc",
      ],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "conditions": [
        ["target_arch=='x64'", { "dependencies": ["gemm_avx2", "gemm_avx512"] }],
        ["kernel_native=='true'", { "cflags_cc": ["-march=native"] }, { "defines": ["KERNEL_MULTIVERSION"] }],
      ],
    },
  ],
  # The micro-kernels' loops start on a 64-byte line (-falign-loops=64): where the 6×64 tile's
  # k loop fell within its line moved with every edit to the file, and M's inference at batch 64
  # ran 4% slower on one such build.
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "gemm_avx512",
          "type": "static_library",
          "sources": ["native/src/gemm_microkernel_avx512.cc"],
          "cflags_cc": ["-mavx512f", "-mavx512vl", "-mavx512dq", "-mavx2", "-mfma", "-falign-loops=64"],
        },
        {
          "target_name": "gemm_avx2",
          "type": "static_library",
          "sources": ["native/src/gemm_microkernel_avx2.cc"],
          "cflags_cc": ["-mavx2", "-mfma", "-falign-loops=64"],
        },
      ],
    }],
  ],
}
