// Generated from src/backend/kernel-table.ts by `npm run gen:codes`. Do not edit.
// WebAssembly kernels of hyperprop. ABI: src/backend/kernel-abi.ts (WasmKernelExports): every
// array is a byte offset into the imported shared memory (env.memory), booleans and integer
// flags are 0/1 i32 arguments. Floating-point scalars never travel as arguments or return
// values: a kernel that needs them takes `s`, the byte offset of the caller's scalar block
// (f64 slots at the offsets of kernel-slots.ts, last argument), and writes a floating-point
// result into its result slot; every kernel returns void. Nothing here allocates; heapBase() is
// the first byte the JS arena may use (after static data and the GEMM packing scratch).
export { heapBase } from './scratch';
export { gemm } from './gemm';
export { activationForward, activationBackward, preluForward, preluBackward } from './activations';
export { softmaxCrossEntropyIndex, softmaxCrossEntropyOneHot, sigmoidBinaryCrossEntropy, meanSquaredError } from './losses';
export { sgdStep, rmspropStep, adamStep, adagradStep } from './optimizers';
export { sumSquares, firstNonFinite, clipByNorm, clipByValue, l1Penalty, l2Penalty } from './reductions';
export { dropoutMask } from './random';
export { denseForward, denseBackward } from './dense';
export { denseStackForward } from './dense-stack';
export { multiply, axpy } from './elementwise';
export { batchNormForward, batchNormBackward } from './normalization';
