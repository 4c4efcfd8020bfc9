// Renders kernel-codes.ts as C++ and AssemblyScript source (see scripts/gen-kernel-codes.ts).
import { ACTIVATION_CODES, BATCH_NORM_FLAGS, DENSE_FLAGS, DENSE_STACK_PLAN, SELU_ALPHA, SELU_SCALE } from './kernel-codes.ts';
import { KERNEL_TABLE } from './kernel-table.ts';

const BANNER = 'Generated from src/backend/kernel-codes.ts by `npm run gen:codes`. Do not edit.';

function constantName(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

export function renderNativeCodes(): string {
  const lines = [`// ${BANNER}`, '#pragma once', '', 'namespace hyperprop {', '', 'enum Activation : int {'];
  for (const [name, code] of Object.entries(ACTIVATION_CODES)) lines.push(`  ACT_${constantName(name)} = ${code},`);
  lines.push('};', '');
  for (const [name, bit] of Object.entries(DENSE_FLAGS)) lines.push(`constexpr int DENSE_${constantName(name)} = ${bit};`);
  for (const [name, bit] of Object.entries(BATCH_NORM_FLAGS)) lines.push(`constexpr int BATCH_NORM_${constantName(name)} = ${bit};`);
  lines.push('');
  for (const [name, slot] of Object.entries(DENSE_STACK_PLAN)) lines.push(`constexpr long DENSE_STACK_${constantName(name)} = ${slot};`);
  lines.push('');
  lines.push(`constexpr float SELU_ALPHA = ${SELU_ALPHA}f;`, `constexpr float SELU_SCALE = ${SELU_SCALE}f;`, '');
  lines.push(`constexpr const char* KERNEL_NAMES[] = {`);
  for (const { name } of KERNEL_TABLE) lines.push(`  "${name}",`);
  lines.push('};', `constexpr int KERNEL_COUNT = ${KERNEL_TABLE.length};`, '', '}  // namespace hyperprop', '');
  return lines.join('\n');
}

export function renderAssemblyCodes(): string {
  const lines = [`// ${BANNER}`, ''];
  for (const [name, code] of Object.entries(ACTIVATION_CODES)) lines.push(`export const ACT_${constantName(name)}: i32 = ${code};`);
  lines.push('');
  for (const [name, bit] of Object.entries(DENSE_FLAGS)) lines.push(`export const DENSE_${constantName(name)}: i32 = ${bit};`);
  for (const [name, bit] of Object.entries(BATCH_NORM_FLAGS)) lines.push(`export const BATCH_NORM_${constantName(name)}: i32 = ${bit};`);
  lines.push('');
  for (const [name, slot] of Object.entries(DENSE_STACK_PLAN)) lines.push(`export const DENSE_STACK_${constantName(name)}: i32 = ${slot};`);
  lines.push('', `export const SELU_ALPHA: f32 = ${SELU_ALPHA};`, `export const SELU_SCALE: f32 = ${SELU_SCALE};`, '');
  return lines.join('\n');
}
