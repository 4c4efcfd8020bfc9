// WebAssembly kernels of hyperprop. This file only re-exports. ABI: src/backend/compiled-kernels.ts
// (WasmExports): every array is a byte offset into the imported shared memory (env.memory),
// booleans are 0/1, losses and sums return f64. Nothing here allocates; heapBase() is the
// first byte the JS arena may use (after static data and the GEMM packing scratch).
export { heapBase } from './scratch';
export { gemm } from './gemm';
export { biasAdd, columnSums } from './bias';
export { activationForward, activationBackward } from './activations';
export { preluForward, preluBackward } from './prelu';
export { softmaxForward, softmaxBackward } from './softmax';
export {
  softmaxCrossEntropyIndex, softmaxCrossEntropyOneHot, sigmoidBinaryCrossEntropy, meanSquaredError,
} from './losses';
export { sgdStep, rmspropStep, adamStep, adagradStep } from './optimizers';
export { sumSquares, clipByNorm, clipByValue, l1Penalty, l2Penalty } from './reductions';
export { randomUint32, randomUniform, dropoutMask } from './random';
