// `npm run build:ts`: tsc (incremental) compiles src/ into dist/, esbuild bundles that into
// dist/bundle/ (bundle.mjs), and the build is marked current (markCurrent below), unless
// dist/ was built from exactly these inputs. tsc's incremental mode still parses every source
// and declaration to find nothing changed (2.9 s of CPU), which each clone that starts from a
// built checkout's dist/ (the docs test's, test/docs/prepare-clone.ts) and each rerun paid.
//
// The inputs are every file under src/, tsconfig.json, package.json and package-lock.json (the
// declarations tsc reads come from the locked dependencies), this script and bundle.mjs,
// and the versions of typescript and esbuild. After a build their sha256 and the sha256 of
// dist/bundle/index.js are written to dist/.build-inputs; tsc runs again when that record is
// missing or names other inputs, or when the bundle is missing or not the one recorded.
// `--force` always builds. Either way the build is marked current, as a finished build is.
// One line says which: "ts: up to date (inputs sha256 …)" or "ts: building dist/ (…)" then
// "ts: built (inputs sha256 …)".
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecision, filesUnder, inputsHash, packageVersions, runAsCommand, stampText } from './input-stamp.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** This script and the bundle script it runs, as inputs of the build. */
export const RECIPES = ['scripts/build-ts.mjs', 'scripts/bundle.mjs'];
export const CONFIGS = ['tsconfig.json', 'package.json', 'package-lock.json'];
export const STAMP = 'dist/.build-inputs';
/** The output the record vouches for: what `import … from 'hyperprop'` loads. */
export const OUTPUT = 'dist/bundle/index.js';

export function toolVersions(root) {
  return packageVersions(join(root, 'package.json'), ['typescript', 'esbuild']);
}

/** The sha256 of the TypeScript build's inputs under `root` (relative paths: a clone has the same). */
export function tsInputsHash(root, tools = toolVersions(root)) {
  const configs = CONFIGS.filter((file) => existsSync(join(root, file)));
  return inputsHash(root, 'hyperprop ts inputs 1', tools, [...RECIPES, ...configs, ...filesUnder(root, 'src')]);
}

/** tsc, the bundle, as `npm run build:ts` ran them before it was stamped. */
function compileAndBundle(root) {
  const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run([createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc'), '-p', '.', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo']);
  run(['scripts/bundle.mjs']);
}

/**
 * tsc leaves dist/.tsbuildinfo untouched when no source's content changed, but bin/hyperprop.mjs
 * reads that file's time as "dist/ is current as of then", so a source merely touched (a branch
 * switch, an editor's save) would keep the checkout on the slower tsx path until its next real
 * change. A finished build is current as of now.
 */
function markCurrent(root) {
  const now = new Date();
  utimesSync(join(root, 'dist', '.tsbuildinfo'), now, now);
}

/** Builds dist/ under `root` if its inputs changed; `compile` and `mark` stand in for tsc and the rest in tests. */
export function buildTs({ root = ROOT, force = false, log = console.log, compile = compileAndBundle, mark = markCurrent } = {}) {
  const inputs = tsInputsHash(root);
  const read = (file) => (existsSync(join(root, file)) ? readFileSync(join(root, file)) : undefined);
  const decision = force ? { build: true, reason: '--force' } : buildDecision({ inputs, output: read(OUTPUT), stamp: read(STAMP)?.toString('utf8') });
  if (!decision.build) {
    mark(root);
    log(`ts: up to date (inputs sha256 ${inputs})`);
    return { built: false, inputs };
  }
  log(`ts: building dist/ (${decision.reason})`);
  // A build that fails leaves no record, so the next run builds again.
  rmSync(join(root, STAMP), { force: true });
  compile(root);
  const output = read(OUTPUT);
  if (output === undefined) throw new Error(`the build wrote no ${OUTPUT}`);
  mark(root);
  writeFileSync(join(root, STAMP), stampText(inputs, output));
  log(`ts: built (inputs sha256 ${inputs})`);
  return { built: true, inputs };
}

await runAsCommand(import.meta.url, 'build-ts', buildTs);
