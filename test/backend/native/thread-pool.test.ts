// The native GEMM's intra-op thread pool (native/src/thread_pool.cc): every thread count gives the
// single thread's result bit for bit (the bands split C, never k), the pool survives hundreds of
// back-to-back calls of mixed sizes, and each JS thread's addon instance has a pool of its own
// that is joined when that thread exits. (Bands are capped at the usable cores: on two cores,
// 3 threads run as 2 bands; test/backend/native-paths.test.ts checks the band edges against a
// float64 reference.)
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.ts';
import { createBackend } from '../../../src/backend/registry.ts';
import { sameBits } from '../../fixtures/same-bits.ts';
import { BACKENDS, REQUIRE_ALL } from '../backends.ts';

const nativeLoads = BACKENDS.some((b) => b.name === 'native' && b.backend !== undefined);

/** [m, n, k]: past the 1M multiply-adds a band needs (native/src/gemm.cc) many times over, tall, wide and odd. */
const SHAPES: [number, number, number][] = [
  [256, 256, 256],
  [1024, 64, 784],
  [64, 1024, 300],
  [333, 257, 129],
  [128, 256, 784],
];

const inputs = new Map<string, { a: Float32Array; b: Float32Array; c: Float32Array }>();

/** beta·C + alpha·op(A)·op(B) on fixed inputs of the shape (made once: filling them costs more than the product). */
function product(backend: Backend, [m, n, k]: [number, number, number], transA: boolean, transB: boolean): Float32Array {
  const key = `${m} ${n} ${k}`;
  let x = inputs.get(key);
  if (!x) {
    x = {
      a: Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37)),
      b: Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11)),
      c: Float32Array.from({ length: m * n }, (_, i) => (i % 7) - 3),
    };
    inputs.set(key, x);
  }
  const c = x.c.slice();
  backend.gemm(transA, transB, m, n, k, 0.5, x.a, x.b, 0.25, c);
  return c;
}


describe.runIf(nativeLoads || REQUIRE_ALL)('the native thread pool', () => {
  it('gives the single thread result bit for bit, at any thread count and transposition', () => {
    const backend = createBackend('native');
    try {
      for (const shape of SHAPES) {
        for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          backend.setThreads(1);
          const one = product(backend, shape, transA, transB);
          for (const threads of [2, 3]) {
            backend.setThreads(threads);
            expect(sameBits(product(backend, shape, transA, transB), one), `${shape} transA ${transA} transB ${transB}, ${threads} threads`).toBe(true);
          }
        }
      }
    } finally {
      backend.setThreads(1);
    }
  });

  it('keeps up with hundreds of back-to-back calls of mixed sizes (each one reusing the pool)', () => {
    const backend = createBackend('native');
    const big = SHAPES[0]!;
    const small: [number, number, number] = [8, 16, 32];
    backend.setThreads(1);
    const [bigOne, smallOne] = [product(backend, big, false, true), product(backend, small, false, true)];
    backend.setThreads(2);
    try {
      // 400 calls: a job whose generation counter or part claims went wrong shows as a hang
      // (the caller waits for a part nobody runs) or as a band computed twice or not at all.
      let mismatches = 0;
      for (let i = 0; i < 200; i++) {
        if (!sameBits(product(backend, big, false, true), bigOne)) mismatches++;
        if (!sameBits(product(backend, small, false, true), smallOne)) mismatches++;
      }
      expect(mismatches).toBe(0);
    } finally {
      backend.setThreads(1);
    }
  });

  it('runs the element-wise kernels in bands that give the single thread result bit for bit', () => {
    const backend = createBackend('native');
    // Two bands of 16-float multiples and a tail that is not one: n past 2 × 32,768 (banded.h).
    const n = 100_003;
    const values = (seed: number, positive = false) => Float32Array.from({ length: n }, (_, i) => (positive ? 0.01 + Math.abs(Math.sin(i * 0.13 + seed)) : Math.sin(i * 0.13 + seed)));
    /** Every banded kernel of the table, each on fresh copies of the same inputs; the arrays it wrote. */
    const runAll = (): Float32Array[] => {
      const out: Float32Array[] = [];
      const p = values(1), g = values(2), z = values(3), a = new Float32Array(n), dZ = new Float32Array(n);
      const adam = { expAvg: values(4), expAvgSq: values(5, true) };
      backend.adamStep(p, g, adam, { lr: 1e-3, weightDecay: 0.01, decoupled: true }, 3);
      const sgd = { momentumBuffer: values(6) };
      const q = values(1);
      backend.sgdStep(q, g, sgd, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }, 2);
      const r = values(1);
      const rms = { squareAvg: values(7, true), momentumBuffer: values(8), gradAvg: values(9) };
      backend.rmspropStep(r, g, rms, { lr: 0.01, momentum: 0.5, centered: true }, 2);
      const ada = { sum: values(10, true) };
      const t = values(1);
      backend.adagradStep(t, g, ada, { lr: 0.1 }, 2);
      backend.activationForward('elu', n, z, a, 1);
      backend.activationBackward('tanh', n, z, a, g, dZ);
      const m = new Float32Array(n);
      backend.multiply(n, z, g, m);
      const y = values(11);
      backend.axpy(n, 0.5, z, y);
      const c = values(12);
      backend.clipByValue(n, c, 0.5);
      out.push(p, adam.expAvg, adam.expAvgSq, q, sgd.momentumBuffer, r, rms.squareAvg, rms.momentumBuffer, rms.gradAvg, t, ada.sum, a, dZ, m, y, c);
      return out;
    };
    try {
      backend.setThreads(1);
      const one = runAll();
      backend.setThreads(2);
      const two = runAll();
      expect(two.map((x, i) => sameBits(x, one[i]!))).toEqual(one.map(() => true));
    } finally {
      backend.setThreads(1);
    }
  });

  it('gives each worker thread a pool of its own, joined when the thread exits', async () => {
    const shapes = SHAPES.slice(0, 2);
    const run = (threads: number) =>
      new Promise<number[]>((resolve, reject) => {
        const worker = new Worker(new URL('../../fixtures/thread-pool-worker.mjs', import.meta.url), { workerData: { threads, shapes } });
        let sums: number[] | undefined;
        worker.once('message', (message: number[]) => (sums = message));
        worker.once('error', reject);
        worker.once('exit', (code) => (code === 0 && sums ? resolve(sums) : reject(new Error(`worker exited with ${code}`))));
      });
    // Three at once, two with pools: pools in several instances at the same time.
    const [single, ...pooled] = await Promise.all([run(1), run(2), run(3)]);
    for (const sums of pooled) expect(sums).toEqual(single);
  });
});

