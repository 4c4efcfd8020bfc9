// Whether a checkout's compiled dist/ may stand in for its TypeScript sources: loading the
// sources through tsx costs about three times the CPU of loading dist/, and the test suite
// starts hundreds of processes and worker threads. dist/ stands in only while its build info
// (which `npm run build:ts` touches last) is at least as new as every file under src/, so an
// edited source is never run from a stale build. CommonJS so that both the `hyperprop` command
// and the TypeScript sources (src/workers/worker-script.ts) can load it synchronously.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** `root` has sources that its dist/ was not built from: no build info, or a file changed since. */
function sourcesAheadOfBuild(root) {
  const buildInfo = join(root, 'dist', '.tsbuildinfo');
  const sources = join(root, 'src');
  if (!existsSync(sources)) return false;
  if (!existsSync(buildInfo)) return true;
  const built = statSync(buildInfo).mtimeMs;
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > built) return true;
  }
  return false;
}

module.exports = { sourcesAheadOfBuild };
