// The WebAssembly backend: AssemblyScript kernels with f32x4 SIMD, computing in place on
// arrays that live in the module's own (shared) memory. Arrays are passed as byte offsets,
// so no call copies data; arrays from elsewhere are rejected rather than silently copied.
import { readFileSync } from 'node:fs';
import type { NativeAddon, WasmExports } from '../compiled-kernels.ts';
import { CheckedBackend, type KernelProvider } from '../checked-backend.ts';
import { packagePath } from '../package-root.ts';
import { WasmArena } from './arena.ts';

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
  const at = (array: AnyArray): number => array.byteOffset;
  const e = exports;
  return {
    gemm: (tA, tB, m, n, k, alpha, a, b, beta, c) => void e.gemm(tA ? 1 : 0, tB ? 1 : 0, m, n, k, alpha, at(a), at(b), beta, at(c)),
    biasAdd: (rows, cols, x, bias) => void e.biasAdd(rows, cols, at(x), at(bias)),
    columnSums: (rows, cols, x, out) => void e.columnSums(rows, cols, at(x), at(out)),
    activationForward: (code, n, z, a, alpha) => void e.activationForward(code, n, at(z), at(a), alpha),
    activationBackward: (code, n, z, a, dA, dZ, alpha) => void e.activationBackward(code, n, at(z), at(a), at(dA), at(dZ), alpha),
    preluForward: (rows, cols, z, alpha, a) => void e.preluForward(rows, cols, at(z), at(alpha), at(a)),
    preluBackward: (rows, cols, z, alpha, dA, dZ, dAlpha) => void e.preluBackward(rows, cols, at(z), at(alpha), at(dA), at(dZ), at(dAlpha)),
    softmaxForward: (rows, cols, z, a) => void e.softmaxForward(rows, cols, at(z), at(a)),
    softmaxBackward: (rows, cols, a, dA, dZ) => void e.softmaxBackward(rows, cols, at(a), at(dA), at(dZ)),
    softmaxCrossEntropyIndex: (rows, cols, logits, labels, probs, d) => e.softmaxCrossEntropyIndex(rows, cols, at(logits), at(labels), at(probs), at(d)) as number,
    softmaxCrossEntropyOneHot: (rows, cols, logits, t, probs, d) => e.softmaxCrossEntropyOneHot(rows, cols, at(logits), at(t), at(probs), at(d)) as number,
    sigmoidBinaryCrossEntropy: (rows, cols, logits, t, probs, d) => e.sigmoidBinaryCrossEntropy(rows, cols, at(logits), at(t), at(probs), at(d)) as number,
    meanSquaredError: (rows, cols, pred, t, d) => e.meanSquaredError(rows, cols, at(pred), at(t), at(d)) as number,
    sgdStep: (n, p, g, buf, lr, mu, damp, nest, wd, first) => void e.sgdStep(n, at(p), at(g), at(buf), lr, mu, damp, nest, wd, first),
    rmspropStep: (n, p, g, sq, buf, gavg, lr, alpha, eps, wd, mu, centered) =>
      void e.rmspropStep(n, at(p), at(g), at(sq), at(buf), at(gavg), lr, alpha, eps, wd, mu, centered),
    adamStep: (n, p, g, m, v, b1, b2, eps, stepSize, sqrtBc2, wd, decay) =>
      void e.adamStep(n, at(p), at(g), at(m), at(v), b1, b2, eps, stepSize, sqrtBc2, wd, decay),
    adagradStep: (n, p, g, sum, clr, eps, wd) => void e.adagradStep(n, at(p), at(g), at(sum), clr, eps, wd),
    sumSquares: (n, x) => e.sumSquares(n, at(x)) as number,
    clipByNorm: (n, g, maxNorm) => e.clipByNorm(n, at(g), maxNorm) as number,
    clipByValue: (n, g, limit) => void e.clipByValue(n, at(g), limit),
    l1Penalty: (n, w, g, lambda) => e.l1Penalty(n, at(w), at(g), lambda) as number,
    l2Penalty: (n, w, g, lambda) => e.l2Penalty(n, at(w), at(g), lambda) as number,
    randomUint32: (state, n, out) => void e.randomUint32(at(state), n, at(out)),
    randomUniform: (state, n, out) => void e.randomUniform(at(state), n, at(out)),
    dropoutMask: (state, n, threshold, scale, mask) => void e.dropoutMask(at(state), n, threshold, scale, at(mask)),
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
  const arena = new WasmArena(memory, exports.heapBase());
  const offsets = new WeakMap<AnyArray, number>();
  const provider: KernelProvider = {
    name: 'wasm',
    kernels: pointerKernels(exports),
    allocate(length) {
      const offset = arena.allocate(length * 4);
      const array = new Float32Array(arena.buffer, offset, length);
      offsets.set(array, offset);
      return array;
    },
    allocateInt32(length) {
      const offset = arena.allocate(length * 4);
      const array = new Int32Array(arena.buffer, offset, length);
      offsets.set(array, offset);
      return array;
    },
    allocateUint32(length) {
      const offset = arena.allocate(length * 4);
      const array = new Uint32Array(arena.buffer, offset, length);
      offsets.set(array, offset);
      return array;
    },
    release(array) {
      const offset = offsets.get(array);
      if (offset === undefined) throw new RangeError('release: the array was not returned by this backend\'s allocate() (subarrays cannot be released)');
      offsets.delete(array);
      arena.release(offset);
    },
    checkMemory(kernel, field, array) {
      if (!arena.owns(array)) {
        throw new TypeError(
          `${kernel}: ${field} must live in the wasm backend's memory (allocate it with backend.allocate()), got a ${array.constructor.name} on a separate buffer`,
        );
      }
    },
  };
  return new CheckedBackend(provider);
}
