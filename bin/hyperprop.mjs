#!/usr/bin/env node
// The `hyperprop` command. In a checkout (tsx installed as a dev dependency) it runs the
// TypeScript sources, so it never runs a stale build; in an installed package it runs the
// compiled dist/ (tsx is not installed there).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);

function hasTsx() {
  try {
    require.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

if (existsSync(source) && hasTsx()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
