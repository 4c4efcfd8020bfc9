// npm run bench:train [-- --json FILE] [--quick] [--backends native,wasm,js] [--workloads S,M,L] [--threads 1,2]
// Steady-state MLP training throughput (Adam lr 1e-3, softmax cross-entropy, ReLU, the peers'
// synthetic data and start weights, batches cycled), inference on workload M (batch-1 median
// latency, batch-1024 throughput) and peak RSS while training M (a fresh child process per
// backend), one thread, tinybench. REFERENCE.md's peer figures are printed beside ours; they come
// from the reference machine, so the ratios that matter come from the peers' harness run side by
// side (bench/anchor-worker.ts, see bench/README.md). Every speed is also a percentage of this
// machine's FP32 peak on one core, measured at start-up (measureFmaPeak), from the FLOP a row
// costs (trainFlopsPerSample, inferFlopsPerSample). `--threads 1,2` adds a native column per
// count above 1 (native-2t: the same model on a backend set to 2 threads) and its ratio to one
// thread, measured in the same run with the thread columns taking turns (timeColumns).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import type { Backend, BackendName } from '../src/backend/backend.ts';
import { backendInfo, createBackend } from '../src/backend/registry.ts';
import { compileBench } from './compile-bench.ts';
import { measurePeakColumns } from './peak-columns.ts';
import { buildModel, HARNESS_SEED, inferFlopsPerSample, makeDataset, REFERENCE, trainFlopsPerSample, trainLoop, uniformArray, WORKLOADS, type MlpWorkload } from './train-workloads.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    backends: { type: 'string', default: 'native,wasm,js' },
    workloads: { type: 'string', default: 'S,M,L' },
    time: { type: 'string', default: '1000' },
    threads: { type: 'string', default: '1' },
  },
});

interface Row {
  bench: 'train' | 'infer-latency' | 'infer-throughput' | 'peak-rss';
  backend: string;
  workload: string;
  batch?: number;
  samplesPerSec?: number;
  latencyUs?: number;
  peakRssMB?: number;
  baseRssMB?: number;
  vmHwmMB?: number;
  msPerCall?: number;
  samples?: number;
  lossFirst?: number;
  lossLast?: number;
  /** The speed as GFLOP/s, and that as a percentage of the measured peak (when there is one). */
  gflops?: number;
  percentOfPeak?: number;
}

