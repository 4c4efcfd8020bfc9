// GEMM shapes of the kernel benchmark, with the figures REFERENCE.md measured for peers on this
// kind of machine (1 thread, GFLOP/s; its Zen 5 table of 2026-12-03, where it has the shape). Our MLP stores W as out × in, so the forward pass is
// X·Wᵀ (transB); the reference measured X·W, and both are run.

export interface GemmCase {
  group: 'square' | 'forward' | 'weight grad' | 'input grad';
  shape: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  reference?: { openblas: number; tfjsWasm: number; naive: number };
}

const square = (n: number, openblas?: number, tfjsWasm?: number): GemmCase => ({
  group: 'square', shape: `${n}²`, transA: false, transB: false, m: n, n, k: n, ...(openblas === undefined || tfjsWasm === undefined ? {} : { reference: { openblas, tfjsWasm, naive: 1.1 } }),
});

export const GEMM_CASES: GemmCase[] = [
  square(64),
  square(128, 164, 29),
  square(256, 182, 36),
  square(512, 190, 33),
  square(1024, 181, 30),
  { group: 'forward', shape: 'X·W 128×784·784×256', transA: false, transB: false, m: 128, k: 784, n: 256, reference: { openblas: 177, tfjsWasm: 34, naive: 1.1 } },
  { group: 'forward', shape: 'X·Wᵀ 128×784·(256×784)ᵀ', transA: false, transB: true, m: 128, k: 784, n: 256, reference: { openblas: 177, tfjsWasm: 34, naive: 1.1 } },
  { group: 'forward', shape: 'X·W 128×256·256×128', transA: false, transB: false, m: 128, k: 256, n: 128 },
  { group: 'forward', shape: 'X·Wᵀ 128×256·(128×256)ᵀ', transA: false, transB: true, m: 128, k: 256, n: 128 },
  { group: 'forward', shape: 'X·W 128×128·128×10', transA: false, transB: false, m: 128, k: 128, n: 10, reference: { openblas: 69, tfjsWasm: 18, naive: 1.0 } },
  { group: 'forward', shape: 'X·Wᵀ 128×128·(10×128)ᵀ', transA: false, transB: true, m: 128, k: 128, n: 10, reference: { openblas: 69, tfjsWasm: 18, naive: 1.0 } },
  { group: 'weight grad', shape: 'Aᵀ·B 256×128·128×784', transA: true, transB: false, m: 256, k: 128, n: 784, reference: { openblas: 188, tfjsWasm: 2.0, naive: 1.1 } },
  { group: 'weight grad', shape: 'Aᵀ·B 128×128·128×256', transA: true, transB: false, m: 128, k: 128, n: 256 },
  { group: 'weight grad', shape: 'Aᵀ·B 10×128·128×128', transA: true, transB: false, m: 10, k: 128, n: 128, reference: { openblas: 96, tfjsWasm: 2.7, naive: 1.1 } },
  { group: 'input grad', shape: 'δ·W 128×128·128×256', transA: false, transB: false, m: 128, k: 128, n: 256 },
  { group: 'input grad', shape: 'δ·W 128×10·10×128', transA: false, transB: false, m: 128, k: 10, n: 128, reference: { openblas: 98, tfjsWasm: 22, naive: 1.1 } },
];

/** The plain ikj triple loop that REFERENCE.md calls "plain TS loop": the floor JS must double. */
export function naiveGemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const av = transA ? a[p * m + i]! : a[i * k + p]!;
      if (transB) for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + av * b[j * k + p]!;
      else for (let j = 0, bp = p * n; j < n; j++) c[ci + j] = c[ci + j]! + av * b[bp + j]!;
    }
  }
}

/** Largest |C − C_ref| over 16 sampled entries, the reference in float64. */
export function sampledMaxAbsError(c: GemmCase, a: Float32Array, b: Float32Array, out: Float32Array): number {
  let worst = 0;
  for (let t = 0; t < 16; t++) {
    const i = (t * 7919 + 13) % c.m;
    const j = (t * 104729 + 7) % c.n;
    let sum = 0;
    for (let p = 0; p < c.k; p++) sum += (c.transA ? a[p * c.m + i]! : a[i * c.k + p]!) * (c.transB ? b[j * c.k + p]! : b[p * c.n + j]!);
    worst = Math.max(worst, Math.abs(sum - out[i * c.n + j]!));
  }
  return worst;
}
