// Generated from src/backend/kernel-table.ts by `npm run gen:codes`. Do not edit.
// The unchecked ABI of the compiled backends, one signature per kernel (see compiled-kernels.ts
// for the calling convention), and the index of every scalar-block slot.

type F32 = Float32Array;
type F64 = Float64Array;
type I32 = Int32Array;
type U32 = Uint32Array;

/** The kernels every compiled backend exports, by the same name. */
export const KERNEL_NAMES = [
  'gemm',
  'activationForward',
  'activationBackward',
  'preluForward',
  'preluBackward',
  'softmaxCrossEntropyIndex',
  'softmaxCrossEntropyOneHot',
  'sigmoidBinaryCrossEntropy',
  'meanSquaredError',
  'sgdStep',
  'rmspropStep',
  'adamStep',
  'adagradStep',
  'sumSquares',
  'firstNonFinite',
  'clipByNorm',
  'clipByValue',
  'l1Penalty',
  'l2Penalty',
  'dropoutMask',
  'denseForward',
  'denseBackward',
  'denseStackForward',
  'multiply',
  'axpy',
  'batchNormForward',
  'batchNormBackward',
] as const;

export type KernelName = (typeof KERNEL_NAMES)[number];

/** Arrays are typed arrays the kernel computes on in place; `s` is the scalar block. */
export interface KernelAbi {
  /**
   * C = alpha·op(A)·op(B) + beta·C; op(A) m×k (A stored k×m when transA), op(B) k×n (B stored n×k when transB).
   * s = [alpha, beta]
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: F32, b: F32, c: F32, s: F64): void;
  /**
   * a = g(z) over n elements for an element-wise ACTIVATION_CODES entry; alpha is the leakyRelu slope or the elu α.
   * s = [alpha]
   */
  activationForward(code: number, n: number, z: F32, a: F32, s: F64): void;
  /**
   * dZ = dA ⊙ g'(z), using z or a = g(z).
   * s = [alpha]
   */
  activationBackward(code: number, n: number, z: F32, a: F32, dA: F32, dZ: F32, s: F64): void;
  /**
   * a = z > 0 ? z : alpha[j]·z, one slope per column.
   */
  preluForward(rows: number, cols: number, z: F32, alpha: F32, a: F32): void;
  /**
   * dZ = dA ⊙ (z > 0 ? 1 : alpha[j]); dAlpha[j] = Σ_i dA·min(z, 0) (overwritten).
   */
  preluBackward(rows: number, cols: number, z: F32, alpha: F32, dA: F32, dZ: F32, dAlpha: F32): void;
  /**
   * Fused loss from logits: writes probs and dLogits = ∂(mean loss)/∂logits; the mean loss lands in the result slot.
   * s[0] ← loss
   */
  softmaxCrossEntropyIndex(rows: number, cols: number, logits: F32, labels: I32, probs: F32, dLogits: F32, s: F64): void;
  /**
   * Fused loss from logits: writes probs and dLogits = ∂(mean loss)/∂logits; the mean loss lands in the result slot.
   * s[0] ← loss
   */
  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: F32, targets: F32, probs: F32, dLogits: F32, s: F64): void;
  /**
   * Fused loss from logits: writes probs and dLogits = ∂(mean loss)/∂logits; the mean loss lands in the result slot.
   * s[0] ← loss
   */
  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: F32, targets: F32, probs: F32, dLogits: F32, s: F64): void;
  /**
   * Mean squared error over rows × cols; dPred = 2(pred − targets)/(rows·cols).
   * s[0] ← loss
   */
  meanSquaredError(rows: number, cols: number, pred: F32, targets: F32, dPred: F32, s: F64): void;
  /**
   * torch.optim.SGD. buf is touched only with momentum; firstStep copies the gradient into it (as torch does).
   * s = [lr, momentum, dampening, nesterov, weightDecay, firstStep]
   * buf may be empty unless momentum != 0.
   */
  sgdStep(n: number, p: F32, g: F32, buf: F32, s: F64): void;
  /**
   * torch.optim.RMSprop. momentumBuf is touched only with momentum > 0, gradAvg only when centered.
   * s = [lr, alpha, eps, weightDecay, momentum, centered]
   * momentumBuf may be empty unless momentum > 0.
   * gradAvg may be empty unless centered.
   */
  rmspropStep(n: number, p: F32, g: F32, squareAvg: F32, momentumBuf: F32, gradAvg: F32, s: F64): void;
  /**
   * torch.optim.Adam (decoupledDecay = 0) and AdamW (coupledWeightDecay = 0); stepSize = lr/(1 − β1^t), sqrtBiasCorrection2 = √(1 − β2^t).
   * s = [beta1, beta2, eps, stepSize, sqrtBiasCorrection2, coupledWeightDecay, decoupledDecay]
   */
  adamStep(n: number, p: F32, g: F32, expAvg: F32, expAvgSq: F32, s: F64): void;
  /**
   * torch.optim.Adagrad; clr = lr/(1 + (t − 1)·lrDecay).
   * s = [clr, eps, weightDecay]
   */
  adagradStep(n: number, p: F32, g: F32, sum: F32, s: F64): void;
  /**
   * Σ x² over n elements, accumulated in double precision.
   * s[0] ← sum
   */
  sumSquares(n: number, x: F32, s: F64): void;
  /**
   * The index of the first NaN or infinity among n elements, or −1: the finiteness check of a batch the kernels read in place.
   * s[0] ← index
   */
  firstNonFinite(n: number, x: F32, s: F64): void;
  /**
   * torch.nn.utils.clip_grad_norm_: scales grads so ‖grads‖ ≤ maxNorm; the norm before clipping lands in the result slot.
   * s = [maxNorm]; s[0] ← norm
   */
  clipByNorm(n: number, grads: F32, s: F64): void;
  /**
   * Clamps grads to [−limit, limit].
   * s = [limit]
   */
  clipByValue(n: number, grads: F32, s: F64): void;
  /**
   * grads += λ·sign(weights); the penalty λ·Σ|weights| lands in the result slot.
   * s = [lambda]; s[0] ← penalty
   */
  l1Penalty(n: number, weights: F32, grads: F32, s: F64): void;
  /**
   * grads += 2λ·weights; the penalty λ·Σweights² lands in the result slot.
   * s = [lambda]; s[0] ← penalty
   */
  l2Penalty(n: number, weights: F32, grads: F32, s: F64): void;
  /**
   * mask[i] = (next() >>> 8) >= threshold ? scale : 0 from the xoshiro128** state (4 words, advanced in place).
   * s = [threshold, scale]
   */
  dropoutMask(state: U32, n: number, mask: F32, s: F64): void;
  /**
   * One dense layer: z = x·wᵀ + bias (w units × inputs as torch.nn.Linear), a = g(z) for any ACTIVATION_CODES entry (prelu reads slopes). a may be z.
   * s = [alpha]
   * slopes may be empty unless code == ACT_PRELU.
   */
  denseForward(rows: number, inputs: number, units: number, x: F32, w: F32, bias: F32, z: F32, a: F32, code: number, slopes: F32, s: F64): void;
  /**
   * One dense layer backward. Unless flags has DENSE_GRADIENT_GIVEN, dZ = dA ⊙ g'(z, a) first (prelu also writes dSlopes); then dW = dZᵀ·x, dB = Σ_rows dZ and, with DENSE_INPUT_GRADIENT, dX = dZ·w. Outputs are overwritten.
   * s = [alpha]
   * dA may be empty unless (flags & DENSE_GRADIENT_GIVEN) == 0.
   * dX may be empty unless (flags & DENSE_INPUT_GRADIENT) != 0.
   * slopes may be empty unless code == ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) == 0.
   * dSlopes may be empty unless code == ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) == 0.
   */
  denseBackward(rows: number, inputs: number, units: number, x: F32, w: F32, z: F32, a: F32, dA: F32, dZ: F32, dW: F32, dB: F32, dX: F32, code: number, slopes: F32, dSlopes: F32, flags: number, s: F64): void;
  /**
   * An inference pass through a stack of dense layers described by plan (a Float64Array, slots in DENSE_STACK_PLAN); the binding checks the plan against params and sizes x, scratch and out from it. Six arguments: the most node-addon-api's CallbackInfo holds without a heap allocation.
   */
  denseStackForward(rows: number, plan: F64, params: F32, x: F32, scratch: F32, out: F32): void;
  /**
   * out[i] = x[i]·y[i] over n elements; out may be x or y.
   */
  multiply(n: number, x: F32, y: F32, out: F32): void;
  /**
   * out[i] += alpha·x[i] over n elements.
   * s = [alpha]
   */
  axpy(n: number, x: F32, out: F32, s: F64): void;
  /**
   * Batch normalisation per column (PyTorch running statistics); with BATCH_NORM_TRAINING the batch statistics, else the running ones. y may be x.
   * s = [momentum, eps]
   */
  batchNormForward(rows: number, cols: number, x: F32, gamma: F32, beta: F32, runningMean: F32, runningVar: F32, mean: F32, invStd: F32, xhat: F32, y: F32, flags: number, s: F64): void;
  /**
   * Training-mode batch-norm backward: dx (may be dy), dGamma = Σ dy·xhat, dBeta = Σ dy per column.
   */
  batchNormBackward(rows: number, cols: number, dy: F32, xhat: F32, gamma: F32, invStd: F32, dx: F32, dGamma: F32, dBeta: F32): void;
}

