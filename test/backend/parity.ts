// Runs one kernel on the js reference and on another backend with the same inputs, and
// returns both outputs, so each parity test states only the kernel call and its tolerance.
import type { Backend } from '../../src/backend/backend.ts';
import { JS, f32 } from './backends.ts';

export type Inputs = Record<string, ArrayLike<number>>;

/** Copies `inputs` into each backend's memory, runs `call`, and returns the arrays afterwards. */
export function runBoth<R>(
  backend: Backend,
  inputs: Inputs,
  call: (b: Backend, arrays: Record<string, Float32Array>) => R,
): { js: { arrays: Record<string, Float32Array>; result: R }; other: { arrays: Record<string, Float32Array>; result: R } } {
  const run = (b: Backend) => {
    const arrays: Record<string, Float32Array> = {};
    for (const [key, values] of Object.entries(inputs)) arrays[key] = f32(b, values);
    const result = call(b, arrays);
    return { arrays, result };
  };
  return { js: run(JS), other: run(backend) };
}
