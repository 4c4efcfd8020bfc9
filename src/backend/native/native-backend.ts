// The native backend: the C++ Node-API addon built from source at install time. It computes
// directly on any Float32Array's memory (byteOffset respected), so nothing is copied.
import { createRequire } from 'node:module';
import type { NativeAddon } from '../compiled-kernels.ts';
import { CheckedBackend } from '../checked-backend.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { KERNEL_NAMES } from '../kernel-codes.ts';

const require = createRequire(import.meta.url);

/**
 * Loads the addon: from HYPERPROP_NATIVE_ADDON when set (a custom build, or a missing file to
 * force the fallback), otherwise from the package's build/ folder.
 */
export function loadNativeAddon(): NativeAddon {
  const override = process.env.HYPERPROP_NATIVE_ADDON;
  let addon: NativeAddon;
  try {
    addon = override ? require(override) : require('node-gyp-build')(PACKAGE_ROOT);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    throw new Error(`the native addon did not load (${message}); build it with npm run build:native`);
  }
  const missing = KERNEL_NAMES.filter((name) => typeof (addon as unknown as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) throw new Error(`the native addon is out of date: it lacks ${missing.join(', ')} (rebuild with npm run build:native)`);
  return addon;
}

export function createNativeBackend(): CheckedBackend {
  const addon = loadNativeAddon();
  return new CheckedBackend({
    name: 'native',
    kernels: addon,
    allocate: (length) => new Float32Array(length),
    allocateInt32: (length) => new Int32Array(length),
    allocateUint32: (length) => new Uint32Array(length),
    release: () => {},
    allocateScalarBlock: (length) => new Float64Array(length),
  });
}
