// Turns a trusted kernel implementation (the compiled-kernels ABI) into a public Backend:
// every argument is validated here, once for all backends, and option objects are resolved
// to PyTorch's defaults before the call reaches C++, WASM or TS. Arrays are judged by the
// engine's own getters (typed-arrays.ts) and checked after every caller object was read, so
// no caller code (a getter, a proxy trap) runs between an array's check and the kernel call.
import type {
  AdagradOptions,
  AdagradState,
  AdamOptions,
  AdamState,
  Backend,
  BackendName,
  DenseBackwardArgs,
  RmspropOptions,
  RmspropState,
  SgdOptions,
  SgdState,
} from './backend.ts';
import { SCALAR_BLOCK_LENGTH, type NativeAddon } from './compiled-kernels.ts';
import {
  ACTIVATION_BACKWARD_ALPHA,
  ACTIVATION_FORWARD_ALPHA,
  AXPY_ALPHA,
  BATCH_NORM_FORWARD_EPS,
  BATCH_NORM_FORWARD_MOMENTUM,
  CLIP_BY_NORM_MAX_NORM,
  CLIP_BY_NORM_NORM,
  CLIP_BY_VALUE_LIMIT,
  DENSE_FORWARD_ALPHA,
  DROPOUT_MASK_SCALE,
  DROPOUT_MASK_THRESHOLD,
  GEMM_ALPHA,
  GEMM_BETA,
  L1_PENALTY_LAMBDA,
  L1_PENALTY_PENALTY,
  L2_PENALTY_LAMBDA,
  L2_PENALTY_PENALTY,
  MEAN_SQUARED_ERROR_LOSS,
  RMSPROP_STEP_CENTERED,
  RMSPROP_STEP_MOMENTUM,
  SGD_STEP_MOMENTUM,
  SIGMOID_BINARY_CROSS_ENTROPY_LOSS,
  SOFTMAX_CROSS_ENTROPY_INDEX_LOSS,
  SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS,
  SUM_SQUARES_SUM,
} from './kernel-abi.ts';
import { createDenseStack, denseStackSpec, type DenseStack, type DenseStackLayer } from './dense-stack.ts';
import { typedArrayLength, typedArrayName } from './typed-arrays.ts';
import { ACTIVATION_CODES, BATCH_NORM_FLAGS, DENSE_FLAGS, DENSE_STACK_PLAN, ELEMENTWISE_ACTIVATIONS, type ElementwiseActivation, type LayerActivation } from './kernel-codes.ts';
import { dropoutThreshold, writeAdagradScalars, writeAdamScalars, writeRmspropScalars, writeSgdScalars } from './optimizer-scalars.ts';
import {
  checkBoolean,
  checkF32,
  checkF32Length,
  checkF32Matching,
  checkFinite,
  checkI32,
  checkInRange,
  checkLabels,
  checkNonNegative,
  checkObject,
  checkPositiveInteger,
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
  /** The scalar block the kernels read scalars from and write results to (see NativeAddon). */
  allocateScalarBlock(length: number): Float64Array;
  /** True when callers can reach the scalar blocks' memory (WASM: through any of its arrays). */
  scalarBlocksVisible?: boolean;
  /** Whether the kernels can read `array` in place (absent: any array will do). */
  owns?(array: Float32Array | Int32Array | Uint32Array): boolean;
  /** Throws when the backend cannot compute on `array` without copying (WASM: foreign memory). */
  checkMemory?(kernel: string, field: string, array: Float32Array | Int32Array | Uint32Array): void;
}

type AnyArray = Float32Array | Int32Array | Uint32Array;
const EMPTY = new Float32Array(0);

export class CheckedBackend implements Backend {
  readonly name: BackendName;
  // Hard-private (#): a TypeScript `private` field is an ordinary property at run time, and the
  // raw kernels trust their arguments, so they must not be reachable from a backend object.
  readonly #provider: KernelProvider;
  readonly #k: NativeAddon;
  private readonly memoryCheck: KernelProvider['checkMemory'];
  /** Reused by every call: scalars go in, results come out, and no double is boxed. */
  readonly #s: Float64Array;

  constructor(provider: KernelProvider) {
    this.#provider = provider;
    this.name = provider.name;
    this.#k = provider.kernels;
    this.memoryCheck = provider.checkMemory?.bind(provider);
    this.#s = provider.allocateScalarBlock(SCALAR_BLOCK_LENGTH);
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
    return this.#k.simdLevel();
  }

