// The one source of the enum codes and kernel names shared by TypeScript, C++ and
// AssemblyScript. `npm run gen:codes` writes native/include/kernel_codes.h and
// assembly/kernel-codes.ts from this file; test/backend/kernel-codes.test.ts fails when
// the generated files are stale, so the three languages cannot drift apart.

/** Element-wise activations understood by `activationForward` / `activationBackward`. */
export const ACTIVATION_CODES = {
  identity: 0,
  sigmoid: 1,
  tanh: 2,
  relu: 3,
  leakyRelu: 4,
  elu: 5,
  selu: 6,
  softplus: 7,
} as const;

export type ElementwiseActivation = keyof typeof ACTIVATION_CODES;

/** SELU constants (Klambauer et al. 2017), as PyTorch spells them. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

/** The low-level entry points every compiled backend exports, by the same name. */
export const KERNEL_NAMES = [
  'gemm',
  'biasAdd',
  'columnSums',
  'activationForward',
  'activationBackward',
  'preluForward',
  'preluBackward',
  'softmaxForward',
  'softmaxBackward',
  'softmaxCrossEntropyIndex',
  'softmaxCrossEntropyOneHot',
  'sigmoidBinaryCrossEntropy',
  'meanSquaredError',
  'sgdStep',
  'rmspropStep',
  'adamStep',
  'adagradStep',
  'sumSquares',
  'clipByNorm',
  'clipByValue',
  'l1Penalty',
  'l2Penalty',
  'randomUint32',
  'randomUniform',
  'dropoutMask',
] as const;

export type KernelName = (typeof KERNEL_NAMES)[number];
