// The WebAssembly backend: AssemblyScript kernels with f32x4 SIMD, computing in place on
// arrays that live in the module's own (shared) memory. Arrays are passed as byte offsets,
// so no call copies data; arrays from elsewhere are rejected rather than silently copied.
import { readFileSync } from 'node:fs';
import type { NativeAddon, WasmExports } from '../compiled-kernels.ts';
import { CheckedBackend, type KernelProvider } from '../checked-backend.ts';
import { packagePath } from '../package-root.ts';
import { WasmArena } from './arena.ts';
import { KERNEL_NAMES } from '../kernel-codes.ts';
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
  const at = (array: AnyArray | Float64Array): number => typedArrayByteOffset(array);
  const e = exports;
  return {
    gemm: (tA, tB, m, n, k, a, b, c, s) => e.gemm(tA ? 1 : 0, tB ? 1 : 0, m, n, k, at(a), at(b), at(c), at(s)),
    activationForward: (code, n, z, a, s) => e.activationForward(code, n, at(z), at(a), at(s)),
    activationBackward: (code, n, z, a, dA, dZ, s) => e.activationBackward(code, n, at(z), at(a), at(dA), at(dZ), at(s)),
    preluForward: (rows, cols, z, alpha, a) => e.preluForward(rows, cols, at(z), at(alpha), at(a)),
    preluBackward: (rows, cols, z, alpha, dA, dZ, dAlpha) => e.preluBackward(rows, cols, at(z), at(alpha), at(dA), at(dZ), at(dAlpha)),
    softmaxCrossEntropyIndex: (rows, cols, logits, labels, probs, d, s) => e.softmaxCrossEntropyIndex(rows, cols, at(logits), at(labels), at(probs), at(d), at(s)),
    softmaxCrossEntropyOneHot: (rows, cols, logits, t, probs, d, s) => e.softmaxCrossEntropyOneHot(rows, cols, at(logits), at(t), at(probs), at(d), at(s)),
    sigmoidBinaryCrossEntropy: (rows, cols, logits, t, probs, d, s) => e.sigmoidBinaryCrossEntropy(rows, cols, at(logits), at(t), at(probs), at(d), at(s)),
    meanSquaredError: (rows, cols, pred, t, d, s) => e.meanSquaredError(rows, cols, at(pred), at(t), at(d), at(s)),
    sgdStep: (n, p, g, buf, s) => e.sgdStep(n, at(p), at(g), at(buf), at(s)),
    rmspropStep: (n, p, g, sq, buf, gavg, s) => e.rmspropStep(n, at(p), at(g), at(sq), at(buf), at(gavg), at(s)),
    adamStep: (n, p, g, m, v, s) => e.adamStep(n, at(p), at(g), at(m), at(v), at(s)),
    adagradStep: (n, p, g, sum, s) => e.adagradStep(n, at(p), at(g), at(sum), at(s)),
    sumSquares: (n, x, s) => e.sumSquares(n, at(x), at(s)),
    clipByNorm: (n, g, s) => e.clipByNorm(n, at(g), at(s)),
    clipByValue: (n, g, s) => e.clipByValue(n, at(g), at(s)),
    l1Penalty: (n, w, g, s) => e.l1Penalty(n, at(w), at(g), at(s)),
    l2Penalty: (n, w, g, s) => e.l2Penalty(n, at(w), at(g), at(s)),
    dropoutMask: (state, n, mask, s) => e.dropoutMask(at(state), n, at(mask), at(s)),
    denseForward: (rows, inputs, units, x, w, bias, z, a, code, slopes, s) =>
      e.denseForward(rows, inputs, units, at(x), at(w), at(bias), at(z), at(a), code, at(slopes), at(s)),
    denseBackward: (rows, inputs, units, x, w, z, a, dA, dZ, dW, dB, dX, code, slopes, dSlopes, flags, s) =>
      e.denseBackward(rows, inputs, units, at(x), at(w), at(z), at(a), at(dA), at(dZ), at(dW), at(dB), at(dX), code, at(slopes), at(dSlopes), flags, at(s)),
    denseStackForward: (rows, plan, params, x, scratch, out) => e.denseStackForward(rows, at(plan), at(params), at(x), at(scratch), at(out)),
    multiply: (n, x, y, out) => e.multiply(n, at(x), at(y), at(out)),
    axpy: (n, x, out, s) => e.axpy(n, at(x), at(out), at(s)),
    batchNormForward: (rows, cols, x, gamma, beta, rm, rv, mean, invStd, xhat, y, flags, s) =>
      e.batchNormForward(rows, cols, at(x), at(gamma), at(beta), at(rm), at(rv), at(mean), at(invStd), at(xhat), at(y), flags, at(s)),
    batchNormBackward: (rows, cols, dy, xhat, gamma, invStd, dx, dGamma, dBeta) =>
      e.batchNormBackward(rows, cols, at(dy), at(xhat), at(gamma), at(invStd), at(dx), at(dGamma), at(dBeta)),
    setThreads: () => {},
    getThreads: () => 1,
    simdLevel: () => 'simd128',
  };
}

/** A fresh module instance with its own memory (one per thread that uses it). */
export function createWasmBackend(): CheckedBackend {
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
      return new Float64Array(arena.buffer, arena.allocate(length * 8), length);
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
  return new CheckedBackend(provider);
}
