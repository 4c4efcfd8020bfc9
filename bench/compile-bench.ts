// Compiles bench entry points (and the src/ files they import) to plain JavaScript in a folder
// outside the package, so memory is measured without tsx's loader (which adds ~35 MB of RSS in the
// process and runs esbuild as a second one). The folder gets links to the package's build/ (the
// native addon), dist/ (the WASM kernels) and node_modules, which src/backend/package-root.ts
// finds two levels above src/backend.
//   tsx bench/compile-bench.ts [OUTDIR]   -> prints OUTDIR; run e.g. node OUTDIR/bench/anchor-worker.js native task.json
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BENCH_ENTRIES = ['bench/anchor-worker.ts', 'bench/train-rss.ts'];

/** Emits the entries' import graph as ES2022 JavaScript under outDir (same relative paths); returns outDir. */
export async function compileBench(outDir = mkdtempSync(join(tmpdir(), 'hyperprop-bench-')), entries = BENCH_ENTRIES): Promise<string> {
  const ts = (await import('typescript')).default;
  const program = ts.createProgram(
    entries.map((e) => join(ROOT, e)),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      rewriteRelativeImportExtensions: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noCheck: true,
      types: ['node'],
      rootDir: ROOT,
      outDir,
    },
  );
  const emitted = program.emit();
  const errors = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (const link of ['build', 'dist', 'node_modules']) if (!existsSync(join(outDir, link))) symlinkSync(join(ROOT, link), join(outDir, link));
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = await compileBench(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(dir);
}
