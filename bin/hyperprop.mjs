#!/usr/bin/env node
// The `hyperprop` command. An installed package (no tsx: it is a dev dependency) runs the
// bundled build (dist/bundle/); so does a checkout whose build is current (bin/build-state.cjs). A checkout
// with a source newer than its build runs the sources through tsx, never a stale build.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sourcesAheadOfBuild } from './build-state.cjs';

const require = createRequire(import.meta.url);

function hasTsx() {
  try {
    require.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

if (hasTsx() && sourcesAheadOfBuild(fileURLToPath(new URL('..', import.meta.url)))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
} else {
  await import(new URL('../dist/bundle/cli.js', import.meta.url).href);
}
