// The one source of the enum codes shared by TypeScript, C++ and AssemblyScript (the kernels
// themselves are declared in kernel-table.ts). `npm run gen:codes` writes
// native/include/kernel_codes.h and assembly/kernel-codes.ts from this file;
// test/backend/kernel-codes.test.ts fails when a generated file is stale, so the three
// languages cannot drift apart.

/**
 * Activations of a dense layer. Codes 0–7 are element-wise (`activationForward` /
 * `activationBackward` take them); prelu (a learnable slope per unit) and softmax (per row) are
 * understood by the fused layer kernels `denseForward` / `denseBackward`.
 */
export const ACTIVATION_CODES = {
  identity: 0,
  sigmoid: 1,
  tanh: 2,
  relu: 3,
  leakyRelu: 4,
  elu: 5,
  selu: 6,
  softplus: 7,
  prelu: 8,
  softmax: 9,
} as const;

export type LayerActivation = keyof typeof ACTIVATION_CODES;
export type ElementwiseActivation = Exclude<LayerActivation, 'prelu' | 'softmax'>;
export const ELEMENTWISE_ACTIVATIONS = Object.keys(ACTIVATION_CODES).filter((name) => name !== 'prelu' && name !== 'softmax') as ElementwiseActivation[];

/** batchNormForward flags. */
export const BATCH_NORM_FLAGS = {
  /** Normalise with the batch's statistics and update the running ones (else use the running ones). */
  training: 1,
} as const;

/** denseBackward flags. */
export const DENSE_FLAGS = {
  /** dZ already holds ∂E/∂z (from a fused loss): skip the activation's backward. */
  gradientGiven: 1,
  /** Compute dX = dZ·W for the layer below (off for the first layer). */
  inputGradient: 2,
} as const;

/**
 * The plan of denseStackForward, a Float64Array: HEADER slots (the layer count, then the slot
 * the kernel writes its result to), then STRIDE slots per layer at the offsets below. Parameter
 * offsets index the flat parameter buffer; the activation is an ACTIVATION_CODES entry.
 */
export const DENSE_STACK_PLAN = {
  header: 2,
  stride: 8,
  layers: 0,
  result: 1,
  inputs: 0,
  units: 1,
  weights: 2,
  bias: 3,
  slopes: 4,
  activation: 5,
  alpha: 6,
} as const;

/** SELU constants (Klambauer et al. 2017), as PyTorch spells them. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;
