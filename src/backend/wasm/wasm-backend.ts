// The WebAssembly backend: AssemblyScript kernels with f32x4 SIMD, computing in place on
// arrays that live in the module's own (shared) memory. Arrays are passed as byte offsets,
// so no call copies data; arrays from elsewhere are rejected rather than silently copied.
import { readFileSync } from 'node:fs';
import type { NativeAddon, WasmExports } from '../compiled-kernels.ts';
import { CheckedBackend, type KernelProvider } from '../checked-backend.ts';
import { packagePath } from '../package-root.ts';
import { WasmArena } from './arena.ts';
import { KERNEL_NAMES } from '../kernel-abi.ts';
import { wasmKernels } from './wasm-kernels.ts';
import { typedArrayByteOffset, typedArrayName } from '../typed-arrays.ts';

export const WASM_PATH = packagePath('dist/wasm/kernels.wasm');
const INITIAL_PAGES = 32;
const MAXIMUM_PAGES = 65536;

type AnyArray = Float32Array | Int32Array | Uint32Array;

let compiled: WebAssembly.Module | undefined;

function compile(): WebAssembly.Module {
  if (compiled) return compiled;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(WASM_PATH));
  } catch {
    throw new Error(`${WASM_PATH} is missing (run npm run build:wasm)`);
  }
  compiled = new WebAssembly.Module(bytes);
  return compiled;
}

function pointerKernels(exports: WasmExports): NativeAddon {
  // The engine's byteOffset, not the array's own property: a subclass could point it anywhere.
  return { ...wasmKernels(exports, typedArrayByteOffset), setThreads: () => {}, getThreads: () => 1, simdLevel: () => 'simd128' };
}

/** A fresh module instance with its own memory (one per thread that uses it). */
export function createWasmBackend(): CheckedBackend {
  return new CheckedBackend(createWasmProvider());
}

/** The module's kernels and memory, unchecked (the raw parity test calls them directly). */
export function createWasmProvider(): KernelProvider {
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  const instance = new WebAssembly.Instance(compile(), {
    env: {
      memory,
      abort: (_message: number, _file: number, line: number, column: number) => {
        throw new Error(`hyperprop wasm kernel aborted at ${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as WasmExports;
  const missing = KERNEL_NAMES.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0) throw new Error(`${WASM_PATH} is out of date: it lacks ${missing.join(', ')} (run npm run build:wasm)`);
  const arena = new WasmArena(memory, exports.heapBase());
  const offsets = new WeakMap<AnyArray, number>();
  /** A zero-filled array of `length` 4-byte elements in the module's memory. */
  const place = <T extends AnyArray>(kind: new (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number): T => {
    const offset = arena.allocate(length * 4);
    const array = new kind(arena.buffer, offset, length);
    offsets.set(array, offset);
    return array;
  };
  const provider: KernelProvider = {
    name: 'wasm',
    kernels: pointerKernels(exports),
    allocate: (length) => place(Float32Array, length),
    allocateInt32: (length) => place(Int32Array, length),
    allocateUint32: (length) => place(Uint32Array, length),
    allocateScalarBlock(length) {
      // Allocate first: it may grow the memory, and the view must be on the grown buffer.
      const offset = arena.allocate(length * 8);
      return new Float64Array(arena.buffer, offset, length);
    },
    scalarBlocksVisible: true,
    release(array) {
      const offset = offsets.get(array);
      if (offset === undefined) throw new RangeError('release: the array was not returned by this backend\'s allocate() (subarrays cannot be released)');
      offsets.delete(array);
      arena.release(offset);
    },
    owns: (array) => typedArrayName(array) !== undefined && arena.owns(array),
    checkMemory(kernel, field, array) {
      if (!arena.owns(array)) {
        throw new TypeError(
          `${kernel}: ${field} must live in the wasm backend's memory (allocate it with backend.allocate()), got a ${typedArrayName(array)} on a separate buffer`,
        );
      }
    },
  };
  return provider;
}
