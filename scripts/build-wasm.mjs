// `npm run build:wasm`: compiles assembly/ into dist/wasm/kernels.wasm with asc, unless the
// kernels.wasm there was built from exactly these inputs. asc has no incremental mode and takes
// about 3.5 s of CPU; every fresh clone whose dist/ started as a copy of a built checkout (the
// docs test's clone, test/docs/prepare-clone.ts) would otherwise compile the same sources again.
//
// The inputs are every file under assembly/ (asconfig.json included) by path and content, this
// script (it holds the asc arguments and calls asc: a change to it is a real build again), and the
// versions of assemblyscript and binaryen that compile and optimise them.
// After a build, their sha256 and the sha256 of the kernels.wasm built from them are written to
// kernels.wasm.inputs beside it. asc runs again when the output is missing, when that record is
// missing or names other inputs, or when kernels.wasm is not the file recorded (written by a
// bare `asc`, or by an earlier build that failed half-way). `--force` always compiles.
// One line says which: "wasm: up to date (inputs sha256 …)" or "wasm: building … " then
// "wasm: built (inputs sha256 …)".
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecision, filesUnder, inputsHash, packageVersions, runAsCommand, stampText } from './input-stamp.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ASSEMBLY = 'assembly';
/** This script, as an input of the build: where it sits under the package root. */
export const RECIPE = 'scripts/build-wasm.mjs';
export const ASC_ARGS = ['assembly/index.ts', '--config', 'assembly/asconfig.json', '--target', 'release'];
/** The stamp's name beside the output. */
export const STAMP_SUFFIX = '.inputs';

/** `assemblyscript@x`, `binaryen@y`: the compiler and the optimiser asc loads from `root`. */
export function compilerVersions(root) {
  const [asc] = packageVersions(join(root, 'package.json'), ['assemblyscript']);
  const ascPackage = createRequire(join(root, 'package.json')).resolve('assemblyscript/package.json');
  return [asc, ...packageVersions(ascPackage, ['binaryen'])];
}

/**
 * The sha256 of the WASM build's inputs under `root`: the compiler versions, then this script and
 * each file under assembly/, by path and content hash. Paths are relative to `root`, so a copy of
 * the tree (a clone) has the same hash.
 */
export function wasmInputsHash(root, compilers = compilerVersions(root)) {
  return inputsHash(root, 'hyperprop wasm inputs 1', compilers, [RECIPE, ...filesUnder(root, ASSEMBLY)]);
}

/** The release target's output, as assembly/asconfig.json names it (relative to that file). */
export function wasmOutput(root) {
  const config = JSON.parse(readFileSync(join(root, ASSEMBLY, 'asconfig.json'), 'utf8'));
  return resolve(root, ASSEMBLY, config.targets.release.outFile);
}

export { buildDecision };

/** asc in this process (its bin would start node twice), as `asc ${ASC_ARGS}` run from `root`. */
async function runAsc(root) {
  const { main } = await import('assemblyscript/asc');
  const { error } = await main([...ASC_ARGS, '--baseDir', root], { stdout: process.stdout, stderr: process.stderr });
  if (error) throw error;
}

/** Builds kernels.wasm under `root` if its inputs changed; `compile` stands in for asc in tests. */
export async function buildWasm({ root = ROOT, force = false, log = console.log, compile = runAsc } = {}) {
  const inputs = wasmInputsHash(root);
  const out = wasmOutput(root);
  const stampFile = out + STAMP_SUFFIX;
  const read = (file) => (existsSync(file) ? readFileSync(file) : undefined);
  const decision = force ? { build: true, reason: '--force' } : buildDecision({ inputs, output: read(out), stamp: read(stampFile)?.toString('utf8') });
  const shown = relative(root, out).split(sep).join('/');
  if (!decision.build) {
    log(`wasm: up to date (inputs sha256 ${inputs})`);
    return { built: false, inputs };
  }
  log(`wasm: building ${shown} (${decision.reason})`);
  // A build that fails leaves no record, so the next run builds again.
  rmSync(stampFile, { force: true });
  await compile(root);
  const output = read(out);
  if (output === undefined) throw new Error(`asc wrote no ${shown}`);
  writeFileSync(stampFile, stampText(inputs, output));
  log(`wasm: built (inputs sha256 ${inputs})`);
  return { built: true, inputs };
}

await runAsCommand(import.meta.url, 'build-wasm', buildWasm);
