// WebAssembly kernels of hyperprop. This file only re-exports. ABI: src/backend/compiled-kernels.ts
// (WasmExports): every array is a byte offset into the imported shared memory (env.memory),
// booleans and integer flags are 0/1 i32 arguments. Floating-point scalars never travel as
// arguments or return values: each kernel that needs them takes `s`, the byte offset of the
// caller's scalar block (consecutive f64 slots, last argument), reads its inputs from the slots
// listed at its definition, and writes a floating-point result (loss, sum, norm, penalty) into
// s[0]; every kernel returns void. Nothing here allocates; heapBase() is the first byte the JS
// arena may use (after static data and the GEMM packing scratch). denseForward/denseBackward
// (dense.ts) fuse a whole layer's GEMMs, bias and activation into one call per direction.
export { heapBase } from './scratch';
export { gemm } from './gemm';
export { activationForward, activationBackward } from './activations';
export { preluForward, preluBackward } from './prelu';
export {
  softmaxCrossEntropyIndex, softmaxCrossEntropyOneHot, sigmoidBinaryCrossEntropy, meanSquaredError,
} from './losses';
export { sgdStep, rmspropStep, adamStep, adagradStep } from './optimizers';
export { sumSquares, clipByNorm, clipByValue, l1Penalty, l2Penalty } from './reductions';
export { dropoutMask } from './random';
export { denseForward, denseBackward } from './dense';
export { denseStackForward } from './dense-stack';
export { multiply, axpy } from './elementwise';
export { batchNormForward, batchNormBackward } from './normalization';
