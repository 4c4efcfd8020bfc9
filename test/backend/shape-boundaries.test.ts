// Shape-boundary parity: every blocking constant of the native and WASM kernels (GEMM tiles and
// cache blocks, the direct GEMM paths, batch norm's column blocks and row unrolling, SIMD widths
// and unrolled element-wise loops) is read from its source line, and each kernel it shapes runs at
// boundary − 1, = and + 1 on every compiled backend against the js kernels (GEMM against the
// float64 reference). A wrong offset in a second block or a remainder loop shows here; a changed
// constant fails the table check below until the table says where its new boundary is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelProvider } from '../../src/backend/checked-backend.ts';
import { createJsProvider } from '../../src/backend/js/js-backend.ts';
import { createNativeProvider } from '../../src/backend/native/native-backend.ts';
import { createWasmProvider } from '../../src/backend/wasm/wasm-backend.ts';
import { COMPILED, f32, randomValues, worstRatio } from './backends.ts';
import type { Backend } from '../../src/backend/backend.ts';
import { referenceMatrix, type GemmShape } from './gemm-reference.ts';
import { KERNEL_ROWS, type Dims, type RawArg } from './kernel-rows.ts';
import { materialize, type Typed } from './raw-arguments.ts';

/** What a boundary shapes: GEMM's packed path (m, n, k), its direct path for a few rows of C, batch norm, the rest element-wise. */
type Axis = 'gemm.m' | 'gemm.n' | 'gemm.k' | 'direct.m' | 'direct.n' | 'direct.k' | 'norm.rows' | 'norm.cols' | 'elementwise.n';

interface Boundary {
  file: string;
  /** The source text that holds the constant; its first group is the value (without one, the text itself stands for `value`). */
  pattern: RegExp;
  value: number;
  /** The boundary is value·scale (a count of vectors times the vector's width, say). */
  scale?: number;
  axes: Axis[];
}

