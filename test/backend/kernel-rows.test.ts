// Every kernel of the table called raw, past CheckedBackend, on each compiled backend with the
// table's sample codes and scalars (kernel-rows.ts), against the js kernels: every array and the
// scalar block must match. A swapped argument in the generated WASM adapter or C++ unpacking, or
// a slot read at another offset, shows here without a hand-written test for that kernel.
import { describe, expect, it } from 'vitest';
import type { KernelProvider } from '../../src/backend/checked-backend.ts';
import { createJsProvider } from '../../src/backend/js/js-backend.ts';
import { createNativeProvider } from '../../src/backend/native/native-backend.ts';
import { createWasmProvider } from '../../src/backend/wasm/wasm-backend.ts';
import { COMPILED, worstRatio } from './backends.ts';
import { KERNEL_ROWS, type Dims } from './kernel-rows.ts';
import { materialize, type Typed } from './raw-arguments.ts';

const CREATE = { js: createJsProvider, wasm: createWasmProvider, native: createNativeProvider } as const;
// Odd sizes, none a multiple of a vector width.
const DIMS: Dims = { rows: 7, cols: 13, m: 7, n: 13, k: 9, inputs: 11, units: 5 };

/** Runs one kernel raw; returns every typed array it was given, after the call. */
function run(provider: KernelProvider, kernel: string): Typed[] {
  const args = KERNEL_ROWS[kernel]!(DIMS).map((arg, i) => materialize(provider, arg, 11 + i * 7, DIMS.cols));
  (provider.kernels as unknown as Record<string, (...args: unknown[]) => void>)[kernel]!(...args);
  return args.filter((arg): arg is Typed => ArrayBuffer.isView(arg));
}

const JS = createJsProvider();

describe.each(COMPILED)('raw kernels on %s match the js kernels', (name) => {
  const provider = CREATE[name]();
  it.each(Object.keys(KERNEL_ROWS))('%s', (kernel) => {
    const expected = run(JS, kernel);
    const actual = run(provider, kernel);
    expect(actual.length).toBe(expected.length);
    actual.forEach((array, i) => {
      const { ratio, index } = worstRatio(array, expected[i]!, 2e-5, 1e-5);
      expect(ratio, `argument array ${i}, element ${index}: ${array[index]} vs ${expected[i]![index]}`).toBeLessThanOrEqual(1);
    });
  });
});
