// Fails when a native binary imports a glibc, libstdc++ or libgcc symbol version newer than the
// oldest supported systems export (scripts/symbol-versions.ts). Run: tsx
// scripts/check-symbol-versions.ts [file.node ...]; without files it checks every prebuild.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkSymbolVersions, importedSymbols, SYMBOL_VERSION_LIMITS } from './symbol-versions.ts';

function prebuilds(): string[] {
  if (!existsSync('prebuilds')) return [];
  return readdirSync('prebuilds').flatMap((dir) =>
    readdirSync(join('prebuilds', dir))
      .filter((file) => file.endsWith('.node'))
      .map((file) => join('prebuilds', dir, file)),
  );
}

const files = process.argv.length > 2 ? process.argv.slice(2) : prebuilds();
if (files.length === 0) {
  console.error('check-symbol-versions: no .node file given and none under prebuilds/');
  process.exit(1);
}
let failed = false;
for (const file of files) {
  // readelf reads ELF files of every architecture (objdump only its own).
  const report = checkSymbolVersions(importedSymbols(execFileSync('readelf', ['--dyn-syms', '-W', file], { encoding: 'utf8' })));
  const summary = Object.entries(report.newest)
    .map(([library, version]) => `${library} ${version} (limit ${SYMBOL_VERSION_LIMITS[library] ?? 'none'})`)
    .join(', ');
  console.log(`${file}: ${summary}: ${report.tooNew.length === 0 ? 'ok' : 'TOO NEW'}`);
  for (const symbol of report.tooNew) console.log(`  ${symbol.name}@${symbol.library}_${symbol.version}`);
  failed ||= report.tooNew.length > 0;
}
process.exit(failed ? 1 : 0);
