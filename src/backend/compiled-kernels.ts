// The unchecked ABI of the compiled backends. Arguments arrive here already validated by
// checked-backend.ts: sizes are non-negative integers, arrays are long enough, codes are
// known. The C++ addon takes typed arrays; the WASM module takes byte offsets into its memory.
// Both export every name in KERNEL_NAMES with the same argument order.
//
// Optimizer scalars that involve pow/sqrt of step counts are computed once in TypeScript
// (see optimizer-scalars.ts) so the three languages apply the same coefficients.

type F32 = Float32Array;
type F64 = Float64Array;
type I32 = Int32Array;
type U32 = Uint32Array;

/**
 * Floating-point scalars travel in `s`, a small Float64Array (the scalar block) that the
 * caller owns and reuses, and floating-point results come back in s[0]. Passing doubles as
 * arguments or return values would box each one in a fresh heap number at the JS/C++ boundary:
 * the block keeps every kernel call allocation-free. Integers and flags stay plain arguments.
 * The slots of each kernel are listed beside it.
 */
export interface NativeAddon {
  /** s = [alpha, beta] */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: F32, b: F32, c: F32, s: F64): void;
  /** s = [alpha] */
  activationForward(code: number, n: number, z: F32, a: F32, s: F64): void;
  /** s = [alpha] */
  activationBackward(code: number, n: number, z: F32, a: F32, dA: F32, dZ: F32, s: F64): void;
  preluForward(rows: number, cols: number, z: F32, alpha: F32, a: F32): void;
  preluBackward(rows: number, cols: number, z: F32, alpha: F32, dA: F32, dZ: F32, dAlpha: F32): void;
  /** s[0] ← mean loss */
  softmaxCrossEntropyIndex(rows: number, cols: number, logits: F32, labels: I32, probs: F32, dLogits: F32, s: F64): void;
  /** s[0] ← mean loss */
  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: F32, targets: F32, probs: F32, dLogits: F32, s: F64): void;
  /** s[0] ← mean loss */
  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: F32, targets: F32, probs: F32, dLogits: F32, s: F64): void;
  /** s[0] ← mean loss */
  meanSquaredError(rows: number, cols: number, pred: F32, targets: F32, dPred: F32, s: F64): void;
  /**
   * s = [lr, momentum, dampening, nesterov (0/1), weightDecay, firstStep (0/1)]. buf may be
   * empty when momentum = 0. firstStep = 1 copies the gradient into buf (as torch does).
   */
  sgdStep(n: number, p: F32, g: F32, buf: F32, s: F64): void;
  /** s = [lr, alpha, eps, weightDecay, momentum, centered (0/1)]; momentumBuf empty when momentum = 0, gradAvg unless centered. */
  rmspropStep(n: number, p: F32, g: F32, squareAvg: F32, momentumBuf: F32, gradAvg: F32, s: F64): void;
  /** s = [beta1, beta2, eps, stepSize, sqrtBiasCorrection2, coupledWeightDecay, decoupledDecay] */
  adamStep(n: number, p: F32, g: F32, expAvg: F32, expAvgSq: F32, s: F64): void;
  /** s = [clr, eps, weightDecay] */
  adagradStep(n: number, p: F32, g: F32, sum: F32, s: F64): void;
  /** s[0] ← Σx² (double accumulation) */
  sumSquares(n: number, x: F32, s: F64): void;
  /** s = [maxNorm]; s[0] ← the norm before clipping */
  clipByNorm(n: number, g: F32, s: F64): void;
  /** s = [limit] */
  clipByValue(n: number, g: F32, s: F64): void;
  /** s = [lambda]; s[0] ← λ·Σ|w| */
  l1Penalty(n: number, w: F32, g: F32, s: F64): void;
  /** s = [lambda]; s[0] ← λ·Σw² */
  l2Penalty(n: number, w: F32, g: F32, s: F64): void;
  /** s = [threshold, scale]: mask[i] = (next() >>> 8) >= threshold ? scale : 0 */
  dropoutMask(state: U32, n: number, mask: F32, s: F64): void;
  /**
   * One dense layer forward: z = x·wᵀ + bias (x rows×inputs, w units×inputs as torch.nn.Linear,
   * z rows×units), then a = g(z) for the activation `code` (any ACTIVATION_CODES entry: prelu
   * uses slopes[units], softmax is per row). s = [alpha] (leakyRelu slope, elu α). `a` may be
   * the same array as `z` (identity output layers do that).
   */
  denseForward(rows: number, inputs: number, units: number, x: F32, w: F32, bias: F32, z: F32, a: F32, code: number, slopes: F32, s: F64): void;
  /**
   * One dense layer backward. Unless flags has DENSE_GRADIENT_GIVEN, dZ = dA ⊙ g'(z, a) first
   * (prelu: also dSlopes[j] = Σ_i dA·min(z, 0); softmax: dZ = a ⊙ (dA − Σ_j dA·a)); otherwise dZ
   * already holds ∂E/∂z and dA is unused. Then dW = dZᵀ·x (units×inputs), dB[j] = Σ_i dZ[i, j],
   * and with DENSE_INPUT_GRADIENT dX = dZ·w (rows×inputs). All outputs are overwritten.
   * s = [alpha]. Unused arrays (dA, slopes, dSlopes, dX) may be empty.
   */
  denseBackward(
    rows: number, inputs: number, units: number, x: F32, w: F32, z: F32, a: F32, dA: F32, dZ: F32,
    dW: F32, dB: F32, dX: F32, code: number, slopes: F32, dSlopes: F32, flags: number, s: F64,
  ): void;
  /**
   * An inference forward pass through a stack of dense layers described by `plan` (a validated
   * Float64Array, slots in DENSE_STACK_PLAN; its offsets index params). Each layer runs as
   * denseForward: layer l's activations go in place into half l % 2 of scratch (halves of
   * rows × the widest layer's units), the last layer's z there too and its activations into out.
   * First plan[result] = the index of the first non-finite value among x's rows × inputs, or −1;
   * when there is one, nothing else is computed. Six arguments: the most node-addon-api's
   * CallbackInfo holds without a heap allocation.
   */
  denseStackForward(rows: number, plan: F64, params: F32, x: F32, scratch: F32, out: F32): void;
  /** out[i] = x[i]·y[i] over n elements (dropout masks, forward and backward); out may be x or y. */
  multiply(n: number, x: F32, y: F32, out: F32): void;
  /** out[i] += s[0]·x[i] over n elements (residual sums and their gradients). s = [alpha] */
  axpy(n: number, x: F32, out: F32, s: F64): void;
  /**
   * Batch normalisation of x (rows × cols) per column j; s = [momentum, eps].
   * With BATCH_NORM_TRAINING: μ_j and σ²_j (biased) over the rows; mean ← μ, invStd ← 1/√(σ² + eps);
   * runningMean ← (1 − momentum)·runningMean + momentum·μ and runningVar ← (1 − momentum)·runningVar
   * + momentum·σ²·rows/(rows − 1) (unbiased, as PyTorch; unchanged when rows = 1).
   * Without it: mean ← runningMean, invStd ← 1/√(runningVar + eps); running statistics untouched.
   * Then xhat = (x − mean)·invStd and y = gamma·xhat + beta. y may be x.
   */
  batchNormForward(
    rows: number, cols: number, x: F32, gamma: F32, beta: F32, runningMean: F32, runningVar: F32, mean: F32, invStd: F32,
    xhat: F32, y: F32, flags: number, s: F64,
  ): void;
  /**
   * Training-mode batch-norm backward (PyTorch): dBeta_j = Σ_i dy, dGamma_j = Σ_i dy·xhat,
   * dx = gamma·invStd/rows · (rows·dy − dBeta − xhat·dGamma). dx may be dy. Outputs overwritten.
   */
  batchNormBackward(rows: number, cols: number, dy: F32, xhat: F32, gamma: F32, invStd: F32, dx: F32, dGamma: F32, dBeta: F32): void;
  setThreads(threads: number): void;
  getThreads(): number;
  /** The micro-kernel chosen at load time: 'avx512', 'avx2' or 'generic'. */
  simdLevel(): string;
}

/** Length of the scalar block every backend instance allocates once. */
export const SCALAR_BLOCK_LENGTH = 8;

/**
 * WASM exports (assembly/index.ts): the NativeAddon signatures with every array (the scalar
 * block included) replaced by its byte offset into the module's imported shared memory,
 * booleans as 0/1, no setThreads/getThreads/simdLevel, plus heapBase(): the first byte the JS
 * arena may use.
 */
export type WasmExports = {
  [K in Exclude<keyof NativeAddon, 'setThreads' | 'getThreads' | 'simdLevel'>]: (...args: number[]) => void;
} & { heapBase(): number };