  allocate(length: number): Float32Array {
    return this.#provider.allocate(checkSize('allocate', 'length', length));
  }
  allocateInt32(length: number): Int32Array {
    return this.#provider.allocateInt32(checkSize('allocateInt32', 'length', length));
  }
  allocateUint32(length: number): Uint32Array {
    return this.#provider.allocateUint32(checkSize('allocateUint32', 'length', length));
  }
  accepts(array: AnyArray): boolean {
    return this.#provider.owns?.(array) ?? true;
  }

  release(array: AnyArray): void {
    if (!(array instanceof Float32Array || array instanceof Int32Array || array instanceof Uint32Array)) {
      throw typeError('release: array', 'a Float32Array, Int32Array or Uint32Array from allocate()', array);
    }
    this.#provider.release(array);
  }

  setThreads(threads: number): void {
    this.#k.setThreads(checkPositiveInteger('setThreads', 'threads', threads));
  }
  getThreads(): number {
    return this.#k.getThreads();
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
    this.#s[GEMM_ALPHA] = alpha;
    this.#s[GEMM_BETA] = beta;
    this.#k.gemm(transA, transB, m, n, k, a, b, c, this.#s);
  }

  private activationCode(kernel: string, kind: unknown): number {
    if (typeof kind !== 'string' || !(ELEMENTWISE_ACTIVATIONS as string[]).includes(kind)) {
      throw typeError(`${kernel}: kind`, `one of ${ELEMENTWISE_ACTIVATIONS.join(', ')}`, kind);
    }
    return ACTIVATION_CODES[kind as ElementwiseActivation];
  }

  private layerActivationCode(kernel: string, kind: unknown): number {
    if (typeof kind !== 'string' || !Object.hasOwn(ACTIVATION_CODES, kind)) {
      throw typeError(`${kernel}: activation`, `one of ${Object.keys(ACTIVATION_CODES).join(', ')}`, kind);
    }
    return ACTIVATION_CODES[kind as LayerActivation];
  }

  /** The prelu slopes, or EMPTY with the scalar α (leakyRelu, elu) in the scalar block. */
  private layerParam(kernel: string, kind: LayerActivation, units: number, param: number | Float32Array | undefined): Float32Array {
    if (kind === 'prelu') return this.f32(kernel, 'param (prelu slopes)', param, units, 'units');
    this.#s[DENSE_FORWARD_ALPHA] = kind === 'softmax' ? 0 : this.activationAlpha(kernel, kind, param as number | undefined);
    return EMPTY;
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
    this.#s[ACTIVATION_FORWARD_ALPHA] = this.activationAlpha(K, kind, alpha);
    this.#k.activationForward(code, n, z, a, this.#s);
  }

  activationBackward(kind: ElementwiseActivation, n: number, z: Float32Array, a: Float32Array, dA: Float32Array, dZ: Float32Array, alpha?: number): void {
    const K = 'activationBackward';
    const code = this.activationCode(K, kind);
    checkSize(K, 'n', n);
    this.f32(K, 'z', z, n, 'n');
    this.f32(K, 'a', a, n, 'n');
    this.f32(K, 'dA', dA, n, 'n');
    this.f32(K, 'dZ', dZ, n, 'n');
    this.#s[ACTIVATION_BACKWARD_ALPHA] = this.activationAlpha(K, kind, alpha);
    this.#k.activationBackward(code, n, z, a, dA, dZ, this.#s);
  }

