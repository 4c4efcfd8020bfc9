// Renders test/backend/kernel-rows.ts: one well-formed raw call per kernel for given dimensions,
// with the sample codes, flags and scalar slots of the table, for the raw parity test and the
// native binding's hostile-call test.
import { KERNEL_TABLE, type KernelArg, type KernelRow } from '../kernel-table.ts';
import { BANNER, blockLength, isArray } from './names.ts';

function rawArgument(arg: KernelArg): string {
  if (arg.kind === 'size') return `{ kind: 'size', value: d.${arg.name} }`;
  if (arg.kind === 'code' || arg.kind === 'bool') return String(arg.sample);
  if (!isArray(arg)) throw new Error('unreachable');
  const length = arg.length!.map((factor) => (typeof factor === 'number' ? String(factor) : `d.${factor}`)).join(' * ');
  return `{ kind: '${arg.kind}', length: ${length}, fill: '${arg.fill ?? 'signed'}' }`;
}

function rawBlock(row: KernelRow): string {
  const values = Array.from({ length: blockLength(row) }, (_, i) => row.scalars?.[i]?.sample ?? 0);
  return `{ kind: 'f64', length: ${values.length}, fill: 'signed', values: [${values.join(', ')}] }`;
}

export function renderTestRows(): string {
  const out = [
    `// ${BANNER}`,
    '// One well-formed raw call of every kernel (past the TypeScript checks) for dimensions d.',
    '',
    "export type Fill = 'signed' | 'positive' | 'labels' | 'state';",
    "export type RawArray = { kind: 'f32' | 'i32' | 'u32' | 'f64'; length: number; fill: Fill; values?: number[] };",
    "export type RawArg = RawArray | { kind: 'size'; value: number } | number | boolean;",
    'export interface Dims {',
    ...['m', 'n', 'k', 'rows', 'cols', 'inputs', 'units'].map((name) => `  ${name}: number;`),
    '}',
    '',
    'export const KERNEL_ROWS: Record<string, (d: Dims) => RawArg[]> = {',
  ];
  for (const row of KERNEL_TABLE) {
    if (row.customBinding) continue;
    const args = row.args.map(rawArgument);
    if (blockLength(row) > 0) args.push(rawBlock(row));
    out.push(`  ${row.name}: (d) => [${args.join(', ')}],`);
  }
  out.push('};', '');
  return out.join('\n');
}