/** The same kernels as WASM exports: every array (the scalar block included) as its byte offset into the module's memory, booleans as 0/1. */
export interface WasmKernelExports {
  gemm(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number, s: number): void;
  activationForward(code: number, n: number, z: number, a: number, s: number): void;
  activationBackward(code: number, n: number, z: number, a: number, dA: number, dZ: number, s: number): void;
  preluForward(rows: number, cols: number, z: number, alpha: number, a: number): void;
  preluBackward(rows: number, cols: number, z: number, alpha: number, dA: number, dZ: number, dAlpha: number): void;
  softmaxCrossEntropyIndex(rows: number, cols: number, logits: number, labels: number, probs: number, dLogits: number, s: number): void;
  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: number, targets: number, probs: number, dLogits: number, s: number): void;
  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: number, targets: number, probs: number, dLogits: number, s: number): void;
  meanSquaredError(rows: number, cols: number, pred: number, targets: number, dPred: number, s: number): void;
  sgdStep(n: number, p: number, g: number, buf: number, s: number): void;
  rmspropStep(n: number, p: number, g: number, squareAvg: number, momentumBuf: number, gradAvg: number, s: number): void;
  adamStep(n: number, p: number, g: number, expAvg: number, expAvgSq: number, s: number): void;
  adagradStep(n: number, p: number, g: number, sum: number, s: number): void;
  sumSquares(n: number, x: number, s: number): void;
  firstNonFinite(n: number, x: number, s: number): void;
  clipByNorm(n: number, grads: number, s: number): void;
  clipByValue(n: number, grads: number, s: number): void;
  l1Penalty(n: number, weights: number, grads: number, s: number): void;
  l2Penalty(n: number, weights: number, grads: number, s: number): void;
  dropoutMask(state: number, n: number, mask: number, s: number): void;
  denseForward(rows: number, inputs: number, units: number, x: number, w: number, bias: number, z: number, a: number, code: number, slopes: number, s: number): void;
  denseBackward(rows: number, inputs: number, units: number, x: number, w: number, z: number, a: number, dA: number, dZ: number, dW: number, dB: number, dX: number, code: number, slopes: number, dSlopes: number, flags: number, s: number): void;
  denseStackForward(rows: number, plan: number, params: number, x: number, scratch: number, out: number): void;
  multiply(n: number, x: number, y: number, out: number): void;
  axpy(n: number, x: number, out: number, s: number): void;
  batchNormForward(rows: number, cols: number, x: number, gamma: number, beta: number, runningMean: number, runningVar: number, mean: number, invStd: number, xhat: number, y: number, flags: number, s: number): void;
  batchNormBackward(rows: number, cols: number, dy: number, xhat: number, gamma: number, invStd: number, dx: number, dGamma: number, dBeta: number): void;
}

