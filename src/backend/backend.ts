// The Backend interface: one small, closed set of float32 kernels that the native, WASM and
// JS backends all implement. Row-major matrices, caller-owned outputs, no allocation and no
// copy per call. Model and tuner code talks only to this interface.
import type { DenseStack, DenseStackLayer } from './dense-stack.ts';
import type { ElementwiseActivation, LayerActivation } from './kernel-codes.ts';

export type BackendName = 'native' | 'wasm' | 'js';
export type BackendChoice = BackendName | 'auto';

/** Hyperparameters of torch.optim.SGD (momentum and Nesterov included). */
export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/** Hyperparameters of torch.optim.RMSprop. */
export interface RmspropOptions {
  lr: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

/** Hyperparameters of torch.optim.Adam; `decoupled: true` is torch.optim.AdamW. */
export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  decoupled?: boolean;
}

/** Hyperparameters of torch.optim.Adagrad. */
export interface AdagradOptions {
  lr: number;
  lrDecay?: number;
  eps?: number;
  weightDecay?: number;
}

/**
 * denseForward's arguments by name. Build one object per layer and reuse it, changing only the
 * rows and the arrays that change between steps: then no call allocates.
 */
export interface DenseForwardArgs {
  rows: number;
  inputs: number;
  units: number;
  /** rows × inputs, the layer's input. */
  x: Float32Array;
  /** units × inputs, as torch.nn.Linear. */
  weights: Float32Array;
  bias: Float32Array;
  /** rows × units, written: the pre-activation and the activation (a may be z). */
  z: Float32Array;
  a: Float32Array;
  activation: LayerActivation;
  /** The slope of leakyRelu, the α of elu, or the per-unit slopes of prelu. */
  param?: number | Float32Array | undefined;
}

/**
 * denseBackward's arguments by name. Build one object per layer and reuse it, changing only the
 * fields that change between steps: then no call allocates.
 */
export interface DenseBackwardArgs {
  rows: number;
  inputs: number;
  units: number;
  /** rows × inputs, the layer's input. */
  x: Float32Array;
  /** units × inputs, as torch.nn.Linear. */
  weights: Float32Array;
  /** rows × units: the pre-activation and the activation of the forward pass. */
  z: Float32Array;
  a: Float32Array;
  /** ∂E/∂a (rows × units), or null when dZ already holds ∂E/∂z (a fused loss wrote it). */
  dA: Float32Array | null;
  dZ: Float32Array;
  dWeights: Float32Array;
  dBias: Float32Array;
  /** ∂E/∂x (rows × inputs), or null for the first layer. */
  dX: Float32Array | null;
  activation: LayerActivation;
  /** The slope of leakyRelu, the α of elu, or the per-unit slopes of prelu. */
  param?: number | Float32Array | undefined;
  /** prelu with dA: the slopes' gradient (units), overwritten. */
  dSlopes?: Float32Array | undefined;
}

/**
 * batchNormForward's arguments by name (x and y rows × cols, the rest one value per column).
 * Build one object per layer and reuse it, as DenseBackwardArgs.
 */
export interface BatchNormForwardArgs {
  rows: number;
  cols: number;
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
  /** Written: the statistics that normalised x, and xhat for the backward pass. */
  mean: Float32Array;
  invStd: Float32Array;
  xhat: Float32Array;
  /** gamma·xhat + beta; may be x. */
  y: Float32Array;
  /** Batch statistics (and running ones updated) when true, the running statistics otherwise. */
  training: boolean;
  /** PyTorch's defaults: momentum 0.1, eps 1e-5. */
  momentum?: number | undefined;
  eps?: number | undefined;
}

/** batchNormBackward's arguments by name (dy, xhat and dx rows × cols, the rest one value per column). */
export interface BatchNormBackwardArgs {
  rows: number;
  cols: number;
  dy: Float32Array;
  xhat: Float32Array;
  gamma: Float32Array;
  invStd: Float32Array;
  /** Written; may be dy. */
  dx: Float32Array;
  dGamma: Float32Array;
  dBeta: Float32Array;
}

/** Optimizer state: flat buffers the same length as the parameters, zero-initialised by the caller. */
export interface SgdState {
  momentumBuffer?: Float32Array;
}
export interface RmspropState {
  squareAvg: Float32Array;
  momentumBuffer?: Float32Array;
  gradAvg?: Float32Array;
}
export interface AdamState {
  expAvg: Float32Array;
  expAvgSq: Float32Array;
}
export interface AdagradState {
  sum: Float32Array;
}