  preluForward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, a: Float32Array): void {
    const K = 'preluForward';
    checkSize(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'z', z, rows * cols, 'rows*cols');
    this.f32(K, 'alpha', alpha, cols, 'cols');
    this.f32(K, 'a', a, rows * cols, 'rows*cols');
    this.#k.preluForward(rows, cols, z, alpha, a);
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
    this.#k.preluBackward(rows, cols, z, alpha, dA, dZ, dAlpha);
  }

  private lossShape(kernel: string, rows: number, cols: number): void {
    checkPositiveInteger(kernel, 'rows', rows);
    checkPositiveInteger(kernel, 'cols', cols);
  }

  private result(kernel: string, result: unknown): Float64Array {
    if (typedArrayName(result) !== 'Float64Array') throw typeError(`${kernel}: result`, 'a Float64Array (the value lands in result[0])', result);
    const length = typedArrayLength(result as Float64Array);
    if (length < 1) throw new RangeError(`${kernel}: result.length must be at least 1, got ${length}`);
    return result as Float64Array;
  }

  softmaxCrossEntropyIndex(rows: number, cols: number, logits: Float32Array, labels: Int32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    const K = 'softmaxCrossEntropyIndex';
    this.lossShape(K, rows, cols);
    this.f32(K, 'logits', logits, rows * cols, 'rows*cols');
    checkI32(K, 'labels', labels, rows, 'rows');
    this.mem(K, 'labels', labels);
    checkLabels(K, labels, rows, cols);
    this.f32(K, 'probs', probs, rows * cols, 'rows*cols');
    this.f32(K, 'dLogits', dLogits, rows * cols, 'rows*cols');
    this.result(K, result);
    this.#k.softmaxCrossEntropyIndex(rows, cols, logits, labels, probs, dLogits, this.#s);
    result[0] = this.#s[SOFTMAX_CROSS_ENTROPY_INDEX_LOSS]!;
  }

  /** Checks the arrays shared by the fused losses that take float targets. */
  private lossArrays(kernel: string, rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    this.lossShape(kernel, rows, cols);
    this.f32(kernel, 'logits', logits, rows * cols, 'rows*cols');
    this.f32(kernel, 'targets', targets, rows * cols, 'rows*cols');
    this.f32(kernel, 'probs', probs, rows * cols, 'rows*cols');
    this.f32(kernel, 'dLogits', dLogits, rows * cols, 'rows*cols');
    this.result(kernel, result);
  }

  softmaxCrossEntropyOneHot(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    this.lossArrays('softmaxCrossEntropyOneHot', rows, cols, logits, targets, probs, dLogits, result);
    this.#k.softmaxCrossEntropyOneHot(rows, cols, logits, targets, probs, dLogits, this.#s);
    result[0] = this.#s[SOFTMAX_CROSS_ENTROPY_ONE_HOT_LOSS]!;
  }

  sigmoidBinaryCrossEntropy(rows: number, cols: number, logits: Float32Array, targets: Float32Array, probs: Float32Array, dLogits: Float32Array, result: Float64Array): void {
    this.lossArrays('sigmoidBinaryCrossEntropy', rows, cols, logits, targets, probs, dLogits, result);
    this.#k.sigmoidBinaryCrossEntropy(rows, cols, logits, targets, probs, dLogits, this.#s);
    result[0] = this.#s[SIGMOID_BINARY_CROSS_ENTROPY_LOSS]!;
  }

  meanSquaredError(rows: number, cols: number, pred: Float32Array, targets: Float32Array, dPred: Float32Array, result: Float64Array): void {
    const K = 'meanSquaredError';
    this.lossShape(K, rows, cols);
    this.f32(K, 'pred', pred, rows * cols, 'rows*cols');
    this.f32(K, 'targets', targets, rows * cols, 'rows*cols');
    this.f32(K, 'dPred', dPred, rows * cols, 'rows*cols');
    this.result(K, result);
    this.#k.meanSquaredError(rows, cols, pred, targets, dPred, this.#s);
    result[0] = this.#s[MEAN_SQUARED_ERROR_LOSS]!;
  }

  // The optimizer steps run the caller's code when they read `state` and `options` (getters,
  // proxies), and that code may detach, shrink or swap the arrays. So every field is read once
  // into a local first, the scalar block is written after the last such read, and the arrays
  // are checked last: from the first array check to the kernel call no caller code runs.

  /**
   * params and grads, checked after every caller object was read; returns their length. Lengths
   * are compared before WASM's memory check, so a detached array is the same RangeError on
   * every backend.
   */
  private flat(kernel: string, params: unknown, grads: unknown): number {
    const n = checkF32Length(kernel, 'params', params);
    const g = checkF32Matching(kernel, 'grads', grads, n, 'params');
    this.mem(kernel, 'params', params as Float32Array);
    this.mem(kernel, 'grads', g);
    return n;
  }

  /** A state buffer (read once by the caller) the same length as params. */
  private stateBuffer(kernel: string, field: string, value: unknown, n: number): Float32Array {
    const buffer = checkF32Matching(kernel, field, value, n, 'params');
    this.mem(kernel, field, buffer);
    return buffer;
  }

  sgdStep(params: Float32Array, grads: Float32Array, state: SgdState, options: SgdOptions, step: number): void {
    const K = 'sgdStep';
    checkPositiveInteger(K, 'step', step);
    const momentumBuffer: unknown = checkObject(K, 'state', state).momentumBuffer;
    writeSgdScalars(options, step, this.#s);
    const n = this.flat(K, params, grads);
    const buffer = this.#s[SGD_STEP_MOMENTUM] === 0 ? EMPTY : this.stateBuffer(K, 'state.momentumBuffer', momentumBuffer, n);
    this.#k.sgdStep(n, params, grads, buffer, this.#s);
  }

  rmspropStep(params: Float32Array, grads: Float32Array, state: RmspropState, options: RmspropOptions, step: number): void {
    const K = 'rmspropStep';
    checkPositiveInteger(K, 'step', step);
    const fields = checkObject(K, 'state', state);
    const squareAvgField = fields.squareAvg;
    const momentumField = fields.momentumBuffer;
    const gradAvgField = fields.gradAvg;
    writeRmspropScalars(options, this.#s);
    const n = this.flat(K, params, grads);
    const squareAvg = this.stateBuffer(K, 'state.squareAvg', squareAvgField, n);
    const buffer = this.#s[RMSPROP_STEP_MOMENTUM]! > 0 ? this.stateBuffer(K, 'state.momentumBuffer', momentumField, n) : EMPTY;
    const gradAvg = this.#s[RMSPROP_STEP_CENTERED] === 1 ? this.stateBuffer(K, 'state.gradAvg', gradAvgField, n) : EMPTY;
    this.#k.rmspropStep(n, params, grads, squareAvg, buffer, gradAvg, this.#s);
  }

  adamStep(params: Float32Array, grads: Float32Array, state: AdamState, options: AdamOptions, step: number): void {
    const K = 'adamStep';
    checkPositiveInteger(K, 'step', step);
    const fields = checkObject(K, 'state', state);
    const expAvgField = fields.expAvg;
    const expAvgSqField = fields.expAvgSq;
    writeAdamScalars(options, step, this.#s);
    const n = this.flat(K, params, grads);
    const expAvg = this.stateBuffer(K, 'state.expAvg', expAvgField, n);
    const expAvgSq = this.stateBuffer(K, 'state.expAvgSq', expAvgSqField, n);
    this.#k.adamStep(n, params, grads, expAvg, expAvgSq, this.#s);
  }

  adagradStep(params: Float32Array, grads: Float32Array, state: AdagradState, options: AdagradOptions, step: number): void {
    const K = 'adagradStep';
    checkPositiveInteger(K, 'step', step);
    const sumField = checkObject(K, 'state', state).sum;
    writeAdagradScalars(options, step, this.#s);
    const n = this.flat(K, params, grads);
    const sum = this.stateBuffer(K, 'state.sum', sumField, n);
    this.#k.adagradStep(n, params, grads, sum, this.#s);
  }

  sumSquares(n: number, x: Float32Array, result: Float64Array): void {
    checkSize('sumSquares', 'n', n);
    this.f32('sumSquares', 'x', x, n, 'n');
    this.result('sumSquares', result);
    this.#k.sumSquares(n, x, this.#s);
    result[0] = this.#s[SUM_SQUARES_SUM]!;
  }

  clipByNorm(n: number, grads: Float32Array, maxNorm: number, result: Float64Array): void {
    checkSize('clipByNorm', 'n', n);
    this.f32('clipByNorm', 'grads', grads, n, 'n');
    checkNonNegative('clipByNorm', 'maxNorm', maxNorm);
    this.result('clipByNorm', result);
    this.#s[CLIP_BY_NORM_MAX_NORM] = maxNorm;
    this.#k.clipByNorm(n, grads, this.#s);
    result[0] = this.#s[CLIP_BY_NORM_NORM]!;
  }

  clipByValue(n: number, grads: Float32Array, limit: number): void {
    checkSize('clipByValue', 'n', n);
    this.f32('clipByValue', 'grads', grads, n, 'n');
    checkNonNegative('clipByValue', 'limit', limit);
    this.#s[CLIP_BY_VALUE_LIMIT] = limit;
    this.#k.clipByValue(n, grads, this.#s);
  }

  l1Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number, result: Float64Array): void {
    checkSize('l1Penalty', 'n', n);
    this.f32('l1Penalty', 'weights', weights, n, 'n');
    this.f32('l1Penalty', 'grads', grads, n, 'n');
    checkNonNegative('l1Penalty', 'lambda', lambda);
    this.result('l1Penalty', result);
    this.#s[L1_PENALTY_LAMBDA] = lambda;
    this.#k.l1Penalty(n, weights, grads, this.#s);
    result[0] = this.#s[L1_PENALTY_PENALTY]!;
  }

  l2Penalty(n: number, weights: Float32Array, grads: Float32Array, lambda: number, result: Float64Array): void {
    checkSize('l2Penalty', 'n', n);
    this.f32('l2Penalty', 'weights', weights, n, 'n');
    this.f32('l2Penalty', 'grads', grads, n, 'n');
    checkNonNegative('l2Penalty', 'lambda', lambda);
    this.result('l2Penalty', result);
    this.#s[L2_PENALTY_LAMBDA] = lambda;
    this.#k.l2Penalty(n, weights, grads, this.#s);
    result[0] = this.#s[L2_PENALTY_PENALTY]!;
  }

  denseForward(
    rows: number, inputs: number, units: number, x: Float32Array, weights: Float32Array, bias: Float32Array, z: Float32Array, a: Float32Array,
    activation: LayerActivation, param?: number | Float32Array,
  ): void {
    const K = 'denseForward';
    const code = this.layerActivationCode(K, activation);
    checkSize(K, 'rows', rows);
    checkSize(K, 'inputs', inputs);
    checkSize(K, 'units', units);
    this.f32(K, 'x', x, rows * inputs, 'rows*inputs');
    this.f32(K, 'weights', weights, units * inputs, 'units*inputs');
    this.f32(K, 'bias', bias, units, 'units');
    this.f32(K, 'z', z, rows * units, 'rows*units');
    this.f32(K, 'a', a, rows * units, 'rows*units');
    const slopes = this.layerParam(K, activation, units, param);
    this.#k.denseForward(rows, inputs, units, x, weights, bias, z, a, code, slopes, this.#s);
  }

  denseBackward(args: DenseBackwardArgs): void {
    const K = 'denseBackward';
    // Each field is read once, before any check (a getter may run caller code): from the first
    // array check to the kernel call no caller code runs.
    const { rows, inputs, units, x, weights, z, a, dA, dZ, dWeights, dBias, dX, activation, param, dSlopes } = checkObject(K, 'args', args) as unknown as DenseBackwardArgs;
    const code = this.layerActivationCode(K, activation);
    checkSize(K, 'rows', rows);
    checkSize(K, 'inputs', inputs);
    checkSize(K, 'units', units);
    this.f32(K, 'x', x, rows * inputs, 'rows*inputs');
    this.f32(K, 'weights', weights, units * inputs, 'units*inputs');
    this.f32(K, 'z', z, rows * units, 'rows*units');
    this.f32(K, 'a', a, rows * units, 'rows*units');
    this.f32(K, 'dZ', dZ, rows * units, 'rows*units');
    this.f32(K, 'dWeights', dWeights, units * inputs, 'units*inputs');
    this.f32(K, 'dBias', dBias, units, 'units');
    let flags = 0;
    if (dA === null) flags |= DENSE_FLAGS.gradientGiven;
    else this.f32(K, 'dA', dA, rows * units, 'rows*units');
    if (dX !== null) {
      this.f32(K, 'dX', dX, rows * inputs, 'rows*inputs');
      flags |= DENSE_FLAGS.inputGradient;
    }
    const slopes = this.layerParam(K, activation, units, param);
    const slopeGrads = activation === 'prelu' && dA !== null ? this.f32(K, 'dSlopes', dSlopes, units, 'units') : EMPTY;
    this.#k.denseBackward(rows, inputs, units, x, weights, z, a, dA ?? EMPTY, dZ, dWeights, dBias, dX ?? EMPTY, code, slopes, slopeGrads, flags, this.#s);
  }

  denseStack(layers: readonly DenseStackLayer[]): DenseStack {
    const provider = this.#provider;
    return createDenseStack(this, { allocate: (length) => provider.allocateScalarBlock(length), visible: provider.scalarBlocksVisible === true }, layers);
  }

  denseStackForward(stack: DenseStack, rows: number, params: Float32Array, x: Float32Array, scratch: Float32Array, out: Float32Array, result: Float64Array): void {
    const K = 'denseStackForward';
    // The sizes come from the stack's private spec: its public fields are only a copy.
    const spec = denseStackSpec(stack, this);
    if (spec === undefined) throw typeError(`${K}: stack`, `a DenseStack from this (${this.name}) backend's denseStack()`, stack);
    checkSize(K, 'rows', rows);
    this.f32(K, 'params', params, spec.paramsLength, 'the stack\'s parameter count');
    this.f32(K, 'x', x, rows * spec.inputs, 'rows*inputs');
    this.f32(K, 'scratch', scratch, rows * spec.scratchPerRow, 'rows*scratchPerRow');
    this.f32(K, 'out', out, rows * spec.outputs, 'rows*outputs');
    const r = this.result(K, result);
    const plan = spec.plan;
    if (plan !== spec.validated) plan.set(spec.validated);
    this.#k.denseStackForward(rows, plan, params, x, scratch, out);
    r[0] = plan[DENSE_STACK_PLAN.result]!;
  }

  multiply(n: number, x: Float32Array, y: Float32Array, out: Float32Array): void {
    const K = 'multiply';
    checkSize(K, 'n', n);
    this.f32(K, 'x', x, n, 'n');
    this.f32(K, 'y', y, n, 'n');
    this.f32(K, 'out', out, n, 'n');
    this.#k.multiply(n, x, y, out);
  }

  axpy(n: number, alpha: number, x: Float32Array, out: Float32Array): void {
    const K = 'axpy';
    checkSize(K, 'n', n);
    checkFinite(K, 'alpha', alpha);
    this.f32(K, 'x', x, n, 'n');
    this.f32(K, 'out', out, n, 'n');
    this.#s[AXPY_ALPHA] = alpha;
    this.#k.axpy(n, x, out, this.#s);
  }

  batchNormForward(
    rows: number, cols: number, x: Float32Array, gamma: Float32Array, beta: Float32Array, runningMean: Float32Array, runningVar: Float32Array,
    mean: Float32Array, invStd: Float32Array, xhat: Float32Array, y: Float32Array, training: boolean, momentum = 0.1, eps = 1e-5,
  ): void {
    const K = 'batchNormForward';
    checkPositiveInteger(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'x', x, rows * cols, 'rows*cols');
    this.f32(K, 'xhat', xhat, rows * cols, 'rows*cols');
    this.f32(K, 'y', y, rows * cols, 'rows*cols');
    this.f32(K, 'gamma', gamma, cols, 'cols');
    this.f32(K, 'beta', beta, cols, 'cols');
    this.f32(K, 'runningMean', runningMean, cols, 'cols');
    this.f32(K, 'runningVar', runningVar, cols, 'cols');
    this.f32(K, 'mean', mean, cols, 'cols');
    this.f32(K, 'invStd', invStd, cols, 'cols');
    checkBoolean(K, 'training', training);
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) throw rangeError(`${K}: momentum`, 'a number in [0, 1]', momentum);
    if (typeof eps !== 'number' || !(eps > 0 && eps < Infinity)) throw rangeError(`${K}: eps`, 'a finite number > 0', eps);
    this.#s[BATCH_NORM_FORWARD_MOMENTUM] = momentum;
    this.#s[BATCH_NORM_FORWARD_EPS] = eps;
    this.#k.batchNormForward(rows, cols, x, gamma, beta, runningMean, runningVar, mean, invStd, xhat, y, training ? BATCH_NORM_FLAGS.training : 0, this.#s);
  }

  batchNormBackward(
    rows: number, cols: number, dy: Float32Array, xhat: Float32Array, gamma: Float32Array, invStd: Float32Array, dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array,
  ): void {
    const K = 'batchNormBackward';
    checkPositiveInteger(K, 'rows', rows);
    checkSize(K, 'cols', cols);
    this.f32(K, 'dy', dy, rows * cols, 'rows*cols');
    this.f32(K, 'xhat', xhat, rows * cols, 'rows*cols');
    this.f32(K, 'dx', dx, rows * cols, 'rows*cols');
    this.f32(K, 'gamma', gamma, cols, 'cols');
    this.f32(K, 'invStd', invStd, cols, 'cols');
    this.f32(K, 'dGamma', dGamma, cols, 'cols');
    this.f32(K, 'dBeta', dBeta, cols, 'cols');
    this.#k.batchNormBackward(rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta);
  }

  private randomState(kernel: string, state: unknown): Uint32Array {
    const s = checkU32(kernel, 'state', state, 4, '4 words');
    this.mem(kernel, 'state', s);
    return s;
  }

  dropoutMask(state: Uint32Array, n: number, rate: number, mask: Float32Array): void {
    const K = 'dropoutMask';
    this.randomState(K, state);
    checkSize(K, 'n', n);
    checkInRange(K, 'rate', rate, 0, 0.999999, 'in [0, 1)');
    this.f32(K, 'mask', mask, n, 'n');
    this.#s[DROPOUT_MASK_THRESHOLD] = dropoutThreshold(rate);
    this.#s[DROPOUT_MASK_SCALE] = 1 / (1 - rate);
    this.#k.dropoutMask(state, n, mask, this.#s);
  }
}
