// Install script: the package ships prebuilt Node-API binaries (prebuilds/<platform>-<arch>/);
// only when none of them loads here is the addon built from source. A failed build must never
// fail the install: the library then runs on its WASM backend, and we say so in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platform = `${process.platform}-${process.arch}`;

/** The prebuild that fits this platform and loads, or why none does. */
function loadPrebuild() {
  // node-gyp-build reads PREBUILDS_ONLY when it loads: look at prebuilds/ alone, not at an
  // older build/Release of a checkout.
  process.env.PREBUILDS_ONLY = '1';
  const require = createRequire(import.meta.url);
  let file;
  try {
    file = require('node-gyp-build').path(root);
  } catch {
    return { reason: `no prebuilt binary for ${platform}` };
  }
  try {
    require(file);
    return { file };
  } catch (error) {
    return { reason: `the prebuilt binary for ${platform} does not load here (${String(error.message).split('\n')[0]})` };
  }
}

const prebuild = loadPrebuild();
if (prebuild.file) {
  console.log(`hyperprop: using the prebuilt native addon for ${platform}.`);
  process.exit(0);
}
if (process.env.HYPERPROP_SKIP_NATIVE_BUILD === '1') {
  console.log(`hyperprop: ${prebuild.reason}; native build skipped (HYPERPROP_SKIP_NATIVE_BUILD=1); the WASM backend will be used.`);
  process.exit(0);
}
console.log(`hyperprop: ${prebuild.reason}; building the native addon from source.`);
// npm exports the path of its own node-gyp and the header directory; going through them
// keeps the build offline (a bare node-gyp would try to download Node's headers).
const gyp = process.env.npm_config_node_gyp;
const command = gyp && existsSync(gyp) ? [process.execPath, gyp] : ['npx', '--no-install', 'node-gyp'];
const result = spawnSync(command[0], [...command.slice(1), 'rebuild', '--release'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (result.status === 0) {
  console.log('hyperprop: native addon built from source.');
} else {
  const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  // The most telling line first: a missing or unusable compiler, then a compile error, then
  // node-gyp's own summary.
  const patterns = [
    /^.*(?:Permission denied|command not found|not found|No such file or directory).*$/m,
    /^.*\berror: .*$/m,
    /^gyp ERR! stack Error: .*$/m,
  ];
  const line = patterns.map((pattern) => log.match(pattern)?.[0]).find(Boolean);
  const reason = (line ?? result.error?.message ?? `node-gyp exited with code ${result.status}`).replace(/^gyp ERR! stack Error: /, '').trim();
  console.log(`hyperprop: native addon not built (${reason}); the WASM backend will be used.`);
}
