// A hyperprop column for the peers' benchmark harness (shared anchors: OpenBLAS, PyTorch,
// tfjs), so ratios come from one run on one machine state. Usage, as the harness calls it:
//   node --import tsx bench/anchor-worker.ts <native|wasm|js> <task.json>
// It answers the sgemm bench (the MLP benches arrive with the training core) and prints one
// `@@RESULT@@ {json}` line in the harness's result format.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../src/backend/registry.ts';
import type { BackendName } from '../src/backend/backend.ts';

interface Timing {
  warmupMs: number;
  trialMs: number;
  trials: number;
  minTrials: number;
  budgetMs: number;
}
interface SgemmCase {
  name: string;
  m: number;
  n: number;
  k: number;
  transA: boolean;
}

const [backendName, taskPath] = process.argv.slice(2);
if (!backendName || !taskPath) throw new Error('usage: anchor-worker.ts <native|wasm|js> <task.json>');
const task = JSON.parse(readFileSync(taskPath, 'utf8')) as { bench: string; seed: number; timing: Timing; sgemm?: SgemmCase[] };
const backend = createBackend(backendName as BackendName);

/** The harness's data: uniform in [-1, 1) from a counter hash, identical in every column. */
function uniformArray(seed: number, length: number): Float32Array {
  const out = backend.allocate(length);
  for (let i = 0; i < length; i++) {
    let x = (i + Math.imul(seed, 0x9e3779b9)) >>> 0;
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d) >>> 0;
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b) >>> 0;
    x ^= x >>> 16;
    out[i] = (x >>> 8) / 8388608 - 1;
  }
  return out;
}

/** Warm up, then timed trials of a fixed call count (the harness's own plan). */
function measure(fn: () => void, t: Timing): { msPerCall: number[]; iters: number } {
  const t0 = performance.now();
  fn();
  const t1 = performance.now();
  let estimate = t1 - t0;
  let n = 0;
  while (performance.now() - t0 < t.warmupMs) {
    fn();
    n++;
  }
  if (n > 0) estimate = (performance.now() - t1) / n;
  const iters = Math.max(1, Math.round(t.trialMs / Math.max(estimate, 1e-6)));
  const fit = Math.floor(t.budgetMs / (iters * Math.max(estimate, 1e-6)));
  const trials = Math.max(t.minTrials, Math.min(t.trials, fit));
  const msPerCall: number[] = [];
  for (let r = 0; r < trials; r++) {
    const start = performance.now();
    for (let i = 0; i < iters; i++) fn();
    msPerCall.push((performance.now() - start) / iters);
  }
  return { msPerCall, iters };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const baseMB = process.memoryUsage().rss / 1048576;
const out: Record<string, unknown> = {
  info: { impl: `hyperprop ${backend.name} backend`, simd: backend.simdLevel(), threads: backend.getThreads(), node: process.version },
};

if (task.bench === 'sgemm') {
  out.sgemm = (task.sgemm ?? []).map((c) => {
    const a = uniformArray(task.seed, c.m * c.k);
    const b = uniformArray(task.seed + 1, c.k * c.n);
    const result = backend.allocate(c.m * c.n);
    const r = measure(() => backend.gemm(c.transA, false, c.m, c.n, c.k, 1, a, b, 0, result), task.timing);
    const gflops = r.msPerCall.map((ms) => (2 * c.m * c.n * c.k) / ms / 1e6);
    let maxAbsErr = 0;
    for (let t = 0; t < 16; t++) {
      const i = (t * 7919 + 1) % c.m;
      const j = (t * 104729 + 3) % c.n;
      let sum = 0;
      for (let p = 0; p < c.k; p++) sum += (c.transA ? a[p * c.m + i]! : a[i * c.k + p]!) * b[p * c.n + j]!;
      maxAbsErr = Math.max(maxAbsErr, Math.abs(sum - result[i * c.n + j]!));
    }
    return { name: c.name, gflops: median(gflops), msPerCall: median(r.msPerCall), trials: gflops.length, itersPerTrial: r.iters, samplesGflops: gflops, maxAbsErr };
  });
}
out.rss = { baseMB, peakMB: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`@@RESULT@@ ${JSON.stringify(out)}\n`);
