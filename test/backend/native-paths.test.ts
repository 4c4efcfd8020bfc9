// Every native GEMM micro-kernel the machine can run (chosen at load; HYPERPROP_NATIVE_SIMD
// forces a lower one), and the intra-op threaded path, checked against a float64 reference in
// a fresh process each: the dispatch happens once, when the addon loads.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadNativeAddon } from '../../src/backend/native/native-backend.ts';
import { BACKENDS } from './backends.ts';

const CHECK = new URL('../fixtures/native-gemm-check.ts', import.meta.url).pathname;
const native = BACKENDS.find((b) => b.name === 'native')!.backend;
const best = native?.simdLevel();
const LEVELS = ['avx512', 'avx2', 'generic'];
const runnable = best ? LEVELS.slice(LEVELS.indexOf(best)) : [];

/** One process per micro-kernel (chosen at load); the thread counts run one after the other in it. */
function check(simd: string, threads: number[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHECK, threads.join(',')], {
    env: { ...process.env, HYPERPROP_NATIVE_SIMD: simd },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { simd: string; threads: number; checked: number; failures: number }[];
}

describe('native GEMM paths', () => {
  it('the micro-kernels below the best one are reachable where native loads', () => {
    if (native) expect(runnable.length).toBeGreaterThanOrEqual(1);
    else expect(runnable).toEqual([]);
  });

  it('native arrays start on a 64-byte boundary', () => {
    if (!native) return;
    const addon = loadNativeAddon();
    for (const length of [0, 1, 5, 1000, 300_000]) {
      for (const array of [native.allocate(length), native.allocateInt32(length), native.allocateUint32(length)]) {
        expect(array.length).toBe(length);
        expect(array.byteOffset).toBe(addon.alignmentOffset(array.buffer as ArrayBuffer));
        expect(array.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it.each(runnable.map((simd) => [simd]))('%s micro-kernel matches the float64 reference, on 1 and 2 threads', (simd) => {
    const results = check(simd, [1, 2]);
    expect(results).toHaveLength(2);
    for (const [i, threads] of [1, 2].entries()) {
      expect(results[i]).toMatchObject({ simd, threads, failures: 0 });
      expect(results[i]!.checked).toBeGreaterThan(1000);
    }
  }, 120_000);
});
