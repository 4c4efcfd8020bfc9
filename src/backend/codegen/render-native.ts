// Renders native/binding/kernel_args.h: for every kernel, a struct of its arguments by name and
// the function that unpacks a call into it, each array checked (args.h) against the length the
// table gives it, so addon.cc never names an argument position or a scalar slot.
import { KERNEL_TABLE, type KernelArg, type KernelRow, type SlotType } from '../kernel-table.ts';
import { BANNER, blockLength, blockText, isArray, pascalName } from './names.ts';

const ARRAY = { f32: ['float', 'f32'], i32: ['std::int32_t', 'i32'], u32: ['std::uint32_t', 'u32'], f64: ['double', 'f64'] } as const;
const SLOT: Record<SlotType, [string, (read: string) => string]> = {
  f32: ['float', (read) => `static_cast<float>(${read})`],
  f64: ['double', (read) => read],
  bool: ['bool', (read) => `${read} != 0`],
  u32: ['std::uint32_t', (read) => `static_cast<std::uint32_t>(${read})`],
};

/** Kernels whose whole binding (unpacking and the compute call) is generated. */
const generated = (row: KernelRow) => !row.customBinding && row.nativeCall !== 'custom';

function cppType(arg: KernelArg): string {
  if (isArray(arg)) return `${ARRAY[arg.kind][0]}*`;
  return arg.kind === 'size' ? 'long' : arg.kind === 'code' ? 'int' : 'bool';
}

function lengthExpression(factors: readonly (string | number)[]): string {
  return factors.map(String).reduce((product, factor) => `times(${product}, ${factor})`);
}

function signature(row: KernelRow): string {
  const block = blockText(row);
  return `${row.name}(${row.args.map((arg) => arg.name).join(', ')}${block ? `, ${block}` : ''})`;
}

/**
 * A banded row's call: the compute body on each band [start, start + count) of n, every array
 * offset by start. An array with a condition is offset only when the condition holds (it is
 * empty otherwise, and the body does not read it); the condition's names are the call's fields.
 */
function bandedCall(row: KernelRow, type: string): string[] {
  if (row.results?.length) throw new Error(`${row.name}: a banded kernel writes no result slot`);
  const n = row.args.find((arg) => arg.kind === 'size');
  if (n?.name !== 'n') throw new Error(`${row.name}: a banded kernel has a size argument n`);
  const fields = [...row.args.map((arg) => arg.name), ...(row.scalars ?? []).map((slot) => slot.name)];
  const asFields = (expression: string) => expression.replace(/\b[A-Za-z_]\w*\b/g, (word) => (fields.includes(word) ? `a.${word}` : word));
  const values = row.args.map((arg) => {
    if (arg === n) return 'count';
    if (!isArray(arg)) return `a.${arg.name}`;
    if (arg.length?.length !== 1 || arg.length[0] !== 'n') throw new Error(`${row.name}: ${arg.name} of a banded kernel must be n long`);
    return arg.when ? `(${asFields(arg.when)}) ? a.${arg.name} + start : a.${arg.name}` : `a.${arg.name} + start`;
  });
  const call = `${row.name}(${[...values, ...(row.scalars ?? []).map((slot) => `a.${slot.name}`)].join(', ')})`;
  return [
    `inline void call${pascalName(row.name)}(const Napi::CallbackInfo& info, ThreadPool& pool, int threads) {`,
    `  const ${type} a = unpack${pascalName(row.name)}(info);`,
    `  runBanded(pool, threads, a.n, [&a](long start, long count) { ${call}; });`,
    '}',
    '',
  ];
}

