// What a typed array really is, from the engine's own getters on %TypedArray%.prototype, taken
// once at load. A subclass can override `length`, `buffer` or `byteOffset`, a proxy can answer
// anything, and an object can borrow Float32Array.prototype: reading those properties runs the
// caller's code and believes its answers. These getters read the internal slots instead, run no
// user code, and report a detached or out-of-bounds view as length 0.

type Getter = (receiver: unknown) => unknown;

const typedArrayPrototype: object = Object.getPrototypeOf(Uint8Array.prototype);

/** The getter of `key` on %TypedArray%.prototype as a plain function of its receiver. */
function intrinsic(key: PropertyKey): Getter {
  const get = Object.getOwnPropertyDescriptor(typedArrayPrototype, key)?.get;
  if (get === undefined) throw new Error(`%TypedArray%.prototype has no ${String(key)} getter`);
  // call.bind(get): later changes to Function.prototype.call cannot reach it.
  return Function.prototype.call.bind(get) as Getter;
}

const tagOf = intrinsic(Symbol.toStringTag);
const lengthOf = intrinsic('length');
const bufferOf = intrinsic('buffer');
const byteOffsetOf = intrinsic('byteOffset');

/** The typed array's own class name ('Float32Array' for a subclass too), or undefined for anything else (a proxy included). */
export function typedArrayName(value: unknown): string | undefined {
  return tagOf(value) as string | undefined;
}

/** Elements the view covers now: 0 once its buffer is detached or shrunk below it. */
export function typedArrayLength(array: ArrayBufferView): number {
  return lengthOf(array) as number;
}

export function typedArrayBuffer(array: ArrayBufferView): ArrayBufferLike {
  return bufferOf(array) as ArrayBufferLike;
}

export function typedArrayByteOffset(array: ArrayBufferView): number {
  return byteOffsetOf(array) as number;
}
