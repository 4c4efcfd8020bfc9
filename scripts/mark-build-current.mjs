// Run after `tsc --incremental`: tsc leaves dist/.tsbuildinfo untouched when no source's content
// changed, but bin/hyperprop.mjs reads that file's time as "dist/ is current as of then", so a
// source merely touched (a branch switch, an editor's save) would keep the checkout on the slower
// tsx path until its next real change. A finished build is current as of now.
import { utimesSync } from 'node:fs';

const now = new Date();
utimesSync(new URL('../dist/.tsbuildinfo', import.meta.url), now, now);
