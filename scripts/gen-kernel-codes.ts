// Writes the C++ and AssemblyScript copies of src/backend/kernel-codes.ts.
// Run: npm run gen:codes. The kernel-codes test regenerates in memory and fails on drift.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAssemblyCodes, renderNativeCodes } from '../src/backend/kernel-codes-render.ts';

const root = new URL('../', import.meta.url);
writeFileSync(fileURLToPath(new URL('native/include/kernel_codes.h', root)), renderNativeCodes());
writeFileSync(fileURLToPath(new URL('assembly/kernel-codes.ts', root)), renderAssemblyCodes());
console.log('wrote native/include/kernel_codes.h and assembly/kernel-codes.ts');
