// HYPERPROP_NATIVE_SIMD forces the native GEMM micro-kernels down to one path (CI runs the
// parity suite on each). A forced path that the addon cannot take must fail loudly: running
// another path under the name of the one asked for would make those parity runs prove nothing.
import { rangeError } from '../../errors.ts';

export const NATIVE_SIMD_LEVELS = ['avx512', 'avx2', 'generic'] as const;

/** The forced level, or undefined when HYPERPROP_NATIVE_SIMD is unset or empty. */
export function forcedSimdLevel(value = process.env.HYPERPROP_NATIVE_SIMD): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(NATIVE_SIMD_LEVELS as readonly string[]).includes(value)) {
    throw rangeError('HYPERPROP_NATIVE_SIMD', `one of ${NATIVE_SIMD_LEVELS.map((l) => `'${l}'`).join(', ')}`, value);
  }
  return value;
}

/** Throws when the addon runs another level than the one forced (a CPU without it). */
export function checkForcedSimd(forced: string | undefined, active: string): void {
  if (forced !== undefined && forced !== active) {
    throw new RangeError(`HYPERPROP_NATIVE_SIMD must name a level this CPU runs (${NATIVE_SIMD_LEVELS.slice(NATIVE_SIMD_LEVELS.indexOf(active as 'generic')).join(', ')}), got "${forced}"`);
  }
}
