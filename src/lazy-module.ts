// A dependency loaded on its first use instead of with the package, so `import 'hyperprop'` costs
// only what a program uses: a server scoring a model never loads pg, piscina, better-sqlite3, the
// YAML or CSV parsers or the progress bars (together about 40% of the package's import time).
// These are CommonJS builds (or have one), loaded through require so a first use stays
// synchronous; the objects are the ones a static import would give.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A loader for the module `name`: the first call requires it, later calls return it. */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
