// A hyperprop column for the peers' benchmark harness (shared anchors: OpenBLAS, PyTorch,
// tfjs), so ratios come from one run on one machine state. Usage, as the harness calls it:
//   node --import tsx bench/anchor-worker.ts <native|wasm|js> <task.json>
// It answers the sgemm, train, infer and check benches (MLP benches through MLP.trainOnBatch and
// MLP.predictInto, from the check bench's shared start weights) and prints one
// `@@RESULT@@ {json}` line in the harness's result format (perf/src/spec.ts).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../src/backend/registry.ts';
import type { BackendName } from '../src/backend/backend.ts';
import { buildModel, makeDataset, trainLoop, uniformArray as plainUniformArray, type MlpWorkload } from './train-workloads.ts';

interface Timing {
  warmupMs: number;
  trialMs: number;
  trials: number;
  minTrials: number;
  budgetMs: number;
  latencyMs: number;
  maxLatencyCalls: number;
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
interface Task {
  bench: 'sgemm' | 'train' | 'infer' | 'check';
  seed: number;
  /** The harness's requested compute threads (NAME:T in --add); info.threads says what ran. */
  threads?: number;
  timing: Timing;
  sgemm?: SgemmCase[];
  train?: MlpWorkload[];
  infer?: { workload: MlpWorkload; latencyBatch: number; throughputBatch: number };
  check?: { workload: MlpWorkload; steps: number };
}
const task = JSON.parse(readFileSync(taskPath, 'utf8')) as Task;
const backend = createBackend(backendName as BackendName);
// The native GEMM splits products across its thread pool; wasm and js run one thread whatever is asked.
backend.setThreads(task.threads ?? 1);

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

/** Single-call latencies (ms) for up to t.latencyMs, after >= `warm` calls and t.warmupMs of warm-up. */
function latencies(fn: () => void, t: Timing, warm = 50): number[] {
  const w0 = performance.now();
  for (let i = 0; i < warm || performance.now() - w0 < t.warmupMs; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < t.maxLatencyCalls && (times.length < 20 || performance.now() - start < t.latencyMs)) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  return times;
}

/** The harness's quantile (linear interpolation) and median. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);
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
if (task.bench === 'train') {
  out.train = (task.train ?? []).map((w) => {
    const model = buildModel(w, backend, task.seed);
    const { step, state } = trainLoop(model, w, makeDataset(w, task.seed));
    const r = measure(step, task.timing); // its first (untimed) call is step 1
    const sps = r.msPerCall.map((ms) => (w.batch / ms) * 1000);
    return {
      name: w.name, samplesPerSec: median(sps), msPerStep: median(r.msPerCall), trials: sps.length, stepsPerTrial: r.iters,
      samplesSps: sps, lossFirst: state.lossFirst, lossLast: state.loss, steps: state.steps, method: 'MLP.trainOnBatch (Float32Array x, Int32Array labels)',
    };
  });
}

if (task.bench === 'infer') {
  const { workload: w, latencyBatch, throughputBatch } = task.infer!;
  const model = buildModel(w, backend, task.seed);
  const nIn = w.layers[0]!;
  const nc = w.layers[w.layers.length - 1]!;
  const xs = plainUniformArray(task.seed, throughputBatch * nIn);
  const rowsX = Array.from({ length: throughputBatch / latencyBatch }, (_, r) => xs.subarray(r * latencyBatch * nIn, (r + 1) * latencyBatch * nIn));
  const one = new Float32Array(latencyBatch * nc);
  const sink = new Float32Array(throughputBatch * nc);
  let q = 0;
  // batch 1: a different row each call, the outputs written into the caller's array
  const lat = latencies(() => model.predictInto(rowsX[q++ % rowsX.length]!, one), task.timing);
  const r = measure(() => model.predictInto(xs, sink), task.timing);
  const sps = r.msPerCall.map((ms) => (throughputBatch / ms) * 1000);
  out.infer = {
    name: w.name, latencyBatch, latencyMedianUs: median(lat) * 1000, latencyP10Us: quantile(lat, 0.1) * 1000, latencyP90Us: quantile(lat, 0.9) * 1000,
    latencyCalls: lat.length, throughputBatch, throughputSps: median(sps), throughputSamplesSps: sps,
  };
}

if (task.bench === 'check') {
  const { workload: w, steps } = task.check!;
  const model = buildModel(w, backend, task.seed);
  const { step, state } = trainLoop(model, w, makeDataset(w, task.seed));
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    step(); // the loss of the batch before this step's update
    losses.push(state.loss);
  }
  out.check = { name: w.name, losses };
}

out.rss = { baseMB, peakMB: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`@@RESULT@@ ${JSON.stringify(out)}\n`);
