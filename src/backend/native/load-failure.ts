// What a consumer reads when the native addon does not load: what happened and what they can
// do in their own project (approve hyperprop's install script, or build from source), never a
// script of hyperprop's repository.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const BUILD = 'npm install-scripts approve hyperprop, then npm rebuild hyperprop (needs Python 3 and a C++17 compiler)';

/** The reason the addon did not load, with the fix. `override` is HYPERPROP_NATIVE_ADDON's value. */
export function nativeLoadFailure(error: unknown, root: string, override?: string): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  if (override) return `the native addon did not load (${first}) from the path HYPERPROP_NATIVE_ADDON names`;
  const platform = `${process.platform}-${process.arch}`;
  if (existsSync(join(root, 'prebuilds', platform))) {
    return `the prebuilt native addon for ${platform} did not load (${first}); to build one for this system run: ${BUILD}`;
  }
  return (
    `hyperprop has no prebuilt native addon for ${platform}, and none was built at install ` +
    `(its install script did not run, or could not compile); to build it run: ${BUILD}`
  );
}

/** The addon loaded but predates this version of hyperprop (a build left from an older install). */
export function nativeOutOfDate(missing: readonly string[]): string {
  return `the native addon is out of date: it lacks ${missing.join(', ')}; rebuild it with npm rebuild hyperprop`;
}
