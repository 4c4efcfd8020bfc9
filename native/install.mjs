// Builds the native addon from source at install time. A failed build must never fail the
// install: the library then runs on its WASM backend, and we say so in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.HYPERPROP_SKIP_NATIVE_BUILD === '1') {
  console.log('hyperprop: native build skipped (HYPERPROP_SKIP_NATIVE_BUILD=1); the WASM backend will be used.');
  process.exit(0);
}
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
  const reason =
    log.match(/(not found|No such file|command not found|gyp ERR! stack Error: [^\n]*|error: [^\n]*)/)?.[0] ??
    result.error?.message ??
    `node-gyp exited with code ${result.status}`;
  console.log(`hyperprop: native addon not built (${reason.trim()}); the WASM backend will be used.`);
}
