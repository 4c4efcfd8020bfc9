// Every native GEMM micro-kernel the machine can run (chosen at load; HYPERPROP_NATIVE_SIMD
// forces a lower one), and the intra-op threaded path, checked against a float64 reference in
// a fresh process each: the dispatch happens once, when the addon loads.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadNativeAddon } from '../../src/backend/native/native-backend.ts';
import { referenceEntry as fixtureReference } from '../fixtures/native-gemm-check.mjs';
import { BACKENDS } from './backends.ts';
import { referenceEntry } from './gemm-reference.ts';

const CHECK = new URL('../fixtures/native-gemm-check.mjs', import.meta.url).pathname;
const native = BACKENDS.find((b) => b.name === 'native')!.backend;
const best = native?.simdLevel();
const LEVELS = ['avx512', 'avx2', 'generic'];
const runnable = best ? LEVELS.slice(LEVELS.indexOf(best)) : [];

/** One process per micro-kernel (chosen at load); the thread counts run one after the other in it. */
function check(simd: string, threads: number[]) {
  const run = spawnSync(process.execPath, [CHECK, threads.join(',')], {
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

  it("the check process's JavaScript copy of the float64 reference is gemm-reference.ts's", () => {
    const random = (length: number, seed: number) => Float32Array.from({ length }, (_, i) => Math.sin(i * 1.7 + seed) * 3);
    for (const [m, n, k] of [[1, 1, 1], [5, 7, 3], [4, 9, 300]] as const) {
      const [a, b, c0] = [random(m * k, 1), random(k * n, 2), random(m * n, 3)];
      for (const [transA, transB, beta] of [[false, false, 0], [true, false, 2], [false, true, -1], [true, true, 0.5]] as const) {
        const shape = { transA, transB, m, n, k, alpha: 0.7, beta };
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(fixtureReference(shape, a, b, c0, i, j)).toEqual(referenceEntry(shape, a, b, c0, i, j));
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
