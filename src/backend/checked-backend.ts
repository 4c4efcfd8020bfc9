// Turns a trusted kernel implementation (the compiled-kernels ABI) into a public Backend:
// every argument is validated here, once for all backends, and option objects are resolved
// to PyTorch's defaults before the call reaches C++, WASM or TS.
import type {
  AdagradOptions,
  AdagradState,
  AdamOptions,
  AdamState,
  Backend,
  BackendName,
  RmspropOptions,
  RmspropState,
  SgdOptions,
  SgdState,
} from './backend.ts';
import type { NativeAddon } from './compiled-kernels.ts';
import { ACTIVATION_CODES, type ElementwiseActivation } from './kernel-codes.ts';
import { DEFAULT_ADAGRAD, DEFAULT_RMSPROP, adagradLearningRate, adamScalars, dropoutThreshold, emptyAdamScalars } from './optimizer-scalars.ts';
import {
  checkBoolean,
  checkF32,
  checkFinite,
  checkI32,
  checkInRange,
  checkLabels,
  checkNonNegative,
  checkObject,
  checkPositiveInteger,
  checkSameLength,
  checkSize,
  checkU32,
} from './validate.ts';
import { rangeError, typeError } from '../errors.ts';

/** The trusted kernels plus the memory they compute on. */
export interface KernelProvider {
  readonly name: BackendName;
  readonly kernels: NativeAddon;
  allocate(length: number): Float32Array;
  allocateInt32(length: number): Int32Array;
  allocateUint32(length: number): Uint32Array;
  release(array: Float32Array | Int32Array | Uint32Array): void;
  /** Throws when the backend cannot compute on `array` without copying (WASM: foreign memory). */
  checkMemory?(kernel: string, field: string, array: Float32Array | Int32Array | Uint32Array): void;
}

type AnyArray = Float32Array | Int32Array | Uint32Array;
const EMPTY = new Float32Array(0);

export class CheckedBackend implements Backend {
  readonly name: BackendName;
  private readonly k: NativeAddon;
  private readonly memoryCheck: KernelProvider['checkMemory'];
  private readonly adam = emptyAdamScalars();

  constructor(private readonly provider: KernelProvider) {
    this.name = provider.name;
    this.k = provider.kernels;
    this.memoryCheck = provider.checkMemory?.bind(provider);
  }

  private mem(kernel: string, field: string, array: AnyArray): void {
    this.memoryCheck?.(kernel, field, array);
  }

  private f32(kernel: string, field: string, value: unknown, needed: number, text: string): Float32Array {
    const array = checkF32(kernel, field, value, needed, text);
    this.mem(kernel, field, array);
    return array;
  }

  simdLevel(): string {
    return this.k.simdLevel();
  }

  allocate(length: number): Float32Array {
    return this.provider.allocate(checkSize('allocate', 'length', length));
  }
  allocateInt32(length: number): Int32Array {
    return this.provider.allocateInt32(checkSize('allocateInt32', 'length', length));
  }
  allocateUint32(length: number): Uint32Array {
    return this.provider.allocateUint32(checkSize('allocateUint32', 'length', length));
  }
  release(array: AnyArray): void {
    if (!(array instanceof Float32Array || array instanceof Int32Array || array instanceof Uint32Array)) {
      throw typeError('release: array', 'a Float32Array, Int32Array or Uint32Array from allocate()', array);
    }
    this.provider.release(array);
  }

  setThreads(threads: number): void {
    this.k.setThreads(checkPositiveInteger('setThreads', 'threads', threads));
  }
  getThreads(): number {
    return this.k.getThreads();
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
    const K = 'gemm';
    checkBoolean(K, 'transA', transA);
    checkBoolean(K, 'transB', transB);
    checkSize(K, 'm', m);
    checkSize(K, 'n', n);
    checkSize(K, 'k', k);
    checkFinite(K, 'alpha', alpha);
    checkFinite(K, 'beta', beta);
    this.f32(K, 'a', a, m * k, 'm*k');
    this.f32(K, 'b', b, k * n, 'k*n');
    this.f32(K, 'c', c, m * n, 'm*n');
    this.k.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
  }

