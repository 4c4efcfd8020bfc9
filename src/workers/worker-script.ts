// How hyperprop starts its worker threads: the `.js` task file beside the caller (in the bundle,
// dist/bundle/, every task file is an entry beside every chunk). When hyperprop itself runs from
// source (vitest, tsx), the task file is the bundled one while the build is current
// (bin/build-state.cjs: a worker loading the sources through tsx costs about three times the CPU
// to start, and the per-module dist/ twice the bundle's), else the `.ts` source with tsx's
// loader. Every pool and one-off worker goes through here, so the choice is made in one place.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BUNDLE_ENTRIES } from './bundle-entries.ts';

/** `--import tsx` resolves from the working directory; tsx's absolute URL works from any (the CLI runs anywhere). */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/** The Node options a worker running `filename` needs: tsx's loader for a `.ts` file, none otherwise. */
export function workerExecArgv(filename: string | URL): string[] {
  return String(filename).endsWith('.ts') ? ['--import', tsxLoader()] : [];
}

const SOURCES = new URL('../', import.meta.url).href;
const BUILD = new URL('../../dist/', import.meta.url).href;
let sourcesAhead: boolean | undefined;

/** Run from source: whether the checkout's dist/ lags its src/ (asked once per process). */
function sourcesAheadOfBuild(): boolean {
  if (sourcesAhead === undefined) {
    const state = createRequire(import.meta.url)('../../bin/build-state.cjs') as { sourcesAheadOfBuild(root: string): boolean };
    sourcesAhead = state.sourcesAheadOfBuild(fileURLToPath(new URL('../../', import.meta.url)));
  }
  return sourcesAhead;
}

/**
 * The task file `name` (no extension) next to the module whose URL is `base`, with the
 * extension that module has: `workerScript(import.meta.url, './trial-worker')`.
 */
export function workerScript(base: string, name: string): { filename: string; execArgv: string[] } {
  const filename = taskFile(base, name, base.endsWith('.ts') && !sourcesAheadOfBuild());
  return { filename, execArgv: workerExecArgv(filename) };
}

/**
 * {@link workerScript}'s file; with `fromBuild`, a source module's task file is its bundled entry
 * (dist/bundle/<name>.js, scripts/bundle.mjs), or its compiled twin under dist/ if it has none.
 */
export function taskFile(base: string, name: string, fromBuild: boolean): string {
  const filename = new URL(`${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base).href;
  if (!fromBuild || !filename.endsWith('.ts') || !filename.startsWith(SOURCES)) return filename;
  const module = filename.slice(SOURCES.length, -'.ts'.length);
  const entry = Object.keys(BUNDLE_ENTRIES).find((entryName) => BUNDLE_ENTRIES[entryName] === module);
  const bundled = entry === undefined ? undefined : `${BUILD}bundle/${entry}.js`;
  return bundled !== undefined && existsSync(fileURLToPath(bundled)) ? bundled : `${BUILD}${module}.js`;
}
