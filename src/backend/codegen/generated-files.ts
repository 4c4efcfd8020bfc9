// Every file written from the kernel table and the kernel codes, with its renderer: the
// generator (scripts/gen-kernel-codes.ts) writes them and test/backend/kernel-codes.test.ts
// fails when one differs from what its renderer makes now.
import { renderAssemblyCodes, renderNativeCodes } from '../kernel-codes-render.ts';
import { renderAssemblyIndex, renderAssemblySlots } from './render-assembly.ts';
import { renderCheckedKernels } from './render-checked.ts';
import { renderNativeArgs } from './render-native.ts';
import { renderTestRows } from './render-test-rows.ts';
import { renderKernelAbi, renderWasmAdapter } from './render-ts.ts';

/** Paths relative to the package root. */
export const GENERATED_FILES: readonly { path: string; render: () => string }[] = [
  { path: 'native/include/kernel_codes.h', render: renderNativeCodes },
  { path: 'assembly/kernel-codes.ts', render: renderAssemblyCodes },
  { path: 'src/backend/kernel-abi.ts', render: renderKernelAbi },
  { path: 'src/backend/checked-kernels.ts', render: renderCheckedKernels },
  { path: 'src/backend/wasm/wasm-kernels.ts', render: renderWasmAdapter },
  { path: 'native/binding/kernel_args.h', render: renderNativeArgs },
  { path: 'assembly/kernel-slots.ts', render: renderAssemblySlots },
  { path: 'assembly/index.ts', render: renderAssemblyIndex },
  { path: 'test/backend/kernel-rows.ts', render: renderTestRows },
];
