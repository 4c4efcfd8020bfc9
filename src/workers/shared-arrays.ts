// Typed arrays on SharedArrayBuffers: handed to a worker thread, they are shared, not copied
// (structured clone of a SharedArrayBuffer passes the same memory).

/** The array itself when it already lies on a SharedArrayBuffer, else one copy onto a new one. */
export function shareArray<T extends Float32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(a.length * Ctor.BYTES_PER_ELEMENT));
  out.set(a);
  return out;
}
