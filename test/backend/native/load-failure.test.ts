// When the addon does not load, the reason tells a consumer what they can do in their project
// (approve hyperprop's install script and rebuild), never a script of hyperprop's repository.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNativeAddon } from '../../../src/backend/native/native-backend.ts';

const platform = `${process.platform}-${process.arch}`;
const FIX = 'npm install-scripts approve hyperprop, then npm rebuild hyperprop (needs Python 3 and a C++17 compiler)';
const dirs: string[] = [];

function emptyPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hyperprop-noaddon-'));
  dirs.push(dir);
  return dir;
}

function failure(root: string): string {
  try {
    loadNativeAddon(root);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the addon loaded');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('native addon load failures', () => {
  it('no prebuild for the platform and no build: how to build it', () => {
    const message = failure(emptyPackage());
    expect(message).toBe(
      `hyperprop has no prebuilt native addon for ${platform}, and none was built at install ` +
        `(its install script did not run, or could not compile); to build it run: ${FIX}`,
    );
  });

  it('a prebuild that does not load: why, and how to build one for this system', () => {
    const root = emptyPackage();
    mkdirSync(join(root, 'prebuilds', platform), { recursive: true });
    writeFileSync(join(root, 'prebuilds', platform, 'hyperprop.napi.glibc.node'), 'not an ELF file');
    const message = failure(root);
    expect(message).toMatch(new RegExp(`^the prebuilt native addon for ${platform} did not load \\(.+\\); to build one for this system run: `));
    expect(message.endsWith(FIX)).toBe(true);
  });

  it('a custom build named by HYPERPROP_NATIVE_ADDON: its own reason, no build advice', () => {
    process.env.HYPERPROP_NATIVE_ADDON = join(emptyPackage(), 'missing.node');
    try {
      expect(failure(emptyPackage())).toMatch(/^the native addon did not load \(Cannot find module .*missing\.node'\) from the path HYPERPROP_NATIVE_ADDON names$/);
    } finally {
      delete process.env.HYPERPROP_NATIVE_ADDON;
    }
  });

  it('never points at the repository\'s own scripts', () => {
    for (const message of [failure(emptyPackage())]) expect(message).not.toMatch(/npm run|build:native/);
  });
});
