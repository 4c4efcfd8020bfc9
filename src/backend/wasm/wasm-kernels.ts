// Generated from src/backend/kernel-table.ts by `npm run gen:codes`. Do not edit.
// The WASM kernels behind the KernelAbi signatures: each array is passed as its byte offset
// into the module's memory (the arrays were checked to live there), booleans as 0/1.
import type { KernelAbi, WasmKernelExports } from '../kernel-abi.ts';

/** The byte offset of an array in the module's memory. */
export type ByteOffsetOf = (array: Float32Array | Int32Array | Uint32Array | Float64Array) => number;

export function wasmKernels(e: WasmKernelExports, at: ByteOffsetOf): KernelAbi {
  return {
    gemm: (transA, transB, m, n, k, a, b, c, s) => e.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, at(a), at(b), at(c), at(s)),
    activationForward: (code, n, z, a, s) => e.activationForward(code, n, at(z), at(a), at(s)),
    activationBackward: (code, n, z, a, dA, dZ, s) => e.activationBackward(code, n, at(z), at(a), at(dA), at(dZ), at(s)),
    preluForward: (rows, cols, z, alpha, a) => e.preluForward(rows, cols, at(z), at(alpha), at(a)),
    preluBackward: (rows, cols, z, alpha, dA, dZ, dAlpha) => e.preluBackward(rows, cols, at(z), at(alpha), at(dA), at(dZ), at(dAlpha)),
    softmaxCrossEntropyIndex: (rows, cols, logits, labels, probs, dLogits, s) => e.softmaxCrossEntropyIndex(rows, cols, at(logits), at(labels), at(probs), at(dLogits), at(s)),
    softmaxCrossEntropyOneHot: (rows, cols, logits, targets, probs, dLogits, s) => e.softmaxCrossEntropyOneHot(rows, cols, at(logits), at(targets), at(probs), at(dLogits), at(s)),
    sigmoidBinaryCrossEntropy: (rows, cols, logits, targets, probs, dLogits, s) => e.sigmoidBinaryCrossEntropy(rows, cols, at(logits), at(targets), at(probs), at(dLogits), at(s)),
    meanSquaredError: (rows, cols, pred, targets, dPred, s) => e.meanSquaredError(rows, cols, at(pred), at(targets), at(dPred), at(s)),
    sgdStep: (n, p, g, buf, s) => e.sgdStep(n, at(p), at(g), at(buf), at(s)),
    rmspropStep: (n, p, g, squareAvg, momentumBuf, gradAvg, s) => e.rmspropStep(n, at(p), at(g), at(squareAvg), at(momentumBuf), at(gradAvg), at(s)),
    adamStep: (n, p, g, expAvg, expAvgSq, s) => e.adamStep(n, at(p), at(g), at(expAvg), at(expAvgSq), at(s)),
    adagradStep: (n, p, g, sum, s) => e.adagradStep(n, at(p), at(g), at(sum), at(s)),
    sumSquares: (n, x, s) => e.sumSquares(n, at(x), at(s)),
    firstNonFinite: (n, x, s) => e.firstNonFinite(n, at(x), at(s)),
    clipByNorm: (n, grads, s) => e.clipByNorm(n, at(grads), at(s)),
    clipByValue: (n, grads, s) => e.clipByValue(n, at(grads), at(s)),
    l1Penalty: (n, weights, grads, s) => e.l1Penalty(n, at(weights), at(grads), at(s)),
    l2Penalty: (n, weights, grads, s) => e.l2Penalty(n, at(weights), at(grads), at(s)),
    dropoutMask: (state, n, mask, s) => e.dropoutMask(at(state), n, at(mask), at(s)),
    denseForward: (rows, inputs, units, x, w, bias, z, a, code, slopes, s) => e.denseForward(rows, inputs, units, at(x), at(w), at(bias), at(z), at(a), code, at(slopes), at(s)),
    denseBackward: (rows, inputs, units, x, w, z, a, dA, dZ, dW, dB, dX, code, slopes, dSlopes, flags, s) => e.denseBackward(rows, inputs, units, at(x), at(w), at(z), at(a), at(dA), at(dZ), at(dW), at(dB), at(dX), code, at(slopes), at(dSlopes), flags, at(s)),
    denseStackForward: (rows, plan, params, x, scratch, out) => e.denseStackForward(rows, at(plan), at(params), at(x), at(scratch), at(out)),
    multiply: (n, x, y, out) => e.multiply(n, at(x), at(y), at(out)),
    axpy: (n, x, out, s) => e.axpy(n, at(x), at(out), at(s)),
    batchNormForward: (rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y, flags, s) => e.batchNormForward(rows, cols, at(x), at(gamma), at(beta), at(runningMean), at(runningVar), at(mean), at(invStd), at(xhat), at(y), flags, at(s)),
    batchNormBackward: (rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta) => e.batchNormBackward(rows, cols, at(dy), at(xhat), at(gamma), at(invStd), at(dx), at(dGamma), at(dBeta)),
  };
}
