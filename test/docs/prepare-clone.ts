// A clone of this checkout as `npm install` leaves it: the tracked sources copied into a
// temporary folder, the installed dependencies and the built addon linked in, and the package's
// own `prepare` script run there. So the docs run against a fresh build (never a stale dist/ of
// the checkout), and a clone's `prepare` is what makes `import … from 'hyperprop'` work.
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildWasmScript } from './build-wasm-script.ts';

const run = promisify(execFile);

export const CHECKOUT = resolve(import.meta.dirname, '../..');

/**
 * Copied: the files git tracks or would track, as a clone has them (not ignored outputs such as
 * dist/ or examples/digits.db), so the build is of the clone's own sources and what the docs'
 * commands write stays out of the checkout.
 */
/** Linked: what `npm install` would have put there (dependencies, the addon it compiled). */
const LINKED = ['node_modules', 'build', 'prebuilds'];

export interface Clone {
  dir: string;
  /** What `npm run prepare` printed, and how long it took. */
  prepareLog: string;
  prepareMs: number;
  /**
   * Whether the kernels.wasm copied with the checkout's dist/ came with a record of being built
   * from exactly the clone's WASM inputs, so the clone's build:wasm may skip asc.
   */
  wasmHeadStart: boolean;
  remove(): void;
}

export async function prepareClone(): Promise<Clone> {
  const dir = mkdtempSync(join(tmpdir(), 'hyperprop-docs-'));
  const { stdout: listing } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: CHECKOUT, maxBuffer: 16 << 20 });
  for (const file of new Set(listing.split('\0').filter((f) => f !== ''))) {
    // A file deleted in the working tree but still in the index is not in a clone either.
    if (!existsSync(join(CHECKOUT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(CHECKOUT, file), join(dir, file));
  }
  for (const name of LINKED) {
    if (existsSync(join(CHECKOUT, name))) symlinkSync(join(CHECKOUT, name), join(dir, name));
  }
  // The checkout's build, if it has one, as a head start: build:ts (scripts/build-ts.mjs) skips
  // tsc and the bundle when dist/'s record names the clone's own inputs, and otherwise tsc
  // compares each source's hash with its build info and compiles only what differs, so the
  // clone's dist/ is still built from the clone's sources (15 s of CPU less when nothing changed).
  if (existsSync(join(CHECKOUT, 'dist', '.tsbuildinfo'))) {
    cpSync(join(CHECKOUT, 'dist'), join(dir, 'dist'), { recursive: true });
    // tsc names each declaration file by its real path, relative to the build info: the
    // checkout's `../node_modules/…` is the clone's link resolved. Left as it is, every one of
    // them reads as new and tsc rebuilds the whole project (8 s more CPU).
    const buildInfo = join(dir, 'dist', '.tsbuildinfo');
    const linked = relative(join(dir, 'dist'), realpathSync(join(CHECKOUT, 'node_modules')));
    writeFileSync(buildInfo, readFileSync(buildInfo, 'utf8').replaceAll('"../node_modules/', `"${linked}/`));
  }
  // So is the checkout's kernels.wasm, with its record of the inputs it was built from
  // (scripts/build-wasm.mjs): asc has no incremental mode, and compiling the same assembly/ again
  // costs 3.5 s of CPU. The clone's build:wasm hashes the clone's own inputs and compiles unless
  // they are the recorded ones.
  const wasm = buildWasmScript.wasmOutput(dir);
  const wasmHeadStart = existsSync(wasm) && existsSync(wasm + buildWasmScript.STAMP_SUFFIX)
    && !buildWasmScript.buildDecision({ inputs: buildWasmScript.wasmInputsHash(dir), output: readFileSync(wasm), stamp: readFileSync(wasm + buildWasmScript.STAMP_SUFFIX, 'utf8') }).build;
  const start = performance.now();
  let log: string;
  try {
    const { stdout, stderr } = await run('npm', ['run', 'prepare'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 << 20 });
    log = stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm run prepare failed in a clone of the working tree:\n${stdout}${stderr}`);
  }
  return {
    dir,
    prepareLog: log,
    prepareMs: performance.now() - start,
    wasmHeadStart,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
