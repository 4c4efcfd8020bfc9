// npm run bench:kernels [-- --json FILE] [--quick] [--backends native,wasm,js,naive]
// GEMM GFLOP/s per backend on square and MLP shapes, and the throughput of the activation and
// optimizer kernels, one thread, measured with tinybench in one run; REFERENCE.md's peer
// figures are printed beside. Every figure is also a percentage of this machine's FP32 peak on
// one core, measured at start-up (measureFmaPeak), so the distance to the physical limit shows. For a side-by-side run with OpenBLAS itself use
// bench/anchor-worker.ts with the peers' harness (see bench/README.md).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import type { Backend } from '../src/backend/backend.ts';
import { backendInfo, createBackend } from '../src/backend/registry.ts';
import { measurePeakColumns } from './peak-columns.ts';
import { GEMM_CASES, naiveGemm, sampledMaxAbsError, type GemmCase } from './gemm-cases.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    backends: { type: 'string', default: 'native,wasm,js,naive' },
    time: { type: 'string', default: '400' },
  },
});

interface Row {
  kernel: string;
  backend: string;
  shape: string;
  gflops: number | null;
  maxAbsErr: number | null;
  elementsPerSecond?: number;
  /** gflops (for element-wise kernels: elements/s × FLOP_PER_ELEMENT) over the measured peak, in %. */
  percentOfPeak?: number;
}

const timeMs = Number(args.time);
const wanted = args.backends!.split(',');
const backends: { name: string; backend?: Backend }[] = [];
for (const name of wanted) {
  if (name === 'naive') backends.push({ name });
  else {
    try {
      backends.push({ name, backend: createBackend(name as 'native' | 'wasm' | 'js') });
    } catch (error) {
      console.log(`skipping ${name}: ${(error as Error).message}`);
    }
  }
}
const cases = args.quick ? GEMM_CASES.filter((c) => c.m * c.n * c.k <= 256 ** 3) : GEMM_CASES;

function fill(backend: Backend | undefined, length: number, seed: number): Float32Array {
  const array = backend ? backend.allocate(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) array[i] = Math.sin(i * 12.9898 + seed) * 0.5;
  return array;
}

async function timeTask(name: string, fn: () => void, slow: boolean): Promise<number> {
  const bench = new Bench({ time: slow ? Math.min(timeMs, 200) : timeMs, iterations: slow ? 2 : 10, warmupTime: slow ? 0 : 50, warmupIterations: slow ? 1 : 5 });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result as unknown as { latency?: { p50: number } };
  if (!result.latency) throw new Error(`benchmark ${name} failed: ${JSON.stringify(result)}`);
  return result.latency.p50;
}

const rows: Row[] = [];

// Before any kernel runs, while the core is cool and nothing else of ours is on it.
const peak = measurePeakColumns(args.quick!);

async function benchGemm(c: GemmCase): Promise<void> {
  for (const { name, backend } of backends) {
    const a = fill(backend, c.m * c.k, 1);
    const b = fill(backend, c.k * c.n, 2);
    const out = backend ? backend.allocate(c.m * c.n) : new Float32Array(c.m * c.n);
    const call = backend
      ? () => backend.gemm(c.transA, c.transB, c.m, c.n, c.k, 1, a, b, 0, out)
      : () => naiveGemm(c.transA, c.transB, c.m, c.n, c.k, a, b, out);
    const slow = !backend || name === 'js';
    const ms = await timeTask(`${name} ${c.shape}`, call, slow && c.m * c.n * c.k > 128 ** 3);
    const gflops = (2 * c.m * c.n * c.k) / ms / 1e6;
    rows.push({ kernel: 'gemm', backend: name, shape: c.shape, gflops, maxAbsErr: sampledMaxAbsError(c, a, b, out), ...peak.field(gflops) });
    if (backend) for (const array of [a, b, out]) backend.release(array);
  }
}

const ELEMENTS = 1 << 20;

/**
 * Arithmetic per element as written in the kernels (a compare, an exp or a sqrt counts as one):
 * these kernels are bound by memory, not by the FMA units, and their percentage says how far.
 */
const FLOP_PER_ELEMENT: Record<string, number> = {
  'relu forward': 1, // max(z, 0)
  'sigmoid forward': 3, // 1 / (1 + exp(-z))
  'tanh forward': 1,
  'relu backward': 1, // z > 0 ? dA : 0
  'sigmoid backward': 3, // dA · a · (1 − a)
  'adam step': 12, // two moving averages (3 + 4), then lr · m̂ / (sqrt(v̂) + eps) subtracted (5)
  'sgd momentum step': 4, // buf = μ·buf + g, p −= lr·buf
  'clip by norm': 2, // the sum of squares (the rescale does not run: the bound is never reached)
};

