// How hyperprop starts its worker threads: the compiled `.js` task file beside the caller in
// dist, or the `.ts` source with tsx's loader when hyperprop itself runs from source (vitest,
// tsx). Every pool and one-off worker goes through here, so the choice is made in one place.

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

/**
 * The task file `name` (no extension) next to the module whose URL is `base`, with the
 * extension that module has: `workerScript(import.meta.url, './trial-worker')`.
 */
export function workerScript(base: string, name: string): { filename: string; execArgv: string[] } {
  const filename = new URL(`${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base).href;
  return { filename, execArgv: workerExecArgv(filename) };
}
