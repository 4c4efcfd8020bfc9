// The measured FP32 peak as the benchmarks print it: measured once at start-up, before anything
// else of ours runs on the core, then every speed beside its percentage of it (a table cell, a
// JSON field) and the start-up line that says what the percentages divide by.
import { measureFmaPeak, percentOfPeak, type FmaPeak } from '../src/backend/native/fma-peak.ts';

export interface PeakColumns {
  peak: FmaPeak | undefined;
  /** The start-up line: the peak, or why there are no percentages. */
  line: string;
  /** A JSON row's { percentOfPeak } for `gflops`; nothing without a peak. */
  field(gflops: number): { percentOfPeak?: number };
  /** A table cell: the figure and its percentage ("210.3  88%"), or the figure alone. */
  cell(figure: string, gflops: number | null | undefined): string;
}

export function measurePeakColumns(quick: boolean): PeakColumns {
  // A quick run measures for 50 ms: the best ~1 ms repeat of fifty is already the ceiling on a quiet core.
  const peak = measureFmaPeak(quick ? 50 : 200);
  return {
    peak,
    line: peak
      ? `FP32 peak of one core, FMA loop at start-up: ${peak.gflops.toFixed(1)} GFLOP/s (100%); the GEMM micro-kernel on operands in L1, its ceiling: ${peak.microKernelGflops.toFixed(1)} GFLOP/s (${percentOfPeak(peak.microKernelGflops, peak)})`
      : 'FP32 peak: not measured (the native addon does not load), so no percentages',
    field: (gflops) => (peak ? { percentOfPeak: (100 * gflops) / peak.gflops } : {}),
    cell(figure, gflops) {
      const percent = percentOfPeak(gflops, peak);
      return percent ? `${figure} ${percent.padStart(4)}` : figure;
    },
  };
}