async function benchElementwise(): Promise<void> {
  for (const { name, backend } of backends) {
    if (!backend) continue;
    const z = fill(backend, ELEMENTS, 3);
    const a = backend.allocate(ELEMENTS);
    const dA = fill(backend, ELEMENTS, 4);
    const dZ = backend.allocate(ELEMENTS);
    const grads = fill(backend, ELEMENTS, 5);
    const state = { expAvg: backend.allocate(ELEMENTS), expAvgSq: backend.allocate(ELEMENTS) };
    const norm = new Float64Array(1);
    const tasks: [string, () => void][] = [
      ['relu forward', () => backend.activationForward('relu', ELEMENTS, z, a)],
      ['sigmoid forward', () => backend.activationForward('sigmoid', ELEMENTS, z, a)],
      ['tanh forward', () => backend.activationForward('tanh', ELEMENTS, z, a)],
      ['relu backward', () => backend.activationBackward('relu', ELEMENTS, z, a, dA, dZ)],
      ['sigmoid backward', () => backend.activationBackward('sigmoid', ELEMENTS, z, a, dA, dZ)],
      ['adam step', () => backend.adamStep(z, grads, state, { lr: 1e-6 }, 10)],
      ['sgd momentum step', () => backend.sgdStep(z, grads, { momentumBuffer: dZ }, { lr: 1e-6, momentum: 0.9 }, 2)],
      ['clip by norm', () => backend.clipByNorm(ELEMENTS, dZ, 1e9, norm)],
    ];
    for (const [kernel, fn] of tasks) {
      const ms = await timeTask(`${name} ${kernel}`, fn, name === 'js');
      const elementsPerSecond = ELEMENTS / (ms / 1000);
      rows.push({ kernel, backend: name, shape: '1M floats', gflops: null, maxAbsErr: null, elementsPerSecond, ...peak.field((elementsPerSecond * FLOP_PER_ELEMENT[kernel]!) / 1e9) });
    }
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function printGemmTable(): void {
  const names = backends.map((b) => b.name);
  console.log('\nGEMM, GFLOP/s and % of peak (1 thread; median of tinybench samples). Peers: REFERENCE.md on this kind of machine.');
  const header = [pad('shape', 28), ...names.map((n) => pad(n, 13, true)), pad('OpenBLAS', 9, true), pad('tfjs-wasm', 10, true), pad('native/OB', 10, true), pad('js/naive', 9, true)];
  console.log(header.join(' '));
  for (const c of cases) {
    const get = (name: string) => rows.find((r) => r.kernel === 'gemm' && r.backend === name && r.shape === c.shape)?.gflops;
    const cells = names.map((n) => pad(peak.cell(get(n)?.toFixed(1) ?? '-', get(n)), 13, true));
    const native = get('native');
    const js = get('js');
    const naive = get('naive');
    console.log(
      [
        pad(c.shape, 28),
        ...cells,
        pad(String(c.reference?.openblas ?? '-'), 9, true),
        pad(String(c.reference?.tfjsWasm ?? '-'), 10, true),
        pad(native && c.reference ? `${(native / c.reference.openblas).toFixed(2)}×` : '-', 10, true),
        pad(js && naive ? `${(js / naive).toFixed(2)}×` : '-', 9, true),
      ].join(' '),
    );
  }
}

function printElementwiseTable(): void {
  const kernels = [...new Set(rows.filter((r) => r.elementsPerSecond).map((r) => r.kernel))];
  const names = backends.filter((b) => b.backend).map((b) => b.name);
  console.log('\nElement-wise kernels over 1M floats, million elements/s and % of peak (1 thread; FLOP per element counted as in FLOP_PER_ELEMENT)');
  console.log([pad('kernel', 20), ...names.map((n) => pad(n, 12, true))].join(' '));
  for (const kernel of kernels) {
    const cells = names.map((n) => {
      const elementsPerSecond = rows.find((r) => r.kernel === kernel && r.backend === n)?.elementsPerSecond ?? 0;
      return pad(peak.cell((elementsPerSecond / 1e6).toFixed(0), (elementsPerSecond * FLOP_PER_ELEMENT[kernel]!) / 1e9), 12, true);
    });
    console.log([pad(kernel, 20), ...cells].join(' '));
  }
}

const info = backendInfo();
console.log(`hyperprop kernel benchmark: Node ${process.version}, CPU SIMD ${info.simd.cpu}, native micro-kernel ${info.simd.native ?? 'unavailable'}`);
console.log(peak.line);
for (const c of cases) await benchGemm(c);
await benchElementwise();
printGemmTable();
printElementwiseTable();
if (args.json) {
  writeFileSync(args.json, JSON.stringify(rows.map(({ kernel, backend, shape, gflops, maxAbsErr, elementsPerSecond, percentOfPeak }) => ({ kernel, backend, shape, gflops, maxAbsErr, ...(elementsPerSecond ? { elementsPerSecond } : {}), ...(percentOfPeak === undefined ? {} : { percentOfPeak, peakGflops: peak.peak!.gflops }) })), null, 2));
  console.log(`\nwrote ${rows.length} rows to ${args.json}`);
}