// A vector of floats: SSE/WASM 4, AVX2 8, AVX-512 16 (the native element-wise kernels are the
// compiler's vectorisation of KERNEL_CLONES loops, so their width is the clone's).
const BOUNDARIES: Boundary[] = [
  { file: 'native/src/gemm.cc', pattern: /constexpr long KC = (\d+);/, value: 400, axes: ['gemm.k'] },
  { file: 'native/src/gemm.cc', pattern: /constexpr long NC = (\d+);/, value: 512, axes: ['gemm.n'] },
  { file: 'native/src/gemm.cc', pattern: /constexpr long MC = (\d+);/, value: 960, axes: ['gemm.m'] },
  { file: 'native/src/gemm_microkernel_generic.cc', pattern: /constexpr long DIRECT_DOT_ROWS = (\d+);/, value: 8, axes: ['direct.m'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /constexpr long DIRECT_DOT_ROWS = (\d+);/, value: 8, axes: ['direct.m'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr long DIRECT_DOT_ROWS = (\d+);/, value: 32, axes: ['direct.m'] },
  { file: 'native/src/gemm.cc', pattern: /constexpr long kDirectAxpyRows = (\d+);/, value: 2, axes: ['direct.m'] },
  { file: 'native/src/gemm_microkernel_generic.cc', pattern: /constexpr int MR = (\d+);/, value: 4, axes: ['gemm.m'] },
  { file: 'native/src/gemm_microkernel_generic.cc', pattern: /constexpr int NR = (\d+);/, value: 8, axes: ['gemm.n'] },
  { file: 'native/src/gemm_microkernel_generic.cc', pattern: /constexpr long W = (\d+);/, value: 64, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /constexpr int MR = (\d+);/, value: 6, axes: ['gemm.m'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /constexpr int NR = (\d+);/, value: 16, axes: ['gemm.n'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /constexpr int DOT_ROWS = (\d+);/, value: 2, axes: ['direct.m'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /constexpr int DOT_COLS = (\d+);/, value: 8, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /constexpr int AXPY_VECTORS = (\d+);/, value: 8, scale: 8, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /r == 1 \? DOT_COLS : (\d+);/, value: 4, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx2.cc', pattern: /8L \* \(r == 1 \? AXPY_VECTORS : (\d+)\)/, value: 4, scale: 8, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int MR = (\d+);/, value: 14, axes: ['gemm.m'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int MR_ROWS_A = (\d+);/, value: 6, axes: ['gemm.m'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int NR_ROWS_A = (\d+);/, value: 64, axes: ['gemm.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int MR_ROWS_A_NARROW = (\d+);/, value: 8, axes: ['gemm.m'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int NR = (\d+);/, value: 32, axes: ['gemm.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int DOT_ROWS = (\d+);/, value: 6, axes: ['direct.m'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int DOT_COLS = (\d+);/, value: 8, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int kChains = (\d+);/, value: 8, scale: 16, axes: ['direct.k'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /constexpr int AXPY_VECTORS = (\d+);/, value: 8, scale: 16, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /r <= 2 \? DOT_COLS : (\d+);/, value: 4, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /16L \* \(r == 1 \? AXPY_VECTORS : (\d+)\)/, value: 4, scale: 16, axes: ['direct.n'] },
  { file: 'native/src/gemm_microkernel_avx512.cc', pattern: /_mm512_maskz_loadu_ps\(mask, a \+ p\)/, value: 16, axes: ['direct.k'] },
  { file: 'native/src/normalization.cc', pattern: /constexpr long kBlock = (\d+);/, value: 64, axes: ['norm.cols'] },
  { file: 'native/src/normalization.cc', pattern: /for \(; i \+ (\d+) <= rows; i \+= 4\)/, value: 4, axes: ['norm.rows'] },
  { file: 'native/src/losses.cc', pattern: /for \(; i \+ (\d+) <= n; i \+= 8\)/, value: 8, axes: ['elementwise.n'] },
  { file: 'native/include/multiversion.h', pattern: /"arch=x86-64-v4"/, value: 16, axes: ['elementwise.n', 'norm.cols', 'direct.k'] },
  { file: 'native/include/multiversion.h', pattern: /"arch=x86-64-v3"/, value: 8, axes: ['elementwise.n', 'norm.cols', 'direct.k'] },
  { file: 'assembly/gemm-blocking.ts', pattern: /export const MR: i32 = (\d+);/, value: 4, axes: ['gemm.m'] },
  { file: 'assembly/gemm-blocking.ts', pattern: /export const NR: i32 = (\d+);/, value: 8, axes: ['gemm.n'] },
  { file: 'assembly/gemm-blocking.ts', pattern: /export const KC: i32 = (\d+);/, value: 256, axes: ['gemm.k'] },
  { file: 'assembly/gemm-blocking.ts', pattern: /export const MC: i32 = (\d+);/, value: 128, axes: ['gemm.m'] },
  { file: 'assembly/gemm-blocking.ts', pattern: /export const NC: i32 = (\d+);/, value: 1024, axes: ['gemm.n'] },
  { file: 'assembly/gemm-small.ts', pattern: /export const SMALL_M_NT: i32 = (\d+);/, value: 8, axes: ['direct.m'] },
  { file: 'assembly/gemm-small.ts', pattern: /export const SMALL_M_NN: i32 = (\d+);/, value: 8, axes: ['direct.m'] },
  { file: 'assembly/elementwise.ts', pattern: /for \(; o \+ (\d+) <= bytes; o \+= 32\)/, value: 32, scale: 1 / 4, axes: ['elementwise.n'] },
  { file: 'assembly/reductions.ts', pattern: /for \(; o \+ (\d+) <= bytes; o \+= 32\)/, value: 32, scale: 1 / 4, axes: ['elementwise.n'] },
  { file: 'assembly/optimizers.ts', pattern: /for \(; o \+ (\d+) <= bytes; o \+= 16\)/, value: 16, scale: 1 / 4, axes: ['elementwise.n', 'norm.cols', 'direct.k'] },
];

function sourceLine(b: Boundary): { line: number; value: number } {
  const text = readFileSync(new URL(`../../${b.file}`, import.meta.url), 'utf8');
  const match = b.pattern.exec(text);
  if (!match) return { line: -1, value: Number.NaN };
  const line = text.slice(0, match.index).split('\n').length;
  return { line, value: match[1] === undefined ? b.value : Number(match[1]) };
}

const at = (b: Boundary) => Math.round(b.value * (b.scale ?? 1));

/** Sizes per axis: each boundary − 1, = and + 1 (tiles also at twice their size, the first full edge tile after a whole one). */
function sizes(axis: Axis): number[] {
  const out = new Set<number>();
  for (const b of BOUNDARIES) {
    if (!b.axes.includes(axis)) continue;
    const edges = axis.startsWith('gemm.') && at(b) < 64 ? [at(b), 2 * at(b)] : [at(b)];
    for (const e of edges) for (const s of [e - 1, e, e + 1]) if (s > 0) out.add(s);
  }
  return [...out].sort((x, y) => x - y);
}

describe('blocking constants', () => {
  it.each(BOUNDARIES.map((b) => [`${b.file} ${b.pattern.source}`, b] as const))('%s is the value the boundary table tests', (_label, b) => {
    const { line, value } = sourceLine(b);
    expect(line, `${b.file}: ${b.pattern} not found; find the constant that replaced it and update the boundary table`).toBeGreaterThan(0);
    expect(value, `${b.file}:${line} changed: the boundary table tests ${b.value}`).toBe(b.value);
  });

  it('every boundary is tested at − 1, = and + 1 on each axis it shapes', () => {
    for (const b of BOUNDARIES) {
      for (const axis of b.axes) expect(sizes(axis)).toEqual(expect.arrayContaining([at(b) - 1, at(b), at(b) + 1].filter((s) => s > 0)));
    }
  });
});

// ---- GEMM: packed and direct paths, every transpose, against the float64 reference ----

/**
 * Each shape's reference, computed once for the file: both compiled backends check the same
 * shapes and seeds, and the float64 reference cost more CPU than the kernels under test. It is
 * computed from the shape's own inputs, not the backend's arrays after the call (a kernel that
 * wrote into A or B fails rather than matching a reference of what it wrote).
 */
const references = new Map<string, ReturnType<typeof referenceMatrix>>();

function checkGemm(backend: Backend, s: GemmShape, seed: number): void {
  const inputA = randomValues(s.m * s.k, seed);
  const inputB = randomValues(s.k * s.n, seed + 1);
  const initial = randomValues(s.m * s.n, seed + 2);
  const a = f32(backend, inputA);
  const b = f32(backend, inputB);
  const c = f32(backend, initial);
  backend.gemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, a, b, s.beta, c);
  const key = JSON.stringify([s, seed]);
  let reference = references.get(key);
  if (reference === undefined) references.set(key, (reference = referenceMatrix(s, inputA, inputB, initial)));
  for (let i = 0; i < s.m; i++) {
    for (let j = 0; j < s.n; j++) {
      const value = reference.values[i * s.n + j]!;
      const bound = reference.bounds[i * s.n + j]!;
      const error = Math.abs(c[i * s.n + j]! - value);
      if (!(error <= bound)) throw new Error(`${backend.name} gemm ${JSON.stringify(s)}: C[${i},${j}] = ${c[i * s.n + j]}, expected ${value} (error ${error} > ${bound})`);
    }
  }
  for (const array of [a, b, c]) backend.release(array);
}

const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** Shapes with one dimension at each of its axis's sizes and the others at odd sizes past every small tile. */
function gemmShapes(kind: 'gemm' | 'direct'): { m: number; n: number; k: number }[] {
  const base = kind === 'gemm' ? { m: 37, n: 41, k: 11 } : { m: 2, n: 9, k: 19 };
  const shapes: { m: number; n: number; k: number }[] = [];
  for (const dim of ['m', 'n', 'k'] as const) {
    for (const s of sizes(`${kind}.${dim}`)) {
      if (kind === 'direct' && dim !== 'm') {
        // The direct paths take one, two or a few rows of C: each with the swept n or k.
        for (const m of [1, 2, 3, 8]) shapes.push({ ...base, m, [dim]: s });
      } else shapes.push({ ...base, [dim]: s });
    }
  }
  return shapes;
}

describe.each(COMPILED)('gemm on %s at every blocking boundary', (_name, backend) => {
  it.each(['gemm', 'direct'] as const)('%s path, all transposes, alpha 1.5 and beta 0.5', (kind) => {
    let seed = 1;
    for (const shape of gemmShapes(kind)) {
      for (const [transA, transB] of TRANSPOSES) checkGemm(backend, { ...shape, transA, transB, alpha: 1.5, beta: 0.5 }, seed++);
    }
  });

  it('beta = 0 past the packed blocks (no stale C)', () => {
    for (const [transA, transB] of TRANSPOSES) checkGemm(backend, { m: 129, n: 33, k: 257, transA, transB, alpha: 1, beta: 0 }, 77);
  });
});

// ---- every other kernel with blocking: raw calls on each compiled backend against the js kernels ----

const CREATE = { js: createJsProvider, wasm: createWasmProvider, native: createNativeProvider } as const;
const JS = createJsProvider();
function run(provider: KernelProvider, kernel: string, dims: Dims, patch: Record<number, RawArg>): Typed[] {
  const row = KERNEL_ROWS[kernel]!(dims).map((arg, i) => patch[i] ?? arg);
  const args = row.map((arg, i) => materialize(provider, arg, 11 + i * 7 + dims.n, dims.cols));
  (provider.kernels as unknown as Record<string, (...args: unknown[]) => void>)[kernel]!(...args);
  return args.filter((arg): arg is Typed => ArrayBuffer.isView(arg));
}

interface RawCase {
  kernel: string;
  dims: Dims;
  patch?: Record<number, RawArg>;
}

const DIMS: Dims = { rows: 3, cols: 13, m: 7, n: 13, k: 9, inputs: 13, units: 17 };
const ELEMENTWISE = Object.keys(KERNEL_ROWS).filter((k) => !/^(gemm|dense|batchNorm)/.test(k));
// identity … softplus: each has its own vector loop on both compiled backends.
const ACTIVATION_CODES = [0, 1, 2, 3, 4, 5, 6, 7];

function rawCases(): RawCase[] {
  const cases: RawCase[] = [];
  for (const n of sizes('elementwise.n')) {
    const dims = { ...DIMS, n, cols: n };
    for (const kernel of ELEMENTWISE) {
      const codes = kernel.startsWith('activation') ? ACTIVATION_CODES : [undefined];
      for (const code of codes) cases.push({ kernel, dims, patch: code === undefined ? {} : { 0: code } });
    }
  }
  for (const rows of sizes('norm.rows')) {
    for (const cols of sizes('norm.cols')) {
      const dims = { ...DIMS, rows, cols };
      cases.push({ kernel: 'batchNormForward', dims }, { kernel: 'batchNormForward', dims, patch: { 11: 0 } }, { kernel: 'batchNormBackward', dims });
    }
  }
  // Dense layers are GEMMs (rows × inputs by units) with a bias-and-activation epilogue in strips.
  const dense = { ...DIMS, rows: 9, inputs: 13, units: 17 };
  const sweeps: [keyof Dims, Axis][] = [
    ['rows', 'gemm.m'],
    ['rows', 'direct.m'],
    ['units', 'gemm.n'],
    ['units', 'direct.n'],
    ['inputs', 'direct.k'],
  ];
  for (const [dim, axis] of sweeps) {
    for (const s of sizes(axis).filter((v) => v <= 200)) {
      for (const kernel of ['denseForward', 'denseBackward']) cases.push({ kernel, dims: { ...dense, [dim]: s } });
    }
  }
  return cases;
}

const label = (c: RawCase) => `${c.kernel} ${JSON.stringify(c.patch ?? {})} rows=${c.dims.rows} cols=${c.dims.cols} n=${c.dims.n} inputs=${c.dims.inputs} units=${c.dims.units}`;

describe.each(COMPILED)('kernels on %s at every blocking boundary match the js kernels', (name) => {
  const provider = CREATE[name]();
  it.each(['elementwise', 'batchNorm', 'dense'])('%s', (group) => {
    const cases = rawCases().filter((c) => (group === 'elementwise' ? !/^(dense|batchNorm)/.test(c.kernel) : c.kernel.startsWith(group)));
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const expected = run(JS, c.kernel, c.dims, c.patch ?? {});
      const actual = run(provider, c.kernel, c.dims, c.patch ?? {});
      actual.forEach((array, i) => {
        const { ratio, index } = worstRatio(array, expected[i]!, 2e-5, 1e-5);
        expect(ratio, `${label(c)}: argument array ${i}, element ${index}: ${array[index]} vs ${expected[i]![index]}`).toBeLessThanOrEqual(1);
      });
      // Scalar blocks are not released one by one; the rest go back so the wasm memory stays small.
      for (const [p, arrays] of [[JS, expected], [provider, actual]] as const) {
        for (const array of arrays) if (!(array instanceof Float64Array)) p.release(array);
      }
    }
  });
});
