// HYPERPROP_NATIVE_SIMD forces a micro-kernel path, or the native backend refuses to load: a
// typo or a level the CPU lacks never runs another path under the forced name.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PROBE = new URL('../../fixtures/native-simd-probe.mjs', import.meta.url).pathname;

function probe(simd: string): { simd?: string; error?: string } {
  const run = spawnSync(process.execPath, [PROBE], { env: { ...process.env, HYPERPROP_NATIVE_SIMD: simd }, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

// The CPU's best level, from a process where nothing is forced (CI runs this file forced too).
const best = probe('').simd;

describe('HYPERPROP_NATIVE_SIMD', () => {
  it('an unknown level is refused, naming the variable, the rule and the value', () => {
    expect(probe('avx3')).toEqual({
      error: `the native backend is unavailable: HYPERPROP_NATIVE_SIMD must be one of 'avx512', 'avx2', 'generic', got "avx3"`,
    });
  });

  it('forces each level the CPU runs', () => {
    if (!best) return;
    for (const level of ['avx512', 'avx2', 'generic'].slice(['avx512', 'avx2', 'generic'].indexOf(best))) {
      expect(probe(level)).toEqual({ simd: level });
    }
  });

  it('a level above the CPU\'s is refused, not quietly lowered', () => {
    if (!best || best === 'avx512') return;
    const runs = best === 'avx2' ? 'avx2, generic' : 'generic';
    expect(probe('avx512')).toEqual({
      error: `the native backend is unavailable: HYPERPROP_NATIVE_SIMD must name a level this CPU runs (${runs}), got "avx512"`,
    });
  });
});
