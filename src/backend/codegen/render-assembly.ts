// Renders the AssemblyScript side of the kernel table: the byte offset of every scalar-block
// slot (assembly/kernel-slots.ts) and the module's exports (assembly/index.ts), one line per
// group, so a kernel is exported from the file the table says it lives in.
import { KERNEL_TABLE } from '../kernel-table.ts';
import { BANNER, slotConstant, slotIndexes } from './names.ts';

export function renderAssemblySlots(): string {
  const out = [
    `// ${BANNER}`,
    '// Byte offsets of the scalar-block slots (f64 each) of every kernel: load<f64>(s, GEMM_BETA).',
    '',
  ];
  for (const row of KERNEL_TABLE) for (const [name, index] of slotIndexes(row)) out.push(`export const ${slotConstant(row.name, name)}: usize = ${index * 8};`);
  out.push('');
  return out.join('\n');
}

export function renderAssemblyIndex(): string {
  const groups = new Map<string, string[]>();
  for (const row of KERNEL_TABLE) groups.set(row.group, [...(groups.get(row.group) ?? []), row.name]);
  return [
    `// ${BANNER}`,
    '// WebAssembly kernels of hyperprop. ABI: src/backend/kernel-abi.ts (WasmKernelExports): every',
    '// array is a byte offset into the imported shared memory (env.memory), booleans and integer',
    '// flags are 0/1 i32 arguments. Floating-point scalars never travel as arguments or return',
    '// values: a kernel that needs them takes `s`, the byte offset of the caller\'s scalar block',
    '// (f64 slots at the offsets of kernel-slots.ts, last argument), and writes a floating-point',
    '// result into its result slot; every kernel returns void. Nothing here allocates; heapBase() is',
    '// the first byte the JS arena may use (after static data and the GEMM packing scratch).',
    "export { heapBase } from './scratch';",
    ...[...groups].map(([group, names]) => `export { ${names.join(', ')} } from './${group}';`),
    '',
  ].join('\n');
}
