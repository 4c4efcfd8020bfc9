// Generated from src/backend/kernel-table.ts by `npm run gen:codes`. Do not edit.
// The public Backend method of every kernel whose row declares a surface: each argument
// checked by the kind of the kernel argument or slot it fills (and its rule), scalars written
// into the scalar block, then one call into the trusted kernels. CheckedBackend extends this
// class with the methods of the rows without a surface.
import type { BatchNormBackwardArgs, BatchNormForwardArgs, DenseBackwardArgs, DenseForwardArgs } from './backend.ts';
import type { KernelAbi } from './kernel-abi.ts';
import { ACTIVATION_BACKWARD_ALPHA, ACTIVATION_FORWARD_ALPHA, AXPY_ALPHA, BATCH_NORM_FORWARD_EPS, BATCH_NORM_FORWARD_MOMENTUM, CLIP_BY_NORM_MAX_NORM, CLIP_BY_NORM_NORM, CLIP_BY_VALUE_LIMIT, DENSE_BACKWARD_ALPHA, DENSE_FORWARD_ALPHA, FIRST_NON_FINITE_INDEX, GEMM_ALPHA, GEMM_BETA, L1_PENALTY_LAMBDA, L1_PENALTY_PENALTY, L2_PENALTY_LAMBDA, L2_PENALTY_PENALTY, MEAN_SQUARED_ERROR_LOSS, SIGMOID_BINARY_CROSS_ENTROPY_LOSS, SOFTMAX_CROSS_ENTROPY_INDEX_LOSS, SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS, SUM_SQUARES_SUM } from './kernel-abi.ts';
import { ACTIVATION_CODES, BATCH_NORM_FLAGS, DENSE_FLAGS, type ElementwiseActivation } from './kernel-codes.ts';
import { checkActivationAlpha, checkBoolean, checkElementwiseActivation, checkF32, checkFinite, checkI32, checkLabels, checkLayerActivation, checkNonNegative, checkObject, checkPositiveFinite, checkPositiveInteger, checkResult, checkSize, checkUnitInterval } from './validate.ts';

// The code constants the conditions of the table name (read as C++ there).
const ACT_PRELU = ACTIVATION_CODES.prelu;
const DENSE_GRADIENT_GIVEN = DENSE_FLAGS.gradientGiven;
const DENSE_INPUT_GRADIENT = DENSE_FLAGS.inputGradient;
const EMPTY = new Float32Array(0);

/** Throws when the kernels cannot compute on `array` in place (WASM: memory of its own). */
export type MemoryCheck = (kernel: string, field: string, array: Float32Array | Int32Array | Uint32Array) => void;

export abstract class CheckedKernels {
  // Hard-private (#): the raw kernels trust their arguments, so they must not be reachable from
  // a backend object (a TypeScript `private` field is an ordinary property at run time).
  readonly #k: KernelAbi;
  /** Scalars go in and results come out here, so no double is boxed; shared with the subclass. */
  readonly #s: Float64Array;
  readonly #memory: MemoryCheck | undefined;

  protected constructor(kernels: KernelAbi, block: Float64Array, memory: MemoryCheck | undefined) {
    this.#k = kernels;
    this.#s = block;
    this.#memory = memory;
  }