// Scalar-block slots: the index of each input and result, by kernel.
export const GEMM_ALPHA = 0;
export const GEMM_BETA = 1;
export const ACTIVATION_FORWARD_ALPHA = 0;
export const ACTIVATION_BACKWARD_ALPHA = 0;
export const SOFTMAX_CROSS_ENTROPY_INDEX_LOSS = 0;
export const SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS = 0;
export const SIGMOID_BINARY_CROSS_ENTROPY_LOSS = 0;
export const MEAN_SQUARED_ERROR_LOSS = 0;
export const SGD_STEP_LR = 0;
export const SGD_STEP_MOMENTUM = 1;
export const SGD_STEP_DAMPENING = 2;
export const SGD_STEP_NESTEROV = 3;
export const SGD_STEP_WEIGHT_DECAY = 4;
export const SGD_STEP_FIRST_STEP = 5;
export const RMSPROP_STEP_LR = 0;
export const RMSPROP_STEP_ALPHA = 1;
export const RMSPROP_STEP_EPS = 2;
export const RMSPROP_STEP_WEIGHT_DECAY = 3;
export const RMSPROP_STEP_MOMENTUM = 4;
export const RMSPROP_STEP_CENTERED = 5;
export const ADAM_STEP_BETA1 = 0;
export const ADAM_STEP_BETA2 = 1;
export const ADAM_STEP_EPS = 2;
export const ADAM_STEP_STEP_SIZE = 3;
export const ADAM_STEP_SQRT_BIAS_CORRECTION2 = 4;
export const ADAM_STEP_COUPLED_WEIGHT_DECAY = 5;
export const ADAM_STEP_DECOUPLED_DECAY = 6;
export const ADAGRAD_STEP_CLR = 0;
export const ADAGRAD_STEP_EPS = 1;
export const ADAGRAD_STEP_WEIGHT_DECAY = 2;
export const SUM_SQUARES_SUM = 0;
export const FIRST_NON_FINITE_INDEX = 0;
export const CLIP_BY_NORM_MAX_NORM = 0;
export const CLIP_BY_NORM_NORM = 0;
export const CLIP_BY_VALUE_LIMIT = 0;
export const L1_PENALTY_LAMBDA = 0;
export const L1_PENALTY_PENALTY = 0;
export const L2_PENALTY_LAMBDA = 0;
export const L2_PENALTY_PENALTY = 0;
export const DROPOUT_MASK_THRESHOLD = 0;
export const DROPOUT_MASK_SCALE = 1;
export const DENSE_FORWARD_ALPHA = 0;
export const DENSE_BACKWARD_ALPHA = 0;
export const AXPY_ALPHA = 0;
export const BATCH_NORM_FORWARD_MOMENTUM = 0;
export const BATCH_NORM_FORWARD_EPS = 1;
