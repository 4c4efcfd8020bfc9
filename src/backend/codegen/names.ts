// Names and shapes shared by the renderers of the kernel table (kernel-table.ts).
import type { KernelArg, KernelRow } from '../kernel-table.ts';

export const BANNER = 'Generated from src/backend/kernel-table.ts by `npm run gen:codes`. Do not edit.';

/** camelCase → CAMEL_CASE */
export function constantName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** camelCase → CamelCase */
export function pascalName(name: string): string {
  return name[0]!.toUpperCase() + name.slice(1);
}

/** The constant naming a scalar slot of a kernel: SGD_STEP_LR. */
export function slotConstant(kernel: string, slot: string): string {
  return `${constantName(kernel)}_${constantName(slot)}`;
}

export type ArrayArg = Extract<KernelArg, { kind: 'f32' | 'i32' | 'u32' | 'f64' }>;

export function isArray(arg: KernelArg): arg is ArrayArg {
  return arg.kind === 'f32' || arg.kind === 'i32' || arg.kind === 'u32' || arg.kind === 'f64';
}

/** Slots the kernel's scalar block needs, or 0 when it takes none. */
export function blockLength(row: KernelRow): number {
  return Math.max(row.scalars?.length ?? 0, row.results?.length ?? 0);
}

/** Every scalar-block slot of a kernel, inputs and results, as [name, index] (a name once). */
export function slotIndexes(row: KernelRow): [string, number][] {
  const slots = new Map<string, number>();
  row.scalars?.forEach((slot, i) => slots.set(slot.name, i));
  row.results?.forEach((name, i) => slots.set(name, i));
  return [...slots];
}

/** The block slot lists of the doc comments: "s = [alpha, beta]; s[0] ← loss". */
export function blockText(row: KernelRow): string {
  const parts: string[] = [];
  if (row.scalars?.length) parts.push(`s = [${row.scalars.map((slot) => slot.name).join(', ')}]`);
  row.results?.forEach((name, i) => parts.push(`s[${i}] ← ${name}`));
  return parts.join('; ');
}
