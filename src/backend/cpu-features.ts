// The CPU's SIMD level, for backendInfo() and benchmark reports.
import { readFileSync } from 'node:fs';
import { arch } from 'node:os';

export type SimdLevel = 'avx512' | 'avx2' | 'sse4.2' | 'neon' | 'unknown';

export function cpuSimdLevel(): SimdLevel {
  if (arch() === 'arm64') return 'neon';
  try {
    const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? []);
    if (flags.has('avx512f')) return 'avx512';
    if (flags.has('avx2') && flags.has('fma')) return 'avx2';
    if (flags.has('sse4_2')) return 'sse4.2';
  } catch {
    // Not Linux: the native addon's own dispatch result is reported instead.
  }
  return 'unknown';
}
