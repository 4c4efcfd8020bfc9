// The unchecked ABI of the compiled backends. Arguments arrive here already validated by
// checked-backend.ts: sizes are non-negative integers, arrays are long enough, codes are
// known. The C++ addon takes typed arrays; the WASM module takes byte offsets into its memory.
// Every kernel, its arguments and its scalar slots are declared once in kernel-table.ts, and
// the signatures below (kernel-abi.ts), the WASM adapter and the C++ unpacking are generated
// from it.
//
// Floating-point scalars travel in `s`, a small Float64Array (the scalar block) that the
// caller owns and reuses, and floating-point results come back in their result slot. Passing
// doubles as arguments or return values would box each one in a fresh heap number at the
// JS/C++ boundary: the block keeps every kernel call allocation-free. Integers and flags stay
// plain arguments. Optimizer scalars that involve pow/sqrt of step counts are computed once in
// TypeScript (see optimizer-scalars.ts) so the three languages apply the same coefficients.
import type { KernelAbi, WasmKernelExports } from './kernel-abi.ts';

export type { KernelAbi } from './kernel-abi.ts';
export { SCALAR_BLOCK_LENGTH } from './kernel-table.ts';

/** The kernels plus the addon's thread and SIMD controls (the WASM and JS backends answer them too). */
export interface NativeAddon extends KernelAbi {
  setThreads(threads: number): void;
  getThreads(): number;
  /** The micro-kernel chosen at load time: 'avx512', 'avx2' or 'generic'. */
  simdLevel(): string;
}

/** WASM exports (assembly/index.ts): the kernels on byte offsets, plus heapBase(): the first byte the JS arena may use. */
export type WasmExports = WasmKernelExports & { heapBase(): number };
