// The unchecked ABI of the compiled backends. Arguments arrive here already validated by
// checked-backend.ts: sizes are non-negative integers, arrays are long enough, codes are
// known. The C++ addon takes typed arrays; the WASM module takes byte offsets into its memory.
// Both export every name in KERNEL_NAMES with the same argument order.
//
// Optimizer scalars that involve pow/sqrt of step counts are computed once in TypeScript
// (see optimizer-scalars.ts) so the three languages apply bit-identical coefficients.

type F32 = Float32Array;
type I32 = Int32Array;
type U32 = Uint32Array;

/** Native addon exports (native/binding/addon.cc). Flags are passed as 0/1 numbers. */
export interface NativeAddon {
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: F32, b: F32, beta: number, c: F32): void;
  biasAdd(rows: number, cols: number, x: F32, bias: F32): void;
  columnSums(rows: number, cols: number, x: F32, out: F32): void;
  activationForward(code: number, n: number, z: F32, a: F32, alpha: number): void;
  activationBackward(code: number, n: number, z: F32, a: F32, dA: F32, dZ: F32, alpha: number): void;
  preluForward(rows: number, cols: number, z: F32, alpha: F32, a: F32): void;
  preluBackward(rows: number, cols: number, z: F32, alpha: F32, dA: F32, dZ: F32, dAlpha: F32): void;
  softmaxForward(rows: number, cols: number, z: F32, a: F32): void;
  softmaxBackward(rows: number, cols: number, a: F32, dA: F32, dZ: F32): void;
  softmaxCrossEntropyIndex(rows: number, cols: number, logits: F32, labels: I32, probs: F32, dLogits: F32): number;
  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: F32, targets: F32, probs: F32, dLogits: F32): number;
  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: F32, targets: F32, probs: F32, dLogits: F32): number;
  meanSquaredError(rows: number, cols: number, pred: F32, targets: F32, dPred: F32): number;
  /** buf may be empty when momentum = 0. firstStep = 1 copies the gradient into buf (torch). */
  sgdStep(n: number, p: F32, g: F32, buf: F32, lr: number, momentum: number, dampening: number, nesterov: number, weightDecay: number, firstStep: number): void;
  /** momentumBuf empty when momentum = 0; gradAvg empty unless centered = 1. */
  rmspropStep(n: number, p: F32, g: F32, squareAvg: F32, momentumBuf: F32, gradAvg: F32, lr: number, alpha: number, eps: number, weightDecay: number, momentum: number, centered: number): void;
  adamStep(n: number, p: F32, g: F32, expAvg: F32, expAvgSq: F32, beta1: number, beta2: number, eps: number, stepSize: number, sqrtBiasCorrection2: number, coupledWeightDecay: number, decoupledDecay: number): void;
  adagradStep(n: number, p: F32, g: F32, sum: F32, clr: number, eps: number, weightDecay: number): void;
  sumSquares(n: number, x: F32): number;
  clipByNorm(n: number, g: F32, maxNorm: number): number;
  clipByValue(n: number, g: F32, limit: number): void;
  l1Penalty(n: number, w: F32, g: F32, lambda: number): number;
  l2Penalty(n: number, w: F32, g: F32, lambda: number): number;
  randomUint32(state: U32, n: number, out: U32): void;
  randomUniform(state: U32, n: number, out: F32): void;
  /** mask[i] = (next() >>> 8) >= threshold ? scale : 0. */
  dropoutMask(state: U32, n: number, threshold: number, scale: number, mask: F32): void;
  setThreads(threads: number): void;
  getThreads(): number;
  /** The micro-kernel chosen at load time: 'avx512', 'avx2' or 'generic'. */
  simdLevel(): string;
}

/**
 * WASM exports (assembly/index.ts): the NativeAddon signatures with every array replaced by
 * its byte offset into the module's (imported, shared) memory, booleans as 0/1, no
 * setThreads/getThreads/simdLevel, plus heapBase(): the first byte the JS arena may use.
 */
export type WasmExports = {
  [K in Exclude<keyof NativeAddon, 'setThreads' | 'getThreads' | 'simdLevel'>]: (...args: number[]) => number | void;
} & { heapBase(): number };
