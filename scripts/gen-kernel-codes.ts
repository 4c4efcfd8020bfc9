// Writes every file generated from src/backend/kernel-table.ts and src/backend/kernel-codes.ts
// (the list is src/backend/codegen/generated-files.ts). Run: npm run gen:codes. The
// kernel-codes test renders them in memory and fails on drift.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILES } from '../src/backend/codegen/generated-files.ts';

const root = new URL('../', import.meta.url);
for (const { path, render } of GENERATED_FILES) writeFileSync(fileURLToPath(new URL(path, root)), render());
console.log(`wrote ${GENERATED_FILES.map((file) => file.path).join(', ')}`);
