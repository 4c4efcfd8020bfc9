// Fused dense layer kernels for the js reference, composed from the other js kernels (the
// compiled backends do each direction in one call).
import { ACTIVATION_CODES as A, DENSE_FLAGS } from '../kernel-codes.ts';
import { activationBackward, activationForward, preluBackward, preluForward, softmaxBackward, softmaxForward } from './activations.ts';
import type { JsGemm } from './gemm.ts';
import { biasAdd, columnSums } from './bias.ts';
import { createDenseStackForward } from './dense-stack.ts';

// [alpha, beta] blocks for the GEMMs inside a layer (module state is per thread in JS).
const OVERWRITE = Float64Array.of(1, 0);

export function createDenseKernels(gemm: JsGemm) {
  const kernels = {
    denseForward(rows: number, inputs: number, units: number, x: Float32Array, w: Float32Array, bias: Float32Array, z: Float32Array, a: Float32Array, code: number, slopes: Float32Array, s: Float64Array): void {
      gemm.gemm(false, true, rows, units, inputs, x, w, z, OVERWRITE);
      biasAdd(rows, units, z, bias);
      if (code === A.prelu) preluForward(rows, units, z, slopes, a);
      else if (code === A.softmax) softmaxForward(rows, units, z, a);
      else activationForward(code, rows * units, z, a, s);
    },

    denseBackward(
      rows: number, inputs: number, units: number, x: Float32Array, w: Float32Array, z: Float32Array, a: Float32Array, dA: Float32Array, dZ: Float32Array,
      dW: Float32Array, dB: Float32Array, dX: Float32Array, code: number, slopes: Float32Array, dSlopes: Float32Array, flags: number, s: Float64Array,
    ): void {
      if ((flags & DENSE_FLAGS.gradientGiven) === 0) {
        if (code === A.prelu) preluBackward(rows, units, z, slopes, dA, dZ, dSlopes);
        else if (code === A.softmax) softmaxBackward(rows, units, a, dA, dZ);
        else activationBackward(code, rows * units, z, a, dA, dZ, s);
      }
      gemm.gemm(true, false, units, inputs, rows, dZ, x, dW, OVERWRITE);
      columnSums(rows, units, dZ, dB);
      if ((flags & DENSE_FLAGS.inputGradient) !== 0) gemm.gemm(false, false, rows, inputs, units, dZ, w, dX, OVERWRITE);
    },
  };
  return { ...kernels, denseStackForward: createDenseStackForward(kernels.denseForward) };
}
