// Renders the TypeScript side of the kernel table: the typed ABI (src/backend/kernel-abi.ts)
// and the WASM adapter (src/backend/wasm/wasm-kernels.ts).
import { KERNEL_TABLE, type KernelArg, type KernelRow } from '../kernel-table.ts';
import { BANNER, blockLength, blockText, isArray, slotConstant, slotIndexes } from './names.ts';

const TS_ARRAY = { f32: 'F32', i32: 'I32', u32: 'U32', f64: 'F64' } as const;

function abiType(arg: KernelArg): string {
  if (arg.kind === 'bool') return 'boolean';
  return isArray(arg) ? TS_ARRAY[arg.kind] : 'number';
}

/** The argument names of a kernel, the scalar block `s` last when it takes one. */
function argNames(row: KernelRow): string[] {
  return [...row.args.map((arg) => arg.name), ...(blockLength(row) > 0 ? ['s'] : [])];
}

function docLines(row: KernelRow): string[] {
  const lines = [row.doc];
  const block = blockText(row);
  if (block) lines.push(block);
  for (const arg of row.args) if (isArray(arg) && arg.when) lines.push(`${arg.name} may be empty unless ${arg.when}.`);
  return ['  /**', ...lines.map((line) => `   * ${line}`), '   */'];
}

export function renderKernelAbi(): string {
  const out = [
    `// ${BANNER}`,
    '// The unchecked ABI of the compiled backends, one signature per kernel (see compiled-kernels.ts',
    '// for the calling convention), and the index of every scalar-block slot.',
    '',
    'type F32 = Float32Array;',
    'type F64 = Float64Array;',
    'type I32 = Int32Array;',
    'type U32 = Uint32Array;',
    '',
    '/** The kernels every compiled backend exports, by the same name. */',
    'export const KERNEL_NAMES = [',
    ...KERNEL_TABLE.map((row) => `  '${row.name}',`),
    '] as const;',
    '',
    'export type KernelName = (typeof KERNEL_NAMES)[number];',
    '',
    '/** Arrays are typed arrays the kernel computes on in place; `s` is the scalar block. */',
    'export interface KernelAbi {',
  ];
  for (const row of KERNEL_TABLE) {
    const params = row.args.map((arg) => `${arg.name}: ${abiType(arg)}`);
    if (blockLength(row) > 0) params.push('s: F64');
    out.push(...docLines(row), `  ${row.name}(${params.join(', ')}): void;`);
  }
  out.push(
    '}',
    '',
    '/** The same kernels as WASM exports: every array (the scalar block included) as its byte offset into the module\'s memory, booleans as 0/1. */',
    'export interface WasmKernelExports {',
  );
  for (const row of KERNEL_TABLE) out.push(`  ${row.name}(${argNames(row).map((name) => `${name}: number`).join(', ')}): void;`);
  out.push('}', '', '// Scalar-block slots: the index of each input and result, by kernel.');
  for (const row of KERNEL_TABLE) for (const [name, index] of slotIndexes(row)) out.push(`export const ${slotConstant(row.name, name)} = ${index};`);
  out.push('');
  return out.join('\n');
}

function wasmArgument(arg: KernelArg): string {
  if (arg.kind === 'bool') return `${arg.name} ? 1 : 0`;
  return isArray(arg) ? `at(${arg.name})` : arg.name;
}

export function renderWasmAdapter(): string {
  const out = [
    `// ${BANNER}`,
    '// The WASM kernels behind the KernelAbi signatures: each array is passed as its byte offset',
    '// into the module\'s memory (the arrays were checked to live there), booleans as 0/1.',
    "import type { KernelAbi, WasmKernelExports } from '../kernel-abi.ts';",
    '',
    '/** The byte offset of an array in the module\'s memory. */',
    'export type ByteOffsetOf = (array: Float32Array | Int32Array | Uint32Array | Float64Array) => number;',
    '',
    'export function wasmKernels(e: WasmKernelExports, at: ByteOffsetOf): KernelAbi {',
    '  return {',
  ];
  for (const row of KERNEL_TABLE) {
    const names = argNames(row);
    const passed = [...row.args.map(wasmArgument), ...(blockLength(row) > 0 ? ['at(s)'] : [])];
    out.push(`    ${row.name}: (${names.join(', ')}) => e.${row.name}(${passed.join(', ')}),`);
  }
  out.push('  };', '}', '');
  return out.join('\n');
}