  biasAdd(rows: number, cols: number, x: Float32Array, bias: Float32Array): void {
    const K = 'biasAdd';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'x', x, rows * cols, 'rows*cols');
    this.f32(K, 'bias', bias, cols, 'cols');
    this.k.biasAdd(rows, cols, x, bias);
  }

  columnSums(rows: number, cols: number, x: Float32Array, out: Float32Array): void {
    const K = 'columnSums';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'x', x, rows * cols, 'rows*cols');
    this.f32(K, 'out', out, cols, 'cols');
    this.k.columnSums(rows, cols, x, out);
  }

  private activationCode(kernel: string, kind: unknown): number {
    if (typeof kind !== 'string' || !Object.hasOwn(ACTIVATION_CODES, kind)) {
      throw typeError(`${kernel}: kind`, `one of ${Object.keys(ACTIVATION_CODES).join(', ')}`, kind);
    }
    return ACTIVATION_CODES[kind as ElementwiseActivation];
  }

  private activationAlpha(kernel: string, kind: ElementwiseActivation, alpha: number | undefined): number {
    const fallback = kind === 'leakyRelu' ? 0.01 : 1;
    return alpha === undefined ? fallback : checkFinite(kernel, 'alpha', alpha);
  }

  activationForward(kind: ElementwiseActivation, n: number, z: Float32Array, a: Float32Array, alpha?: number): void {
    const K = 'activationForward';
    const code = this.activationCode(K, kind);
    checkSize(K, 'n', n);
    this.f32(K, 'z', z, n, 'n');
    this.f32(K, 'a', a, n, 'n');
    this.k.activationForward(code, n, z, a, this.activationAlpha(K, kind, alpha));
  }

  activationBackward(kind: ElementwiseActivation, n: number, z: Float32Array, a: Float32Array, dA: Float32Array, dZ: Float32Array, alpha?: number): void {
    const K = 'activationBackward';
    const code = this.activationCode(K, kind);
    checkSize(K, 'n', n);
    this.f32(K, 'z', z, n, 'n');
    this.f32(K, 'a', a, n, 'n');
    this.f32(K, 'dA', dA, n, 'n');
    this.f32(K, 'dZ', dZ, n, 'n');
    this.k.activationBackward(code, n, z, a, dA, dZ, this.activationAlpha(K, kind, alpha));
  }

  preluForward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, a: Float32Array): void {
    const K = 'preluForward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'z', z, rows * cols, 'rows*cols');
    this.f32(K, 'alpha', alpha, cols, 'cols');
    this.f32(K, 'a', a, rows * cols, 'rows*cols');
    this.k.preluForward(rows, cols, z, alpha, a);
  }

  preluBackward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, dA: Float32Array, dZ: Float32Array, dAlpha: Float32Array): void {
    const K = 'preluBackward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'z', z, rows * cols, 'rows*cols');
    this.f32(K, 'alpha', alpha, cols, 'cols');
    this.f32(K, 'dA', dA, rows * cols, 'rows*cols');
    this.f32(K, 'dZ', dZ, rows * cols, 'rows*cols');
    this.f32(K, 'dAlpha', dAlpha, cols, 'cols');
    this.k.preluBackward(rows, cols, z, alpha, dA, dZ, dAlpha);
  }

  softmaxForward(rows: number, cols: number, z: Float32Array, a: Float32Array): void {
    const K = 'softmaxForward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'z', z, rows * cols, 'rows*cols');
    this.f32(K, 'a', a, rows * cols, 'rows*cols');
    this.k.softmaxForward(rows, cols, z, a);
  }

  softmaxBackward(rows: number, cols: number, a: Float32Array, dA: Float32Array, dZ: Float32Array): void {
    const K = 'softmaxBackward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'a', a, rows * cols, 'rows*cols');
    this.f32(K, 'dA', dA, rows * cols, 'rows*cols');
    this.f32(K, 'dZ', dZ, rows * cols, 'rows*cols');
    this.k.softmaxBackward(rows, cols, a, dA, dZ);
  }

  private lossShape(kernel: string, rows: number, cols: number): void {
    checkPositiveInteger(kernel, 'rows', rows);
    checkPositiveInteger(kernel, 'cols', cols);
  }

  softmaxCrossEntropyIndex(rows: number, cols: number, logits: Float32Array, labels: Int32Array, probs: Float32Array, dLogits: Float32Array): number {
    const K = 'softmaxCrossEntropyIndex';
    this.lossShape(K, rows, cols);
    this.f32(K, 'logits', logits, rows * cols, 'rows*cols');
    checkI32(K, 'labels', labels, rows, 'rows');
    this.mem(K, 'labels', labels);
    checkLabels(K, labels, rows, cols);
    this.f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    return this.k.softmaxCrossEntropyIndex(rows, cols, logits, labels, probs, dLogits);
  }

  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array): number {
    const K = 'softmaxCrossEntropyOneHot';
    this.lossShape(K, rows, cols);
    this.f32(K, 'logits', logits, rows * cols, 'rows*cols');
    this.f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    return this.k.softmaxCrossEntropyOneHot(rows, cols, logits, targets, probs, dLogits);
  }

  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array): number {
    const K = 'sigmoidBinaryCrossEntropy';
    this.lossShape(K, rows, cols);
    this.f32(K, 'logits', logits, rows * cols, 'rows*cols');
    this.f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    return this.k.sigmoidBinaryCrossEntropy(rows, cols, logits, targets, probs, dLogits);
  }

  meanSquaredError(rows: number, cols: number, pred: Float32Array, targets: Float32Array, dPred: Float32Array): number {
    const K = 'meanSquaredError';
    this.lossShape(K, rows, cols);
    this.f32(K, 'pred', pred, rows * cols, 'rows*cols');
    this.f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.f32(K, 'dPred', dPred, rows * cols, 'rows*cols');
    return this.k.meanSquaredError(rows, cols, pred, targets, dPred);
  }

  /** params, grads and every state buffer must have the same length. */
  private flat(kernel: string, params: unknown, grads: unknown, step: number): number {
    const p = checkF32(kernel, 'params', params, 0, '0');
    this.mem(kernel, 'params', p);
    const g = this.f32(kernel, 'grads', grads, 0, '0');
    checkSameLength(kernel, 'grads', g, p.length, 'params');
    checkPositiveInteger(kernel, 'step', step);
    return p.length;
  }

  private stateBuffer(kernel: string, field: string, value: unknown, n: number): Float32Array {
    const buffer = this.f32(kernel, field, value, 0, '0');
    checkSameLength(kernel, field, buffer, n, 'params');
    return buffer;
  }

  sgdStep(params: Float32Array, grads: Float32Array, state: SgdState, options: SgdOptions, step: number): void {
    const K = 'sgdStep';
    const n = this.flat(K, params, grads, step);
    checkObject(K, 'state', state);
    checkObject(K, 'options', options);
    const lr = checkNonNegative(K, 'options.lr', options.lr);
    const momentum = checkNonNegative(K, 'options.momentum', options.momentum ?? 0);
    const dampening = checkFinite(K, 'options.dampening', options.dampening ?? 0);
    const nesterov = checkBoolean(K, 'options.nesterov', options.nesterov ?? false);
    const weightDecay = checkNonNegative(K, 'options.weightDecay', options.weightDecay ?? 0);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw rangeError(`${K}: options`, 'momentum > 0 and dampening = 0 for Nesterov (as in PyTorch)', `momentum=${momentum}, dampening=${dampening}`);
    }
    const buffer = momentum === 0 ? EMPTY : this.stateBuffer(K, 'state.momentumBuffer', state.momentumBuffer, n);
    this.k.sgdStep(n, params, grads, buffer, lr, momentum, dampening, nesterov ? 1 : 0, weightDecay, step === 1 ? 1 : 0);
  }

  rmspropStep(params: Float32Array, grads: Float32Array, state: RmspropState, options: RmspropOptions, step: number): void {
    const K = 'rmspropStep';
    const n = this.flat(K, params, grads, step);
    checkObject(K, 'state', state);
    checkObject(K, 'options', options);
    const lr = checkNonNegative(K, 'options.lr', options.lr);
    const alpha = checkInRange(K, 'options.alpha', options.alpha ?? DEFAULT_RMSPROP.alpha, 0, 1, 'in [0, 1]');
    const eps = checkNonNegative(K, 'options.eps', options.eps ?? DEFAULT_RMSPROP.eps);
    const weightDecay = checkNonNegative(K, 'options.weightDecay', options.weightDecay ?? DEFAULT_RMSPROP.weightDecay);
    const momentum = checkNonNegative(K, 'options.momentum', options.momentum ?? DEFAULT_RMSPROP.momentum);
    const centered = checkBoolean(K, 'options.centered', options.centered ?? false);
    const squareAvg = this.stateBuffer(K, 'state.squareAvg', state.squareAvg, n);
    const buffer = momentum > 0 ? this.stateBuffer(K, 'state.momentumBuffer', state.momentumBuffer, n) : EMPTY;
    const gradAvg = centered ? this.stateBuffer(K, 'state.gradAvg', state.gradAvg, n) : EMPTY;
    this.k.rmspropStep(n, params, grads, squareAvg, buffer, gradAvg, lr, alpha, eps, weightDecay, momentum, centered ? 1 : 0);
  }

  adamStep(params: Float32Array, grads: Float32Array, state: AdamState, options: AdamOptions, step: number): void {
    const K = 'adamStep';
    const n = this.flat(K, params, grads, step);
    checkObject(K, 'state', state);
    checkObject(K, 'options', options);
    checkNonNegative(K, 'options.lr', options.lr);
    if (options.beta1 !== undefined) checkInRange(K, 'options.beta1', options.beta1, 0, 0.999999999, 'in [0, 1)');
    if (options.beta2 !== undefined) checkInRange(K, 'options.beta2', options.beta2, 0, 0.999999999, 'in [0, 1)');
    if (options.eps !== undefined) checkNonNegative(K, 'options.eps', options.eps);
    if (options.weightDecay !== undefined) checkNonNegative(K, 'options.weightDecay', options.weightDecay);
    if (options.decoupled !== undefined) checkBoolean(K, 'options.decoupled', options.decoupled);
    const expAvg = this.stateBuffer(K, 'state.expAvg', state.expAvg, n);
    const expAvgSq = this.stateBuffer(K, 'state.expAvgSq', state.expAvgSq, n);
    const s = adamScalars(options, step, this.adam);
    this.k.adamStep(n, params, grads, expAvg, expAvgSq, s.beta1, s.beta2, s.eps, s.stepSize, s.sqrtBiasCorrection2, s.coupledWeightDecay, s.decoupledDecay);
  }

  adagradStep(params: Float32Array, grads: Float32Array, state: AdagradState, options: AdagradOptions, step: number): void {
    const K = 'adagradStep';
    const n = this.flat(K, params, grads, step);
    checkObject(K, 'state', state);
    checkObject(K, 'options', options);
    checkNonNegative(K, 'options.lr', options.lr);
    checkNonNegative(K, 'options.lrDecay', options.lrDecay ?? DEFAULT_ADAGRAD.lrDecay);
    const eps = checkNonNegative(K, 'options.eps', options.eps ?? DEFAULT_ADAGRAD.eps);
    const weightDecay = checkNonNegative(K, 'options.weightDecay', options.weightDecay ?? DEFAULT_ADAGRAD.weightDecay);
    const sum = this.stateBuffer(K, 'state.sum', state.sum, n);
    this.k.adagradStep(n, params, grads, sum, adagradLearningRate(options, step), eps, weightDecay);
  }

  sumSquares(n: number, x: Float32Array): number {
    checkSize('sumSquares', 'n', n);
    this.f32('sumSquares', 'x', x, n, 'n');
    return this.k.sumSquares(n, x);
  }

  l2Norm(n: number, x: Float32Array): number {
    checkSize('l2Norm', 'n', n);
    this.f32('l2Norm', 'x', x, n, 'n');
    return Math.sqrt(this.k.sumSquares(n, x));
  }

  clipByNorm(n: number, grads: Float32Array, maxNorm: number): number {
    checkSize('clipByNorm', 'n', n);
    this.f32('clipByNorm', 'grads', grads, n, 'n');
    checkNonNegative('clipByNorm', 'maxNorm', maxNorm);
    return this.k.clipByNorm(n, grads, maxNorm);
  }

  clipByValue(n: number, grads: Float32Array, limit: number): void {
    checkSize('clipByValue', 'n', n);
    this.f32('clipByValue', 'grads', grads, n, 'n');
    checkNonNegative('clipByValue', 'limit', limit);
    this.k.clipByValue(n, grads, limit);
  }

  l1Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number): number {
    checkSize('l1Penalty', 'n', n);
    this.f32('l1Penalty', 'weights', weights, n, 'n');
    this.f32('l1Penalty', 'grads', grads, n, 'n');
    checkNonNegative('l1Penalty', 'lambda', lambda);
    return this.k.l1Penalty(n, weights, grads, lambda);
  }

  l2Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number): number {
    checkSize('l2Penalty', 'n', n);
    this.f32('l2Penalty', 'weights', weights, n, 'n');
    this.f32('l2Penalty', 'grads', grads, n, 'n');
    checkNonNegative('l2Penalty', 'lambda', lambda);
    return this.k.l2Penalty(n, weights, grads, lambda);
  }

  private randomState(kernel: string, state: unknown): Uint32Array {
    const s = checkU32(kernel, 'state', state, 4, '4 words');
    this.mem(kernel, 'state', s);
    return s;
  }

  randomUint32(state: Uint32Array, n: number, out: Uint32Array): void {
    const K = 'randomUint32';
    this.randomState(K, state);
    checkSize(K, 'n', n);
    checkU32(K, 'out', out, n, 'n');
    this.mem(K, 'out', out);
    this.k.randomUint32(state, n, out);
  }

  randomUniform(state: Uint32Array, n: number, out: Float32Array): void {
    const K = 'randomUniform';
    this.randomState(K, state);
    checkSize(K, 'n', n);
    this.f32(K, 'out', out, n, 'n');
    this.k.randomUniform(state, n, out);
  }

  dropoutMask(state: Uint32Array, n: number, rate: number, mask: Float32Array): void {
    const K = 'dropoutMask';
    this.randomState(K, state);
    checkSize(K, 'n', n);
    checkInRange(K, 'rate', rate, 0, 0.999999, 'in [0, 1)');
    this.f32(K, 'mask', mask, n, 'n');
    this.k.dropoutMask(state, n, dropoutThreshold(rate), 1 / (1 - rate), mask);
  }
}
