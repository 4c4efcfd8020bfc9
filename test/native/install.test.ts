// The install script compiles only when no prebuilt binary fits: it runs in a copy of the
// package's layout (its own prebuilds/ folder), with the real node-gyp-build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/backend/package-root.ts';
import { BACKENDS } from '../backend/backends.ts';

const require = createRequire(import.meta.url);
const platform = `${process.platform}-${process.arch}`;
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package folder holding the install script, the real node_modules and `prebuild` if given. */
function packageWith(prebuild?: (file: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'hyperprop-install-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'native'));
  copyFileSync(join(PACKAGE_ROOT, 'native/install.mjs'), join(dir, 'native/install.mjs'));
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (prebuild) {
    mkdirSync(join(dir, 'prebuilds', platform), { recursive: true });
    prebuild(join(dir, 'prebuilds', platform, 'hyperprop.napi.glibc.node'));
  }
  return dir;
}

function install(dir: string) {
  const run = spawnSync(process.execPath, [join(dir, 'native/install.mjs')], {
    cwd: dir,
    encoding: 'utf8',
    // Stops before compiling: each case here is decided by the prebuild alone.
    env: { ...process.env, HYPERPROP_SKIP_NATIVE_BUILD: '1' },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

describe('native/install.mjs', () => {
  it('uses a prebuild that loads and builds nothing', () => {
    if (!BACKENDS.find((b) => b.name === 'native')!.backend) return;
    const built: string = require('node-gyp-build').path(PACKAGE_ROOT);
    const dir = packageWith((file) => copyFileSync(built, file));
    expect(install(dir)).toBe(`hyperprop: using the prebuilt native addon for ${platform}.`);
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('says there is no prebuild for the platform before it would compile', () => {
    expect(install(packageWith())).toBe(
      `hyperprop: no prebuilt binary for ${platform}; native build skipped (HYPERPROP_SKIP_NATIVE_BUILD=1); the WASM backend will be used.`,
    );
  });

  it('does not trust a prebuild that fails to load', () => {
    const out = install(packageWith((file) => writeFileSync(file, 'not an ELF file')));
    expect(out).toMatch(new RegExp(`^hyperprop: the prebuilt binary for ${platform} does not load here \\(.*\\); native build skipped`));
  });
});
