// Run after tsc: bundles the compiled dist/ into dist/bundle/, one file per entry point (the
// package, the `hyperprop` command, the three worker-thread task files) and shared chunks.
// Node 20's ESM loader costs ~0.4 ms of CPU a module, and `import 'hyperprop'` loads ~270 of
// them: a bundle cuts the start-up of every process and worker thread (0.25 s → 0.15 s of CPU), which
// a server's cold start, a CLI call and each tuning worker pay. dist/'s per-module files stay
// for the type declarations and source maps; nothing runs them but tests of single modules.
//
// Every file lands in the one folder dist/bundle/, two levels under the package root like
// dist/<concept>/<module>.js, so `new URL('../../', import.meta.url)` (package-root.ts) still
// finds the root from whichever chunk holds it, and a worker's task file `./trial-worker` beside
// the calling chunk is the bundled entry of that name.
import { rmSync, utimesSync, existsSync } from 'node:fs';
import { build } from 'esbuild';
import { BUNDLE_ENTRIES } from '../dist/workers/bundle-entries.js';

const dist = new URL('../dist/', import.meta.url);
const buildInfo = new URL('.tsbuildinfo', dist);

// Until the bundle is written, the build is not current: a checkout then runs its sources
// (bin/build-state.cjs) rather than a bundle older than the dist/ that tsc just wrote.
// build-ts.mjs dates the build info again once this script has succeeded.
if (existsSync(buildInfo)) utimesSync(buildInfo, new Date(0), new Date(0));

const outdir = new URL('bundle/', dist);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(Object.entries(BUNDLE_ENTRIES).map(([name, module]) => [name, new URL(`${module}.js`, dist).pathname])),
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay packages of their own: users dedupe them, and native ones (better-sqlite3,
  // the addon) and piscina (which starts its own worker file) must load from their folders.
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  // tsc's source maps chain through, so a stack trace maps to src/ with --enable-source-maps.
  sourcemap: 'linked',
  // Two modules' same-named helpers get renamed apart in one scope: keep Function.name and
  // class names (error names, reports) what the sources say.
  keepNames: true,
  logLevel: 'warning',
});
