// One core's FP32 ceiling, measured on this machine: the denominator of every "percent of peak"
// the benchmarks print, so each figure shows its distance to the physical limit. Measured in
// the native addon (independent register-only FMAs on the CPU's widest vectors), because no
// other backend can reach it: WASM SIMD128 has no fused multiply-add, and JavaScript no vectors.
import { rangeError, typeError } from '../../errors.ts';
import { loadNativeAddon } from './native-backend.ts';

export interface FmaPeak {
  /** FP32 GFLOP/s of one thread: an FMA counts as two operations. */
  gflops: number;
  /**
   * GFLOP/s of the native GEMM's micro-kernel on one register tile whose operands stay in L1:
   * what a matrix product can reach at most here, loads and all (below `gflops`).
   */
  microKernelGflops: number;
  /** Milliseconds each measurement ran. */
  milliseconds: number;
}

/** Above this a start-up measurement is no longer short; the addon clamps to the same bound. */
const MAX_MILLISECONDS = 10_000;

/**
 * Measures the peak, then the micro-kernel's ceiling, for about `milliseconds` each (default
 * 200): the best of many ~1 ms repeats on the calling thread, so a busy machine lowers them only
 * when no repeat ran whole. Undefined when the native addon does not load here.
 */
export function measureFmaPeak(milliseconds = 200): FmaPeak | undefined {
  if (typeof milliseconds !== 'number') throw typeError('measureFmaPeak: milliseconds', 'a number', milliseconds);
  if (!(Number.isInteger(milliseconds) && milliseconds >= 1 && milliseconds <= MAX_MILLISECONDS)) {
    throw rangeError('measureFmaPeak: milliseconds', `an integer from 1 to ${MAX_MILLISECONDS}`, milliseconds);
  }
  let addon;
  try {
    addon = loadNativeAddon();
  } catch {
    return undefined;
  }
  return { gflops: addon.fmaPeakGflops(milliseconds), microKernelGflops: addon.microKernelGflops(milliseconds), milliseconds };
}

/** `gflops` as a percentage of the peak, for tables: "89%", or "" without a peak or a finite figure. */
export function percentOfPeak(gflops: number | null | undefined, peak: FmaPeak | undefined): string {
  if (peak === undefined || gflops === null || gflops === undefined || !Number.isFinite(gflops)) return '';
  return `${Math.round((100 * gflops) / peak.gflops)}%`;
}