  #f32(kernel: string, field: string, value: unknown, needed: number, text: string): Float32Array {
    const array = checkF32(kernel, field, value, needed, text);
    this.#memory?.(kernel, field, array);
    return array;
  }

  #i32(kernel: string, field: string, value: unknown, needed: number, text: string): Int32Array {
    const array = checkI32(kernel, field, value, needed, text);
    this.#memory?.(kernel, field, array);
    return array;
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
    const K = 'gemm';
    const s = this.#s;
    checkBoolean(K, 'transA', transA);
    checkBoolean(K, 'transB', transB);
    checkSize(K, 'm', m);
    checkSize(K, 'n', n);
    checkSize(K, 'k', k);
    s[GEMM_ALPHA] = checkFinite(K, 'alpha', alpha);
    this.#f32(K, 'a', a, m * k, 'm*k');
    this.#f32(K, 'b', b, k * n, 'k*n');
    s[GEMM_BETA] = checkFinite(K, 'beta', beta);
    this.#f32(K, 'c', c, m * n, 'm*n');
    this.#k.gemm(transA, transB, m, n, k, a, b, c, s);
  }

  activationForward(kind: ElementwiseActivation, n: number, z: Float32Array, a: Float32Array, alpha?: number): void {
    const K = 'activationForward';
    const s = this.#s;
    const code = checkElementwiseActivation(K, 'kind', kind);
    checkSize(K, 'n', n);
    this.#f32(K, 'z', z, n, 'n');
    this.#f32(K, 'a', a, n, 'n');
    s[ACTIVATION_FORWARD_ALPHA] = checkActivationAlpha(K, kind, alpha);
    this.#k.activationForward(code, n, z, a, s);
  }

  activationBackward(kind: ElementwiseActivation, n: number, z: Float32Array, a: Float32Array, dA: Float32Array, dZ: Float32Array, alpha?: number): void {
    const K = 'activationBackward';
    const s = this.#s;
    const code = checkElementwiseActivation(K, 'kind', kind);
    checkSize(K, 'n', n);
    this.#f32(K, 'z', z, n, 'n');
    this.#f32(K, 'a', a, n, 'n');
    this.#f32(K, 'dA', dA, n, 'n');
    this.#f32(K, 'dZ', dZ, n, 'n');
    s[ACTIVATION_BACKWARD_ALPHA] = checkActivationAlpha(K, kind, alpha);
    this.#k.activationBackward(code, n, z, a, dA, dZ, s);
  }

  preluForward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, a: Float32Array): void {
    const K = 'preluForward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.#f32(K, 'z', z, rows * cols, 'rows*cols');
    this.#f32(K, 'alpha', alpha, cols, 'cols');
    this.#f32(K, 'a', a, rows * cols, 'rows*cols');
    this.#k.preluForward(rows, cols, z, alpha, a);
  }

  preluBackward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, dA: Float32Array, dZ: Float32Array, dAlpha: Float32Array): void {
    const K = 'preluBackward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.#f32(K, 'z', z, rows * cols, 'rows*cols');
    this.#f32(K, 'alpha', alpha, cols, 'cols');
    this.#f32(K, 'dA', dA, rows * cols, 'rows*cols');
    this.#f32(K, 'dZ', dZ, rows * cols, 'rows*cols');
    this.#f32(K, 'dAlpha', dAlpha, cols, 'cols');
    this.#k.preluBackward(rows, cols, z, alpha, dA, dZ, dAlpha);
  }

  softmaxCrossEntropyIndex(rows: number, cols: number, logits: Float32Array, labels: Int32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    const K = 'softmaxCrossEntropyIndex';
    const s = this.#s;
    checkPositiveInteger(K, 'rows', rows);
    checkPositiveInteger(K, 'cols', cols);
    this.#f32(K, 'logits', logits, rows * cols, 'rows*cols');
    this.#i32(K, 'labels', labels, rows, 'rows');
    checkLabels(K, labels, rows, cols);
    this.#f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.#f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    checkResult(K, result);
    this.#k.softmaxCrossEntropyIndex(rows, cols, logits, labels, probs, dLogits, s);
    result[0] = s[SOFTMAX_CROSS_ENTROPY_INDEX_LOSS]!;
  }

  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    const K = 'softmaxCrossEntropyOneHot';
    const s = this.#s;
    checkPositiveInteger(K, 'rows', rows);
    checkPositiveInteger(K, 'cols', cols);
    this.#f32(K, 'logits', logits, rows * cols, 'rows*cols');
    this.#f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.#f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.#f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    checkResult(K, result);
    this.#k.softmaxCrossEntropyOneHot(rows, cols, logits, targets, probs, dLogits, s);
    result[0] = s[SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS]!;
  }

  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    const K = 'sigmoidBinaryCrossEntropy';
    const s = this.#s;
    checkPositiveInteger(K, 'rows', rows);
    checkPositiveInteger(K, 'cols', cols);
    this.#f32(K, 'logits', logits, rows * cols, 'rows*cols');
    this.#f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.#f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.#f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    checkResult(K, result);
    this.#k.sigmoidBinaryCrossEntropy(rows, cols, logits, targets, probs, dLogits, s);
    result[0] = s[SIGMOID_BINARY_CROSS_ENTROPY_LOSS]!;
  }

  meanSquaredError(rows: number, cols: number, pred: Float32Array, targets: Float32Array, dPred: Float32Array, result: Float64Array): void {
    const K = 'meanSquaredError';
    const s = this.#s;
    checkPositiveInteger(K, 'rows', rows);
    checkPositiveInteger(K, 'cols', cols);
    this.#f32(K, 'pred', pred, rows * cols, 'rows*cols');
    this.#f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.#f32(K, 'dPred', dPred, rows * cols, 'rows*cols');
    checkResult(K, result);
    this.#k.meanSquaredError(rows, cols, pred, targets, dPred, s);
    result[0] = s[MEAN_SQUARED_ERROR_LOSS]!;
  }

  sumSquares(n: number, x: Float32Array, result: Float64Array): void {
    const K = 'sumSquares';
    const s = this.#s;
    checkSize(K, 'n', n);
    this.#f32(K, 'x', x, n, 'n');
    checkResult(K, result);
    this.#k.sumSquares(n, x, s);
    result[0] = s[SUM_SQUARES_SUM]!;
  }

  firstNonFinite(n: number, x: Float32Array, result: Float64Array): void {
    const K = 'firstNonFinite';
    const s = this.#s;
    checkSize(K, 'n', n);
    this.#f32(K, 'x', x, n, 'n');
    checkResult(K, result);
    this.#k.firstNonFinite(n, x, s);
    result[0] = s[FIRST_NON_FINITE_INDEX]!;
  }

  clipByNorm(n: number, grads: Float32Array, maxNorm: number, result: Float64Array): void {
    const K = 'clipByNorm';
    const s = this.#s;
    checkSize(K, 'n', n);
    this.#f32(K, 'grads', grads, n, 'n');
    s[CLIP_BY_NORM_MAX_NORM] = checkNonNegative(K, 'maxNorm', maxNorm);
    checkResult(K, result);
    this.#k.clipByNorm(n, grads, s);
    result[0] = s[CLIP_BY_NORM_NORM]!;
  }

  clipByValue(n: number, grads: Float32Array, limit: number): void {
    const K = 'clipByValue';
    const s = this.#s;
    checkSize(K, 'n', n);
    this.#f32(K, 'grads', grads, n, 'n');
    s[CLIP_BY_VALUE_LIMIT] = checkNonNegative(K, 'limit', limit);
    this.#k.clipByValue(n, grads, s);
  }

  l1Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number, result: Float64Array): void {
    const K = 'l1Penalty';
    const s = this.#s;
    checkSize(K, 'n', n);
    this.#f32(K, 'weights', weights, n, 'n');
    this.#f32(K, 'grads', grads, n, 'n');
    s[L1_PENALTY_LAMBDA] = checkNonNegative(K, 'lambda', lambda);
    checkResult(K, result);
    this.#k.l1Penalty(n, weights, grads, s);
    result[0] = s[L1_PENALTY_PENALTY]!;
  }

  l2Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number, result: Float64Array): void {
    const K = 'l2Penalty';
    const s = this.#s;
    checkSize(K, 'n', n);
    this.#f32(K, 'weights', weights, n, 'n');
    this.#f32(K, 'grads', grads, n, 'n');
    s[L2_PENALTY_LAMBDA] = checkNonNegative(K, 'lambda', lambda);
    checkResult(K, result);
    this.#k.l2Penalty(n, weights, grads, s);
    result[0] = s[L2_PENALTY_PENALTY]!;
  }

  denseForward(args: DenseForwardArgs): void {
    const K = 'denseForward';
    // Each field is read once, before any check (a getter may run caller code): from the first
    // array check to the kernel call no caller code runs.
    const { activation, rows, inputs, units, x, weights, bias, z, a, param } = checkObject(K, 'args', args) as unknown as DenseForwardArgs;
    const s = this.#s;
    const code = checkLayerActivation(K, 'activation', activation);
    checkSize(K, 'rows', rows);
    checkSize(K, 'inputs', inputs);
    checkSize(K, 'units', units);
    this.#f32(K, 'x', x, rows * inputs, 'rows*inputs');
    this.#f32(K, 'weights', weights, units * inputs, 'units*inputs');
    this.#f32(K, 'bias', bias, units, 'units');
    this.#f32(K, 'z', z, rows * units, 'rows*units');
    this.#f32(K, 'a', a, rows * units, 'rows*units');
    const slopesArg = activation === 'prelu' ? this.#f32(K, 'param (prelu slopes)', param, units, 'units') : EMPTY;
    if (activation !== 'prelu') s[DENSE_FORWARD_ALPHA] = activation === 'softmax' ? 0 : checkActivationAlpha(K, activation, param);
    this.#k.denseForward(rows, inputs, units, x, weights, bias, z, a, code, slopesArg, s);
  }

  denseBackward(args: DenseBackwardArgs): void {
    const K = 'denseBackward';
    // Each field is read once, before any check (a getter may run caller code): from the first
    // array check to the kernel call no caller code runs.
    const { activation, rows, inputs, units, x, weights, z, a, dZ, dWeights, dBias, dA, dX, param, dSlopes } = checkObject(K, 'args', args) as unknown as DenseBackwardArgs;
    const s = this.#s;
    let flags = 0;
    const code = checkLayerActivation(K, 'activation', activation);
    checkSize(K, 'rows', rows);
    checkSize(K, 'inputs', inputs);
    checkSize(K, 'units', units);
    this.#f32(K, 'x', x, rows * inputs, 'rows*inputs');
    this.#f32(K, 'weights', weights, units * inputs, 'units*inputs');
    this.#f32(K, 'z', z, rows * units, 'rows*units');
    this.#f32(K, 'a', a, rows * units, 'rows*units');
    this.#f32(K, 'dZ', dZ, rows * units, 'rows*units');
    this.#f32(K, 'dWeights', dWeights, units * inputs, 'units*inputs');
    this.#f32(K, 'dBias', dBias, units, 'units');
    if (dA === null) flags |= DENSE_FLAGS.gradientGiven;
    const dAArg = (flags & DENSE_GRADIENT_GIVEN) === 0 ? this.#f32(K, 'dA', dA, rows * units, 'rows*units') : EMPTY;
    if (dX !== null) flags |= DENSE_FLAGS.inputGradient;
    const dXArg = (flags & DENSE_INPUT_GRADIENT) !== 0 ? this.#f32(K, 'dX', dX, rows * inputs, 'rows*inputs') : EMPTY;
    const slopesArg = activation === 'prelu' ? this.#f32(K, 'param (prelu slopes)', param, units, 'units') : EMPTY;
    if (activation !== 'prelu') s[DENSE_BACKWARD_ALPHA] = activation === 'softmax' ? 0 : checkActivationAlpha(K, activation, param);
    const dSlopesArg = code === ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) === 0 ? this.#f32(K, 'dSlopes', dSlopes, units, 'units') : EMPTY;
    this.#k.denseBackward(rows, inputs, units, x, weights, z, a, dAArg, dZ, dWeights, dBias, dXArg, code, slopesArg, dSlopesArg, flags, s);
  }

  multiply(n: number, x: Float32Array, y: Float32Array, out: Float32Array): void {
    const K = 'multiply';
    checkSize(K, 'n', n);
    this.#f32(K, 'x', x, n, 'n');
    this.#f32(K, 'y', y, n, 'n');
    this.#f32(K, 'out', out, n, 'n');
    this.#k.multiply(n, x, y, out);
  }

  axpy(n: number, alpha: number, x: Float32Array, out: Float32Array): void {
    const K = 'axpy';
    const s = this.#s;
    checkSize(K, 'n', n);
    s[AXPY_ALPHA] = checkFinite(K, 'alpha', alpha);
    this.#f32(K, 'x', x, n, 'n');
    this.#f32(K, 'out', out, n, 'n');
    this.#k.axpy(n, x, out, s);
  }

  batchNormForward(args: BatchNormForwardArgs): void {
    const K = 'batchNormForward';
    // Each field is read once, before any check (a getter may run caller code): from the first
    // array check to the kernel call no caller code runs.
    const { rows, cols, x, xhat, y, gamma, beta, runningMean, runningVar, mean, invStd, training, momentum, eps } = checkObject(K, 'args', args) as unknown as BatchNormForwardArgs;
    const s = this.#s;
    let flags = 0;
    checkPositiveInteger(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.#f32(K, 'x', x, rows * cols, 'rows*cols');
    this.#f32(K, 'xhat', xhat, rows * cols, 'rows*cols');
    this.#f32(K, 'y', y, rows * cols, 'rows*cols');
    this.#f32(K, 'gamma', gamma, cols, 'cols');
    this.#f32(K, 'beta', beta, cols, 'cols');
    this.#f32(K, 'runningMean', runningMean, cols, 'cols');
    this.#f32(K, 'runningVar', runningVar, cols, 'cols');
    this.#f32(K, 'mean', mean, cols, 'cols');
    this.#f32(K, 'invStd', invStd, cols, 'cols');
    if (checkBoolean(K, 'training', training)) flags |= BATCH_NORM_FLAGS.training;
    s[BATCH_NORM_FORWARD_MOMENTUM] = momentum === undefined ? 0.1 : checkUnitInterval(K, 'momentum', momentum);
    s[BATCH_NORM_FORWARD_EPS] = eps === undefined ? 0.00001 : checkPositiveFinite(K, 'eps', eps);
    this.#k.batchNormForward(rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y, flags, s);
  }

  batchNormBackward(args: BatchNormBackwardArgs): void {
    const K = 'batchNormBackward';
    // Each field is read once, before any check (a getter may run caller code): from the first
    // array check to the kernel call no caller code runs.
    const { rows, cols, dy, xhat, dx, gamma, invStd, dGamma, dBeta } = checkObject(K, 'args', args) as unknown as BatchNormBackwardArgs;
    checkPositiveInteger(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.#f32(K, 'dy', dy, rows * cols, 'rows*cols');
    this.#f32(K, 'xhat', xhat, rows * cols, 'rows*cols');
    this.#f32(K, 'dx', dx, rows * cols, 'rows*cols');
    this.#f32(K, 'gamma', gamma, cols, 'cols');
    this.#f32(K, 'invStd', invStd, cols, 'cols');
    this.#f32(K, 'dGamma', dGamma, cols, 'cols');
    this.#f32(K, 'dBeta', dBeta, cols, 'cols');
    this.#k.batchNormBackward(rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta);
  }
}
