// The native backend: the C++ Node-API addon, prebuilt in the package or built from source at
// install. It computes directly on any Float32Array's memory (byteOffset respected), so nothing
// is copied.
import { createRequire } from 'node:module';
import type { NativeAddon } from '../compiled-kernels.ts';
import { CheckedBackend, type KernelProvider } from '../checked-backend.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { KERNEL_NAMES } from '../kernel-abi.ts';
import { checkForcedSimd, forcedSimdLevel } from './forced-simd.ts';
import { nativeLoadFailure, nativeOutOfDate } from './load-failure.ts';

const require = createRequire(import.meta.url);

/** The addon's kernels plus what only the native backend needs. */
export interface NativeModule extends NativeAddon {
  /** Bytes from the start of `buffer` to its first 64-byte boundary. */
  alignmentOffset(buffer: ArrayBuffer): number;
  /** One core's FP32 GFLOP/s in an FMA loop of about `milliseconds` (see fma-peak.ts). */
  fmaPeakGflops(milliseconds: number): number;
  /** GFLOP/s of the GEMM micro-kernel on one tile of operands in L1, timed as fmaPeakGflops. */
  microKernelGflops(milliseconds: number): number;
}

/**
 * Every native array starts on a 64-byte boundary (a cache line, one AVX-512 vector). Backing
 * stores of ArrayBuffers never move, so the offset found once holds for the array's life. The
 * batch-1 dot products then load whole lines of the weights (M's batch-1 predictInto: 9.1 µs with
 * the weights 16 bytes past a line, 8.7 µs aligned, medians of alternating runs).
 */
const ALIGNMENT = 64;

function alignedArray<T>(addon: NativeModule, kind: new (buffer: ArrayBuffer, byteOffset: number, length: number) => T, length: number): T {
  const buffer = new ArrayBuffer(length * 4 + ALIGNMENT);
  return new kind(buffer, addon.alignmentOffset(buffer), length);
}

/**
 * Loads the addon: from HYPERPROP_NATIVE_ADDON when set (a custom build, or a missing file to
 * force the fallback), otherwise from build/Release (built from source) or the package's prebuilds/.
 */
export function loadNativeAddon(root: string = PACKAGE_ROOT): NativeModule {
  const override = process.env.HYPERPROP_NATIVE_ADDON;
  const forced = forcedSimdLevel();
  let addon: NativeModule;
  try {
    addon = override ? require(override) : require('node-gyp-build')(root);
  } catch (error) {
    throw new Error(nativeLoadFailure(error, root, override));
  }
  const missing = [...KERNEL_NAMES, 'alignmentOffset', 'fmaPeakGflops', 'microKernelGflops'].filter((name) => typeof (addon as unknown as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) throw new Error(nativeOutOfDate(missing));
  checkForcedSimd(forced, addon.simdLevel());
  return addon;
}

/** The addon's kernels and aligned memory, unchecked (the raw parity test calls them directly). */
export function createNativeProvider(): KernelProvider {
  const addon = loadNativeAddon();
  return {
    name: 'native',
    kernels: addon,
    allocate: (length) => alignedArray(addon, Float32Array, length),
    allocateInt32: (length) => alignedArray(addon, Int32Array, length),
    allocateUint32: (length) => alignedArray(addon, Uint32Array, length),
    release: () => {},
    allocateScalarBlock: (length) => new Float64Array(length),
  };
}

export function createNativeBackend(): CheckedBackend {
  return new CheckedBackend(createNativeProvider());
}