/**
 * Float32 kernels. Matrices are row-major and tightly packed; `rows × cols` arrays must hold
 * at least `rows * cols` elements (subarrays are fine). Outputs are written, never allocated.
 * Every method validates its arguments and throws TypeError/RangeError naming the argument.
 * Scalar results (losses, norms, penalties) land in `result[0]`, a Float64Array the caller
 * reuses: a returned double would be boxed in a fresh heap number on every training step.
 */
export interface Backend {
  readonly name: BackendName;
  /** The instruction set the kernels run on: 'avx512' | 'avx2' | 'generic' (native), 'simd128' (wasm), 'none' (js). */
  simdLevel(): string;

  /**
   * A zero-filled array that this backend's kernels read and write without copying. The WASM
   * backend computes only on arrays it allocated (views into its own memory).
   */
  allocate(length: number): Float32Array;
  allocateInt32(length: number): Int32Array;
  allocateUint32(length: number): Uint32Array;
  /** True when the kernels can read `array` in place (always for native and js; wasm: its own memory). */
  accepts(array: Float32Array | Int32Array | Uint32Array): boolean;
  /** Returns memory from `allocate*` to the backend; the array must not be used afterwards. */
  release(array: Float32Array | Int32Array | Uint32Array): void;

  /** Threads used inside one large GEMM (native only; others report 1). Pool workers keep 1. */
  setThreads(threads: number): void;
  getThreads(): number;

