// Turns a kernel-table row's argument (kernel-rows.ts) into what a raw kernel call takes, allocated
// by the provider under test: shared by the raw parity rows and the shape-boundary tests.
import type { KernelProvider } from '../../src/backend/checked-backend.ts';
import { randomValues } from './backends.ts';
import type { RawArg } from './kernel-rows.ts';

export type Typed = Float32Array | Int32Array | Uint32Array | Float64Array;

/** Int32 arguments are class labels below `cols`; uint32 ones a nonzero random state. */
export function materialize(provider: KernelProvider, arg: RawArg, seed: number, cols: number): unknown {
  if (typeof arg !== 'object') return arg;
  if (arg.kind === 'size') return arg.value;
  if (arg.kind === 'f64') {
    const block = provider.allocateScalarBlock(arg.length);
    block.set(arg.values ?? []);
    return block;
  }
  if (arg.kind === 'i32') {
    const labels = provider.allocateInt32(arg.length);
    for (let i = 0; i < arg.length; i++) labels[i] = (i * 5 + seed) % cols;
    return labels;
  }
  if (arg.kind === 'u32') {
    const state = provider.allocateUint32(arg.length);
    for (let i = 0; i < arg.length; i++) state[i] = Math.imul(i + seed, 2654435761) >>> 0 || 1;
    return state;
  }
  const values = randomValues(arg.length, seed, 2);
  const array = provider.allocate(arg.length);
  array.set(arg.fill === 'positive' ? values.map((v) => Math.abs(v) + 0.1) : values);
  return array;
}
