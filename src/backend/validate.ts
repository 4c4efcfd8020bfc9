// Argument checks shared by every backend. Native and WASM code trust their arguments, so
// everything that could crash them or read out of bounds is rejected here first.
import { describeValue, rangeError, typeError } from '../errors.ts';
import { ACTIVATION_CODES, ELEMENTWISE_ACTIVATIONS, type ElementwiseActivation, type LayerActivation } from './kernel-codes.ts';
import { typedArrayLength, typedArrayName } from './typed-arrays.ts';

export function checkSize(kernel: string, field: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(`${kernel}: ${field}`, 'a non-negative integer', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(`${kernel}: ${field}`, 'a non-negative integer', value);
  return value;
}

export function checkPositiveInteger(kernel: string, field: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(`${kernel}: ${field}`, 'a positive integer', value);
  if (!Number.isSafeInteger(value) || value < 1) throw rangeError(`${kernel}: ${field}`, 'a positive integer', value);
  return value;
}

export function checkFinite(kernel: string, field: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(`${kernel}: ${field}`, 'a finite number', value);
  if (!Number.isFinite(value)) throw rangeError(`${kernel}: ${field}`, 'a finite number', value);
  return value;
}

export function checkInRange(kernel: string, field: string, value: unknown, low: number, high: number, rule: string): number {
  const v = checkFinite(kernel, field, value);
  if (v < low || v > high) throw rangeError(`${kernel}: ${field}`, rule, v);
  return v;
}

export function checkNonNegative(kernel: string, field: string, value: unknown): number {
  const v = checkFinite(kernel, field, value);
  if (v < 0) throw rangeError(`${kernel}: ${field}`, 'a finite number >= 0', v);
  return v;
}

/** A number in [0, 1] (anything else, a non-number included, is a RangeError). */
export function checkUnitInterval(kernel: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw rangeError(`${kernel}: ${field}`, 'a number in [0, 1]', value);
  return value;
}

/** A finite number > 0 (anything else, a non-number included, is a RangeError). */
export function checkPositiveFinite(kernel: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < Infinity)) throw rangeError(`${kernel}: ${field}`, 'a finite number > 0', value);
  return value;
}

/** An element-wise activation's name (`kind`), as its ACTIVATION_CODES code. */
export function checkElementwiseActivation(kernel: string, field: string, kind: unknown): number {
  if (typeof kind !== 'string' || !(ELEMENTWISE_ACTIVATIONS as string[]).includes(kind)) {
    throw typeError(`${kernel}: ${field}`, `one of ${ELEMENTWISE_ACTIVATIONS.join(', ')}`, kind);
  }
  return ACTIVATION_CODES[kind as ElementwiseActivation];
}

/** A dense layer's activation name, as its ACTIVATION_CODES code. */
export function checkLayerActivation(kernel: string, field: string, kind: unknown): number {
  if (typeof kind !== 'string' || !Object.hasOwn(ACTIVATION_CODES, kind)) {
    throw typeError(`${kernel}: ${field}`, `one of ${Object.keys(ACTIVATION_CODES).join(', ')}`, kind);
  }
  return ACTIVATION_CODES[kind as LayerActivation];
}

/** An activation's optional α: leakyRelu's slope (0.01 when left out), elu's α (1); the rest ignore it. */
export function checkActivationAlpha(kernel: string, kind: LayerActivation, alpha: unknown): number {
  if (alpha === undefined) return kind === 'leakyRelu' ? 0.01 : 1;
  return checkFinite(kernel, 'alpha', alpha);
}

/** The Float64Array a kernel's scalar result lands in, at [0]. */
export function checkResult(kernel: string, result: unknown): Float64Array {
  if (typedArrayName(result) !== 'Float64Array') throw typeError(`${kernel}: result`, 'a Float64Array (the value lands in result[0])', result);
  const length = typedArrayLength(result as Float64Array);
  if (length < 1) throw new RangeError(`${kernel}: result.length must be at least 1, got ${length}`);
  return result as Float64Array;
}

export function checkBoolean(kernel: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw typeError(`${kernel}: ${field}`, 'a boolean', value);
  return value;
}

function checkTyped<T extends Float32Array | Int32Array | Uint32Array>(
  kind: 'Float32Array' | 'Int32Array' | 'Uint32Array',
  kernel: string,
  field: string,
  value: unknown,
  needed: number,
  neededText: string,
): T {
  // The engine's own tag and length (typed-arrays.ts): a subclass, proxy or borrowed prototype
  // cannot claim a type or a length that the kernel would then trust.
  if (typedArrayName(value) !== kind) throw typeError(`${kernel}: ${field}`, `a ${kind}`, value);
  const length = typedArrayLength(value as T);
  if (length < needed) {
    throw new RangeError(`${kernel}: ${field}.length must be at least ${neededText} = ${needed}, got ${length}`);
  }
  return value as T;
}

/** A Float32Array with at least `needed` elements; `neededText` explains the size (e.g. "m*k"). */
export function checkF32(kernel: string, field: string, value: unknown, needed: number, neededText: string): Float32Array {
  return checkTyped('Float32Array', kernel, field, value, needed, neededText);
}

/** A Float32Array of any length; returns its length (the engine's, see typed-arrays.ts). */
export function checkF32Length(kernel: string, field: string, value: unknown): number {
  if (typedArrayName(value) !== 'Float32Array') throw typeError(`${kernel}: ${field}`, 'a Float32Array', value);
  return typedArrayLength(value as Float32Array);
}

/** A Float32Array of exactly `expected` elements, as long as another array (`expectedField`). */
export function checkF32Matching(kernel: string, field: string, value: unknown, expected: number, expectedField: string): Float32Array {
  const length = checkF32Length(kernel, field, value);
  if (length !== expected) {
    throw new RangeError(`${kernel}: ${field}.length must equal ${expectedField}.length = ${expected}, got ${length}`);
  }
  return value as Float32Array;
}

export function checkI32(kernel: string, field: string, value: unknown, needed: number, neededText: string): Int32Array {
  return checkTyped('Int32Array', kernel, field, value, needed, neededText);
}

export function checkU32(kernel: string, field: string, value: unknown, needed: number, neededText: string): Uint32Array {
  return checkTyped('Uint32Array', kernel, field, value, needed, neededText);
}

/** Class labels must index a column; an out-of-range label would read outside the row. */
export function checkLabels(kernel: string, labels: Int32Array, rows: number, classes: number): void {
  for (let i = 0; i < rows; i++) {
    const label = labels[i]!;
    if (label < 0 || label >= classes) {
      throw new RangeError(`${kernel}: labels[${i}] must be a class index in [0, ${classes - 1}], got ${label}`);
    }
  }
}

export function checkObject(kernel: string, field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw typeError(`${kernel}: ${field}`, 'an object', value);
  return value as Record<string, unknown>;
}

export { describeValue };