function renderKernel(row: KernelRow): string[] {
  const names = new Set(row.args.map((arg) => arg.name));
  for (const slot of row.scalars ?? []) if (names.has(slot.name)) throw new Error(`${row.name}: scalar slot ${slot.name} shadows an argument`);
  const type = `${pascalName(row.name)}Args`;
  const fields = row.args.map((arg) => `  ${cppType(arg)} ${arg.name};`);
  const locals: string[] = [];
  const values: string[] = [];
  row.args.forEach((arg, i) => {
    if (arg.kind === 'size') locals.push(`  const long ${arg.name} = in.size(${i});`);
    else if (arg.kind === 'code') locals.push(`  const int ${arg.name} = in.code(${i});`);
    else if (arg.kind === 'bool') locals.push(`  const bool ${arg.name} = in.flag(${i});`);
  });
  const slots = blockLength(row);
  if (slots > 0) locals.push(`  double* const s = in.block(${row.args.length}, ${slots});`);
  row.scalars?.forEach((slot, i) => {
    const [cpp, read] = SLOT[slot.type];
    fields.push(`  ${cpp} ${slot.name};`);
    locals.push(`  const ${cpp} ${slot.name} = ${read(`s[${i}]`)};`);
  });
  row.results?.forEach((name, i) => fields.push(`  double* ${name};  // s[${i}]`));
  row.args.forEach((arg, i) => {
    if (!isArray(arg)) return values.push(arg.name);
    const length = lengthExpression(arg.length!);
    values.push(`in.${ARRAY[arg.kind][1]}(${i}, ${arg.when ? `(${arg.when}) ? ${length} : 0` : length})`);
  });
  for (const slot of row.scalars ?? []) values.push(slot.name);
  row.results?.forEach((_, i) => values.push(i === 0 ? 's' : `s + ${i}`));
  const call = `${row.name}(${[...row.args.map((arg) => `a.${arg.name}`), ...(row.scalars ?? []).map((slot) => `a.${slot.name}`)].join(', ')})`;
  const generatedCall =
    row.nativeCall === 'custom'
      ? []
      : row.banded
        ? bandedCall(row, type)
        : [
            `inline void call${pascalName(row.name)}(const Napi::CallbackInfo& info) {`,
            `  const ${type} a = unpack${pascalName(row.name)}(info);`,
            `  ${row.results?.length ? `*a.${row.results[0]} = ` : ''}${call};`,
            '}',
            '',
          ];
  return [
    `// ${signature(row)}`,
    `struct ${type} {`,
    ...fields,
    '};',
    '',
    `inline ${type} unpack${pascalName(row.name)}(const Napi::CallbackInfo& info) {`,
    `  const Args in(info, "${row.name}");`,
    ...locals,
    `  return ${type}{${values.join(', ')}};`,
    '}',
    '',
    ...generatedCall,
  ];
}

export function renderNativeArgs(): string {
  const out = [
    `// ${BANNER}`,
    '// Every kernel\'s arguments by name, unpacked from a call and checked by Args (args.h): sizes',
    '// >= 0, each array at least as long as the table says the kernel touches. Arrays with a',
    '// condition are checked against their length only when it holds (otherwise they may be empty).',
    '// Unless the table marks its compute call custom, the call into the group\'s header follows.',
    '#pragma once',
    '',
    '#include <cstdint>',
    '',
    '#include "args.h"',
    '#include "banded.h"',
    ...[...new Set(KERNEL_TABLE.filter(generated).map((row) => row.group))].map((group) => `#include "${group.replaceAll('-', '_')}.h"`),
    '#include "kernel_codes.h"',
    '',
    'namespace hyperprop {',
    '',
  ];
  for (const row of KERNEL_TABLE) if (!row.customBinding) out.push(...renderKernel(row));
  const list = (macro: string, rows: KernelRow[], name: (row: KernelRow) => string) => {
    out.push(`#define ${macro}(X) \\`);
    rows.forEach((row, i) => out.push(`  X(${row.name}, ${name(row)})${i < rows.length - 1 ? ' \\' : ''}`));
    out.push('');
  };
  out.push('// The kernels whose binding is generated above, as X(name, callFunction), and the ones addon.cc', '// binds itself, as X(name, MethodName): the addon\'s method table.');
  list('HYPERPROP_GENERATED_KERNELS', KERNEL_TABLE.filter((row) => generated(row) && !row.banded), (row) => `call${pascalName(row.name)}`);
  out.push('// Generated kernels that are element-wise over n: their call takes the addon\'s pool and threads.');
  list('HYPERPROP_BANDED_KERNELS', KERNEL_TABLE.filter((row) => generated(row) && row.banded === true), (row) => `call${pascalName(row.name)}`);
  list('HYPERPROP_CUSTOM_KERNELS', KERNEL_TABLE.filter((row) => !generated(row)), (row) => pascalName(row.name));
  out.push('}  // namespace hyperprop', '');
  return out.join('\n');
}