  /**
   * C = alpha·op(A)·op(B) + beta·C with op(A) m×k and op(B) k×n. A is stored m×k, or k×m when
   * transA; B is stored k×n, or n×k when transB. With beta = 0, C is overwritten (NaN in C ignored).
   * Positional on purpose, unlike the dense and batch-norm kernels: it is BLAS's sgemm order (less
   * the leading dimensions, always packed here), which readers of any BLAS already know.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    b: Float32Array,
    beta: number,
    c: Float32Array,
  ): void;

  /** a = g(z) over `n` elements; `alpha` is the slope of leakyRelu or the α of elu. */
  activationForward(kind: ElementwiseActivation, n: number, z: Float32Array, a: Float32Array, alpha?: number): void;
  /** dZ = dA ⊙ g'(z), using z and a = g(z) (whichever is cheaper for g). */
  activationBackward(
    kind: ElementwiseActivation,
    n: number,
    z: Float32Array,
    a: Float32Array,
    dA: Float32Array,
    dZ: Float32Array,
    alpha?: number,
  ): void;
  /** PReLU with one learnable slope per column (unit): a = z > 0 ? z : alpha[j]·z. */
  preluForward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, a: Float32Array): void;
  /** dZ = dA ⊙ (z > 0 ? 1 : alpha[j]); dAlpha[j] = Σ_i dA[i, j]·min(z[i, j], 0) (overwritten). */
  preluBackward(
    rows: number,
    cols: number,
    z: Float32Array,
    alpha: Float32Array,
    dA: Float32Array,
    dZ: Float32Array,
    dAlpha: Float32Array,
  ): void;

  /**
   * Softmax + categorical cross-entropy with class-index labels. Writes the probabilities,
   * dLogits = (p − onehot(y)) / rows, and the mean loss over the batch into result[0].
   */
  softmaxCrossEntropyIndex(
    rows: number,
    cols: number,
    logits: Float32Array,
    labels: Int32Array,
    probs: Float32Array,
    dLogits: Float32Array,
    result: Float64Array,
  ): void;
  /** As softmaxCrossEntropyIndex with one-hot (or soft) target rows. */
  softmaxCrossEntropyOneHot(
    rows: number,
    cols: number,
    logits: Float32Array,
    targets: Float32Array,
    probs: Float32Array,
    dLogits: Float32Array,
    result: Float64Array,
  ): void;
  /**
   * Sigmoid + binary cross-entropy from logits, max(z,0) − z·y + log1p(e^−|z|), stable for any
   * |z|. Mean over all rows × cols outputs (as PyTorch and Keras); dLogits = (σ(z) − y)/(rows·cols).
   */
  sigmoidBinaryCrossEntropy(
    rows: number,
    cols: number,
    logits: Float32Array,
    targets: Float32Array,
    probs: Float32Array,
    dLogits: Float32Array,
    result: Float64Array,
  ): void;
  /** Mean squared error over all rows × cols outputs; dPred = 2(pred − target)/(rows·cols). */
  meanSquaredError(rows: number, cols: number, pred: Float32Array, targets: Float32Array, dPred: Float32Array, result: Float64Array): void;

  /** One torch.optim.SGD step (step counts from 1; momentum needs state.momentumBuffer). */
  sgdStep(params: Float32Array, grads: Float32Array, state: SgdState, options: SgdOptions, step: number): void;
  rmspropStep(params: Float32Array, grads: Float32Array, state: RmspropState, options: RmspropOptions, step: number): void;
  adamStep(params: Float32Array, grads: Float32Array, state: AdamState, options: AdamOptions, step: number): void;
  adagradStep(params: Float32Array, grads: Float32Array, state: AdagradState, options: AdagradOptions, step: number): void;

  /** result[0] = Σ x² over `n` elements, accumulated in double precision. */
  sumSquares(n: number, x: Float32Array, result: Float64Array): void;
  /** result[0] = the index of the first NaN or infinity among x's first `n` elements, or −1. */
  firstNonFinite(n: number, x: Float32Array, result: Float64Array): void;
  /** Scales g so ‖g‖ ≤ maxNorm (torch.nn.utils.clip_grad_norm_); result[0] = the norm before clipping. */
  clipByNorm(n: number, grads: Float32Array, maxNorm: number, result: Float64Array): void;
  /** Clamps every gradient to [−limit, limit]. */
  clipByValue(n: number, grads: Float32Array, limit: number): void;
  /** grads += λ·sign(w); result[0] = the penalty λ·Σ|w|. */
  l1Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number, result: Float64Array): void;
  /** grads += 2λ·w; result[0] = the penalty λ·Σw² (Keras convention). */
  l2Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number, result: Float64Array): void;

  /**
   * One dense layer forward in one call: z = x·Wᵀ + b (x rows × inputs, W units × inputs as in
   * torch.nn.Linear), a = g(z). `param` is the slope of leakyRelu, the α of elu, or the per-unit
   * slopes of prelu. `a` may be the same array as `z`.
   */
  denseForward(args: DenseForwardArgs): void;
  /**
   * One dense layer backward in one call. With `dA`, first dZ = dA ⊙ g'(z) (prelu also writes
   * dSlopes); with `dA = null`, dZ already holds ∂E/∂z (a fused loss wrote it). Then
   * dW = dZᵀ·x, dB = Σ_rows dZ and, unless `dX` is null (the first layer), dX = dZ·W.
   */
  denseBackward(args: DenseBackwardArgs): void;

  /**
   * Validates a stack of plain dense layers once (shapes chained, parameter offsets, activations)
   * and encodes it for denseStackForward on this backend.
   */
  denseStack(layers: readonly DenseStackLayer[]): DenseStack;
  /**
   * An inference forward pass through every layer of `stack` in one call, each layer as
   * denseForward: x (rows × stack.inputs) → out (rows × stack.outputs), with `params` the flat
   * buffer the stack's offsets index and `scratch` (rows × stack.scratchPerRow) for the hidden
   * activations. x is checked first: result[0] = the index of its first NaN or infinity (and
   * nothing else is computed), or −1.
   */
  denseStackForward(stack: DenseStack, rows: number, params: Float32Array, x: Float32Array, scratch: Float32Array, out: Float32Array, result: Float64Array): void;

  /** out[i] = x[i]·y[i] (applying dropout masks); out may be x or y. */
  multiply(n: number, x: Float32Array, y: Float32Array, out: Float32Array): void;
  /** out[i] += alpha·x[i] (residual connections and their gradients). */
  axpy(n: number, alpha: number, x: Float32Array, out: Float32Array): void;
  /**
   * Batch normalisation per column of x (rows × cols). Training: batch mean and biased variance,
   * running statistics updated as PyTorch does (momentum, unbiased variance); otherwise the
   * running statistics normalise. Writes mean, invStd and xhat (for the backward pass) and
   * y = gamma·xhat + beta (y may be x).
   */
  batchNormForward(args: BatchNormForwardArgs): void;
  /** Training-mode gradient: dx (may be dy), dGamma = Σ dy·xhat, dBeta = Σ dy per column. */
  batchNormBackward(args: BatchNormBackwardArgs): void;

  /** Inverted-dropout mask from the xoshiro128** stream held in `state` (4 words, advanced in place): 0 with probability `rate`, else 1/(1 − rate). */
  dropoutMask(state: Uint32Array, n: number, rate: number, mask: Float32Array): void;
}
