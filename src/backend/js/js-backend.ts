// The pure-TypeScript backend: the reference every other backend is checked against, and the
// last resort when neither native nor WASM can load.
import type { NativeAddon } from '../compiled-kernels.ts';
import type { KernelProvider } from '../checked-backend.ts';
import { CheckedBackend } from '../checked-backend.ts';
import { JsGemm } from './gemm.ts';
import { activationBackward, activationForward, preluBackward, preluForward } from './activations.ts';
import { meanSquaredError, sigmoidBinaryCrossEntropy, softmaxCrossEntropyIndex, softmaxCrossEntropyOneHot } from './losses.ts';
import { adagradStep, adamStep, rmspropStep, sgdStep } from './optimizers.ts';
import { clipByNorm, clipByValue, firstNonFinite, l1Penalty, l2Penalty, sumSquares } from './reductions.ts';
import { dropoutMask } from './random.ts';
import { createDenseKernels } from './dense.ts';
import { batchNormBackward, batchNormForward } from './normalization.ts';
import { axpy, multiply } from './elementwise.ts';

export function createJsKernels(): NativeAddon {
  const gemm = new JsGemm();
  const dense = createDenseKernels(gemm);
  return {
    gemm: (transA, transB, m, n, k, a, b, c, s) => gemm.gemm(transA, transB, m, n, k, a, b, c, s),
    activationForward,
    activationBackward,
    preluForward,
    preluBackward,
    softmaxCrossEntropyIndex,
    softmaxCrossEntropyOneHot,
    sigmoidBinaryCrossEntropy,
    meanSquaredError,
    sgdStep,
    rmspropStep,
    adamStep,
    adagradStep,
    sumSquares,
    firstNonFinite,
    clipByNorm,
    clipByValue,
    l1Penalty,
    l2Penalty,
    dropoutMask,
    denseForward: dense.denseForward,
    denseBackward: dense.denseBackward,
    denseStackForward: dense.denseStackForward,
    multiply,
    axpy,
    batchNormForward,
    batchNormBackward,
    setThreads: () => {},
    getThreads: () => 1,
    simdLevel: () => 'none',
  };
}

/** The js kernels and their memory, unchecked (the raw parity test calls them directly). */
export function createJsProvider(): KernelProvider {
  return {
    name: 'js',
    kernels: createJsKernels(),
    allocate: (length) => new Float32Array(length),
    allocateInt32: (length) => new Int32Array(length),
    allocateUint32: (length) => new Uint32Array(length),
    release: () => {},
    allocateScalarBlock: (length) => new Float64Array(length),
  };
}

export function createJsBackend(): CheckedBackend {
  return new CheckedBackend(createJsProvider());
}
