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
  RmspropOptions,
  RmspropState,
  SgdOptions,
  SgdState,
} from './backend.ts';
import { CheckedKernels } from './checked-kernels.ts';
import { SCALAR_BLOCK_LENGTH, type NativeAddon } from './compiled-kernels.ts';
import { DROPOUT_MASK_SCALE, DROPOUT_MASK_THRESHOLD, RMSPROP_STEP_CENTERED, RMSPROP_STEP_MOMENTUM, SGD_STEP_MOMENTUM } from './kernel-abi.ts';
import { createDenseStack, denseStackSpec, type DenseStack, type DenseStackLayer } from './dense-stack.ts';
import { DENSE_STACK_PLAN } from './kernel-codes.ts';
import { dropoutThreshold, writeAdagradScalars, writeAdamScalars, writeRmspropScalars, writeSgdScalars } from './optimizer-scalars.ts';
import { checkF32, checkF32Length, checkF32Matching, checkInRange, checkObject, checkPositiveInteger, checkResult, checkSize, checkU32 } from './validate.ts';
import { typeError } from '../errors.ts';

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

/**
 * The kernels whose table row declares a surface are checked by the generated CheckedKernels;
 * this class adds the rest: memory and threads, the optimizer steps (their option objects are
 * resolved by optimizer-scalars.ts, their state arrays checked against params), dropoutMask (a
 * rate becomes two slots) and the dense stack (sizes from its private spec).
 */
export class CheckedBackend extends CheckedKernels implements Backend {
  readonly name: BackendName;
  // Hard-private (#): a TypeScript `private` field is an ordinary property at run time, and the
  // raw kernels trust their arguments, so they must not be reachable from a backend object.
  readonly #provider: KernelProvider;
  readonly #k: NativeAddon;
  private readonly memoryCheck: KernelProvider['checkMemory'];
  /** Reused by every call (the generated checks' too): scalars go in, results come out, and no double is boxed. */
  readonly #s: Float64Array;

  constructor(provider: KernelProvider) {
    const block = provider.allocateScalarBlock(SCALAR_BLOCK_LENGTH);
    const memoryCheck = provider.checkMemory?.bind(provider);
    super(provider.kernels, block, memoryCheck);
    this.#provider = provider;
    this.name = provider.name;
    this.#k = provider.kernels;
    this.memoryCheck = memoryCheck;
    this.#s = block;
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
    const r = checkResult(K, result);
    const plan = spec.plan;
    if (plan !== spec.validated) plan.set(spec.validated);
    this.#k.denseStackForward(rows, plan, params, x, scratch, out);
    r[0] = plan[DENSE_STACK_PLAN.result]!;
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
