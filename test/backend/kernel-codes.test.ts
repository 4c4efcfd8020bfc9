// Every file generated from the kernel table and the kernel codes matches what its renderer
// makes now (npm run gen:codes rewrites them), and every kernel lives in the file its table row
// names, in each language.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../../src/backend/codegen/generated-files.ts';
import { ACTIVATION_BACKWARD_ALPHA, ACTIVATION_FORWARD_ALPHA, DENSE_BACKWARD_ALPHA, DENSE_FORWARD_ALPHA } from '../../src/backend/kernel-abi.ts';
import { SCALAR_BLOCK_LENGTH, KERNEL_TABLE } from '../../src/backend/kernel-table.ts';
import { blockLength } from '../../src/backend/codegen/names.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const exists = (path: string) => existsSync(new URL(`../../${path}`, import.meta.url));

describe('generated kernel files', () => {
  it.each(GENERATED_FILES.map((file) => [file.path, file.render] as const))('%s is up to date', (path, render) => {
    expect(read(path), `${path} is stale: run npm run gen:codes`).toBe(render());
  });

  it('lists every file that says it is generated, so none escapes the staleness check', () => {
    const marked = ['src', 'native', 'assembly', 'test'].flatMap((dir) =>
      (readdirSync(new URL(`../../${dir}`, import.meta.url), { recursive: true }) as string[])
        .map((path) => `${dir}/${path}`)
        .filter((path) => /\.(ts|h|cc)$/.test(path) && /^\/\/ Generated from .* by `npm run gen:codes`/.test(read(path))),
    );
    expect(marked.sort()).toEqual(GENERATED_FILES.map((file) => file.path).sort());
  });
});

describe('the kernel table', () => {
  it.each(KERNEL_TABLE.map((row) => [row.name, row.group] as const))('%s lives in its group file (%s) in every language', (name, group) => {
    const files = {
      assembly: `assembly/${group}.ts`,
      js: `src/backend/js/${group}.ts`,
      header: `native/include/${group.replaceAll('-', '_')}.h`,
    };
    for (const path of Object.values(files)) expect(exists(path), `${path} is missing`).toBe(true);
    expect(read(files.assembly)).toMatch(new RegExp(`export function ${name}\\(`));
    expect(read(files.js)).toMatch(new RegExp(`\\b${name}\\b`));
    expect(read(files.header)).toMatch(new RegExp(`\\b${name}\\(`));
  });

  it('declares each kernel once, with argument and slot names the generated code can use', () => {
    const names = KERNEL_TABLE.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    for (const row of KERNEL_TABLE) {
      const args = row.args.map((arg) => arg.name);
      expect(new Set(args).size, row.name).toBe(args.length);
      for (const slot of row.scalars ?? []) expect(args, `${row.name}: slot ${slot.name}`).not.toContain(slot.name);
      for (const arg of row.args) {
        if ('length' in arg && arg.length) for (const factor of arg.length) if (typeof factor === 'string') expect(args, `${row.name}.${arg.name}`).toContain(factor);
      }
    }
  });

  it('has CheckedBackend write by hand only the kernels whose row declares no surface', () => {
    const handWritten = [...read('src/backend/checked-backend.ts').matchAll(/^ {2}(\w+)\(/gm)].map((match) => match[1]);
    const kernels = KERNEL_TABLE.map((row) => row.name);
    expect(handWritten.filter((name) => kernels.includes(name!)).sort()).toEqual(
      KERNEL_TABLE.filter((row) => row.surface === undefined).map((row) => row.name).sort(),
    );
    const generated = read('src/backend/checked-kernels.ts');
    for (const row of KERNEL_TABLE.filter((r) => r.surface !== undefined)) expect(generated, row.name).toMatch(new RegExp(`^  ${row.name}\\(`, 'm'));
  });

  it('fits every scalar block in SCALAR_BLOCK_LENGTH slots, and gives the dense and activation kernels one alpha slot', () => {
    for (const row of KERNEL_TABLE) expect(blockLength(row), row.name).toBeLessThanOrEqual(SCALAR_BLOCK_LENGTH);
    // AssemblyScript's dense kernels hand their block on to the activation kernels, and
    // CheckedBackend writes one alpha for both dense directions.
    expect(new Set([DENSE_FORWARD_ALPHA, DENSE_BACKWARD_ALPHA, ACTIVATION_FORWARD_ALPHA, ACTIVATION_BACKWARD_ALPHA]).size).toBe(1);
  });
});