const timeMs = args.quick ? Math.min(Number(args.time), 300) : Number(args.time);
/** A cell whose call takes longer than this is slow: a few iterations, no timed warm-up. */
const SLOW_MS = 40;
const workloads = args.workloads!.split(',').map((n) => {
  const w = WORKLOADS[n as keyof typeof WORKLOADS];
  if (!w) throw new Error(`unknown workload ${n}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  return w;
});
/**
 * A column: `name` is the backend's, or native-<t>t for native on t threads (`kind` then native).
 * The thread count belongs to the addon instance of this JS thread, which every native backend
 * here shares, so each bench sets its column's count before it runs.
 */
const backends: { name: string; kind: BackendName; backend: Backend; threads: number }[] = [];
const threadCounts = args.threads!.split(',').map(Number);
for (const t of threadCounts) if (!Number.isSafeInteger(t) || t < 1) throw new RangeError(`--threads must list positive integers, got ${args.threads}`);
for (const kind of args.backends!.split(',') as BackendName[]) {
  try {
    const backend = createBackend(kind);
    backends.push({ name: kind, kind, backend, threads: 1 });
    if (kind !== 'native') continue;
    for (const t of threadCounts.filter((t) => t > 1)) backends.push({ name: `native-${t}t`, kind, backend, threads: t });
  } catch (error) {
    console.log(`skipping ${kind}: ${(error as Error).message}`);
  }
}

/** tinybench on one task; the median call time (ms) and the sample count. Slow calls get a bounded run. */
async function timeTask(name: string, fn: () => void, timeMs: number): Promise<{ p50: number; samples: number }> {
  const t0 = performance.now();
  fn(); // first call: workspaces, JIT
  const t1 = performance.now();
  fn(); // the estimate
  const estimate = Math.min(performance.now() - t1, t1 - t0);
  const slow = estimate > SLOW_MS;
  const bench = slow
    ? new Bench({ time: 0, iterations: args.quick ? 2 : Math.max(2, Math.min(10, Math.round((4 * timeMs) / estimate))), warmupTime: 0, warmupIterations: 1 })
    : new Bench({ time: timeMs, iterations: 10, warmupTime: Math.min(timeMs / 2, 300), warmupIterations: 10 });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result as unknown as { latency?: { p50: number; samplesCount: number } };
  if (!result.latency) throw new Error(`benchmark ${name} failed: ${JSON.stringify(result)}`);
  return { p50: result.latency.p50, samples: result.latency.samplesCount };
}

const rows: Row[] = [];

// Before any model runs, while the core is cool and nothing else of ours is on it.
const peak = measurePeakColumns(args.quick!);

/** The speed fields of a row that runs `samplesPerSec` rows of `flopsPerSample` each. */
function speed(samplesPerSec: number, flopsPerSample: number): { gflops: number; percentOfPeak?: number } {
  const gflops = (samplesPerSec * flopsPerSample) / 1e9;
  return { gflops, ...peak.field(gflops) };
}

/** A column's bench: `fn` runs one call with the column's backend set to its thread count. */
interface ColumnTask {
  name: string;
  backend: Backend;
  threads: number;
  fn: () => void;
}

/**
 * Native columns that differ only in threads take turns (1t, 2t, 1t, 2t, …: ROUNDS rounds of a
 * third of the time each), and each figure is the median of its rounds: the ratio between them
 * then does not depend on which ran while the machine was busier. Other columns run once.
 */
const ROUNDS = args.quick ? 1 : 3;
async function timeColumns(label: string, tasks: ColumnTask[]): Promise<Map<string, { p50: number; samples: number }>> {
  const turns = tasks.filter((t) => t.backend.name === 'native');
  const rounds = turns.length > 1 ? ROUNDS : 1;
  const p50s = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  const samples = new Map<string, number>(tasks.map((t) => [t.name, 0]));
  const time = async (t: ColumnTask, ms: number): Promise<void> => {
    t.backend.setThreads(t.threads);
    const result = await timeTask(`${label} ${t.name}`, t.fn, ms);
    p50s.get(t.name)!.push(result.p50);
    samples.set(t.name, samples.get(t.name)! + result.samples);
  };
  for (const t of tasks) if (!turns.includes(t) || rounds === 1) await time(t, timeMs);
  for (let r = 0; r < rounds && rounds > 1; r++) for (const t of turns) await time(t, timeMs / rounds);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return new Map(tasks.map((t) => [t.name, { p50: median(p50s.get(t.name)!), samples: samples.get(t.name)! }]));
}

async function benchTrain(w: MlpWorkload): Promise<void> {
  const states = new Map<string, { lossFirst: number; loss: number }>();
  const tasks = backends.map(({ name, backend, threads }) => {
    backend.setThreads(threads);
    const model = buildModel(w, backend, HARNESS_SEED);
    const { step, state } = trainLoop(model, w, makeDataset(w, HARNESS_SEED));
    states.set(name, state);
    return { name, backend, threads, fn: step };
  });
  const timed = await timeColumns(`train ${w.name}`, tasks);
  for (const { name } of tasks) {
    const { p50, samples } = timed.get(name)!;
    const state = states.get(name)!;
    const samplesPerSec = (w.batch / p50) * 1000;
    rows.push({ bench: 'train', backend: name, workload: w.name, batch: w.batch, samplesPerSec, msPerCall: p50, samples, lossFirst: state.lossFirst, lossLast: state.loss, ...speed(samplesPerSec, trainFlopsPerSample(w)) });
    process.stdout.write(`  train ${w.name} ${name.padEnd(9)} ${fmt(samplesPerSec).padStart(10)} samples/s (${samples} samples)\n`);
  }
}

async function benchInfer(): Promise<void> {
  const w = WORKLOADS.M;
  const nIn = w.layers[0]!;
  const nc = w.layers[w.layers.length - 1]!;
  const latency: ColumnTask[] = [];
  const throughput: ColumnTask[] = [];
  for (const { name, backend, threads } of backends) {
    backend.setThreads(threads);
    const model = buildModel(w, backend, HARNESS_SEED);
    const xs = uniformArray(HARNESS_SEED, 1024 * nIn);
    const single = Array.from({ length: 1024 }, (_, r) => xs.subarray(r * nIn, (r + 1) * nIn));
    const one = new Float32Array(nc);
    const sink = new Float32Array(1024 * nc);
    let q = 0;
    latency.push({ name, backend, threads, fn: () => model.predictInto(single[q++ & 1023]!, one) });
    throughput.push({ name, backend, threads, fn: () => model.predictInto(xs, sink) });
  }
  const lats = await timeColumns('infer M batch 1', latency);
  const thrs = await timeColumns('infer M batch 1024', throughput);
  for (const { name } of backends) {
    const lat = lats.get(name)!;
    const thr = thrs.get(name)!;
    rows.push({ bench: 'infer-latency', backend: name, workload: 'M', batch: 1, latencyUs: lat.p50 * 1000, msPerCall: lat.p50, samples: lat.samples, ...speed(1000 / lat.p50, inferFlopsPerSample(w)) });
    rows.push({ bench: 'infer-throughput', backend: name, workload: 'M', batch: 1024, samplesPerSec: (1024 / thr.p50) * 1000, msPerCall: thr.p50, samples: thr.samples, ...speed((1024 / thr.p50) * 1000, inferFlopsPerSample(w)) });
    process.stdout.write(`  infer M ${name.padEnd(9)} batch 1 ${(lat.p50 * 1000).toFixed(1)} µs, batch 1024 ${fmt((1024 / thr.p50) * 1000)} samples/s\n`);
  }
}

/**
 * The peak-RSS child: bench/train-rss.ts compiled to plain JavaScript (bench/compile-bench.ts) and
 * run by plain node, so tsx's loader is not counted; tsx itself (this process's Node flags) if
 * compiling fails.
 */
async function rssCommand(): Promise<{ args: string[]; loader: string; dir?: string }> {
  try {
    const dir = await compileBench(undefined, ['bench/train-rss.ts']);
    return { args: [join(dir, 'bench', 'train-rss.js')], loader: 'plain node on a tsc build (bench/compile-bench.ts)', dir };
  } catch (error) {
    console.log(`compiling the RSS child failed, measuring it under tsx: ${(error as Error).message.split('\n')[0]}`);
    return { args: [...process.execArgv, fileURLToPath(new URL('./train-rss.ts', import.meta.url))], loader: 'tsx (its loader adds ~30 MB)' };
  }
}

/** Peak RSS while training M, in a fresh child process per backend. */
function benchRss(name: string, command: string[]): void {
  const argv = [process.execPath, ...command, name, args.quick ? '0.5' : '1.5'];
  // Through sh, which forks node from a small process: Linux keeps ru_maxrss across fork + exec, so
  // node spawned straight from this (large) process would report this process's RSS as its peak.
  const child = process.platform === 'win32'
    ? spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' })
    : spawnSync('/bin/sh', ['-c', '"$@"; exit $?', 'sh', ...argv], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const r = JSON.parse(line) as { baseMB: number; peakMB: number; hwmMB: number };
    rows.push({ bench: 'peak-rss', backend: name, workload: 'M', peakRssMB: r.peakMB, baseRssMB: r.baseMB, vmHwmMB: r.hwmMB });
    process.stdout.write(`  peak RSS training M ${name.padEnd(6)} ${r.peakMB.toFixed(1)} MB (VmHWM ${r.hwmMB.toFixed(1)} MB; after imports ${r.baseMB.toFixed(1)} MB)\n`);
  } catch {
    console.log(`peak RSS child for ${name} failed (exit ${child.status}): ${child.stderr.slice(-800)}`);
  }
}

function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(digits);
}
const pad = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : '-');
/** A row's figure with its percentage of the peak: "137,000  59%". */
const withPercent = (figure: string, row: Row | undefined) => peak.cell(figure, row?.gflops);

function printTables(): void {
  const names = backends.map((b) => b.name);
  const get = (bench: Row['bench'], backend: string, workload: string) => rows.find((r) => r.bench === bench && r.backend === backend && r.workload === workload);
  const refHead = [pad('torch-1t*', 10), pad('tfjs-wasm*', 11), pad('tfjs-cpu*', 10), pad('plain-ts*', 10)];
  const threaded = names.filter((n) => /^native-\d+t$/.test(n));
  const ratioHead = [pad('native/torch*', 14), pad('wasm/tfjs-wasm*', 16), pad('js/plain*', 10), ...threaded.map((n) => pad(`${n}/native`, 16))];
  console.log('\nTraining, samples/s and % of one core peak (1 thread, or N for native-Nt; median step time of tinybench samples). * = REFERENCE.md, reference machine.');
  console.log([pad('workload', 28, false), ...names.map((n) => pad(n, 16)), ...refHead, ...ratioHead].join(' '));
  for (const w of workloads) {
    const ref = REFERENCE.train[w.name as 'S' | 'M' | 'L'];
    const sps = (n: string) => get('train', n, w.name)?.samplesPerSec;
    console.log(
      [
        pad(`${w.name} ${w.layers.join('-')} b${w.batch}`, 28, false),
        ...names.map((n) => pad(withPercent(fmt(sps(n)), get('train', n, w.name)), 16)),
        pad(fmt(ref.torch), 10), pad(fmt(ref.tfjsWasm), 11), pad(fmt(ref.tfjsCpu), 10), pad(fmt(ref.plainTs), 10),
        pad(ratio(sps('native'), ref.torch), 14), pad(ratio(sps('wasm'), ref.tfjsWasm), 16), pad(ratio(sps('js'), ref.plainTs), 10),
        ...threaded.map((n) => pad(ratio(sps(n), sps('native')), 16)),
      ].join(' '),
    );
  }
  console.log('\nInference (and % of peak) and memory, workload M 784-256-128-10');
  console.log([pad('metric', 28, false), ...names.map((n) => pad(n, 16)), ...refHead].join(' '));
  const line = (label: string, cell: (n: string) => string, ref: { torch: number; tfjsWasm: number; tfjsCpu: number; plainTs: number }) =>
    console.log([pad(label, 28, false), ...names.map((n) => pad(cell(n), 16)), pad(fmt(ref.torch), 10), pad(fmt(ref.tfjsWasm), 11), pad(fmt(ref.tfjsCpu), 10), pad(fmt(ref.plainTs), 10)].join(' '));
  line('batch 1 latency, median µs', (n) => withPercent(fmt(get('infer-latency', n, 'M')?.latencyUs), get('infer-latency', n, 'M')), REFERENCE.inferLatencyUs);
  line('batch 1024, samples/s', (n) => withPercent(fmt(get('infer-throughput', n, 'M')?.samplesPerSec), get('infer-throughput', n, 'M')), REFERENCE.inferBatch1024Sps);
  for (const n of threaded) console.log(`  batch 1024 ${n}/native: ${ratio(get('infer-throughput', n, 'M')?.samplesPerSec, get('infer-throughput', 'native', 'M')?.samplesPerSec)}`);
  line('peak RSS training M, MB', (n) => fmt(get('peak-rss', n, 'M')?.peakRssMB), REFERENCE.peakRssMB);
  line('  RSS after imports, MB', (n) => fmt(get('peak-rss', n, 'M')?.baseRssMB), { torch: NaN, tfjsWasm: NaN, tfjsCpu: NaN, plainTs: NaN });
  console.log('\n* Peer figures are from the reference machine; measure ratios side by side with the peers\' harness (bench/README.md).');
}

const info = backendInfo();
console.log(`hyperprop training benchmark: Node ${process.version}, CPU SIMD ${info.simd.cpu}, native micro-kernel ${info.simd.native ?? 'unavailable'}${args.quick ? ', quick' : ''}`);
console.log(peak.line);
console.log(`FLOP per row: ${workloads.map((w) => `train ${w.name} ${fmt(trainFlopsPerSample(w))}`).join(', ')}, infer M ${fmt(inferFlopsPerSample(WORKLOADS.M))}`);
for (const w of workloads) await benchTrain(w);
await benchInfer();
const rss = await rssCommand();
console.log(`  peak RSS child: ${rss.loader}`);
// One child per backend (the thread variants use the same memory as native).
for (const { name, kind } of backends) if (name === kind) benchRss(name, rss.args);
if (rss.dir) rmSync(rss.dir, { recursive: true, force: true }); // links to build/, dist/, node_modules are removed, not followed
printTables();
if (args.json) {
  writeFileSync(args.json, JSON.stringify(rows, null, 2));
  console.log(`\nwrote ${rows.length} rows to ${args.json}`);
}
