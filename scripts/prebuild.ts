// Puts this platform's Node-API binary under prebuilds/<platform>-<arch>/, where node-gyp-build
// finds it in the published package, so installs need no compiler and no install script. Node-API
// is ABI-stable: one binary serves every Node >= 20. Runs before `npm pack` (prepack).
// The portable build in build/Release is reused when it is newer than every native source (CI
// builds the addon once, at npm ci); otherwise it is rebuilt. A binary that imports a symbol
// version newer than the oldest supported glibc is refused.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkSymbolVersions, importedSymbols } from './symbol-versions.ts';

const BUILT = 'build/Release/hyperprop.node';
const SOURCES = ['binding.gyp', 'native'];

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** True when build/Release holds a portable build (no -march=native) of the current sources. */
function portableBuildIsCurrent(): boolean {
  if (!existsSync(BUILT) || !existsSync('build/hyperprop.target.mk')) return false;
  const makefile = readFileSync('build/hyperprop.target.mk', 'utf8');
  if (makefile.includes('-march=native') || !makefile.includes('KERNEL_MULTIVERSION')) return false;
  return statSync(BUILT).mtimeMs > Math.max(...SOURCES.map(newestSource));
}

function build(): void {
  // npm's own node-gyp with npm's header directory keeps the build offline.
  const gyp = process.env.npm_config_node_gyp;
  const [command, ...args] = gyp && existsSync(gyp) ? [process.execPath, gyp] : ['npx', '--no-install', 'node-gyp'];
  const result = spawnSync(command!, [...args, 'rebuild', '--release'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node-gyp rebuild failed with exit code ${result.status}`);
}

function libcTag(): string {
  if (process.platform !== 'linux') return '';
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return header?.glibcVersionRuntime ? '.glibc' : '.musl';
}

if (portableBuildIsCurrent()) console.log(`prebuild: reusing ${BUILT} (newer than binding.gyp and native/)`);
else build();

const folder = join('prebuilds', `${process.platform}-${process.arch}`);
const target = join(folder, `hyperprop.napi${libcTag()}.node`);
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
copyFileSync(BUILT, target);
if (process.platform === 'linux') {
  // Debug symbols are most of the file and no user needs them.
  execFileSync('strip', ['--strip-unneeded', target]);
  const report = checkSymbolVersions(importedSymbols(execFileSync('readelf', ['--dyn-syms', '-W', target], { encoding: 'utf8' })));
  if (report.tooNew.length > 0) {
    const names = report.tooNew.map((s) => `${s.name}@${s.library}_${s.version}`).join(', ');
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`prebuild: ${target} imports symbol versions the oldest supported systems lack: ${names}`);
  }
}
const addon = createRequire(import.meta.url)(join(process.cwd(), target)) as { simdLevel(): string };
console.log(`prebuild: ${target} (${statSync(target).size} bytes; loads here, ${addon.simdLevel()} kernels)`);
