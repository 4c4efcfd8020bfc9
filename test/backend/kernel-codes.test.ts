// The C++ and AssemblyScript copies of the codes are generated from kernel-codes.ts; this
// fails when someone edits one side without regenerating (npm run gen:codes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAssemblyCodes, renderNativeCodes } from '../../src/backend/kernel-codes-render.ts';
import { KERNEL_NAMES } from '../../src/backend/kernel-codes.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('shared kernel codes', () => {
  it('native/include/kernel_codes.h is up to date', () => {
    expect(read('native/include/kernel_codes.h')).toBe(renderNativeCodes());
  });

  it('assembly/kernel-codes.ts is up to date', () => {
    expect(read('assembly/kernel-codes.ts')).toBe(renderAssemblyCodes());
  });

  it('the addon binding and the wasm entry point export every kernel name', () => {
    const binding = read('native/binding/addon.cc');
    const assembly = read('assembly/index.ts');
    for (const name of KERNEL_NAMES) {
      expect(binding, `addon.cc lacks ${name}`).toContain(`"${name}"`);
      expect(assembly, `assembly/index.ts lacks ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});
