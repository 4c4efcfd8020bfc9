// What the stamped builds share (build-wasm.mjs, build-ts.mjs): a build's inputs hashed by path
// and content, and the record written beside its output once it succeeded, so that a tree whose
// output was built from exactly these inputs (a clone that started from a built checkout's
// dist/, a rerun) skips a compiler that has no cheap up-to-date check of its own.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Every file under `dir`, as sorted `/`-separated paths relative to `root`. */
export function filesUnder(root, dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(join(root, dir));
  return found.sort();
}

/** `name@version` of each package as `require` from `from` (a package.json path) finds it. */
export function packageVersions(from, names) {
  const resolveFrom = createRequire(from);
  return names.map((name) => {
    const { version } = JSON.parse(readFileSync(resolveFrom.resolve(`${name}/package.json`), 'utf8'));
    return `${name}@${version}`;
  });
}

/**
 * The sha256 of a build's inputs under `root`: a title, the tools' versions, then each file by
 * path and content hash. Paths are relative to `root`, so a copy of the tree has the same hash.
 */
export function inputsHash(root, title, tools, files) {
  const lines = [title, ...tools.map((t) => `compiler ${t}`)];
  for (const file of files) lines.push(`file ${JSON.stringify(file)} ${sha256(readFileSync(join(root, file)))}`);
  return sha256(lines.join('\n'));
}

/**
 * Whether the compiler must run: `output` is the output's bytes (undefined when missing), `stamp`
 * the text of its inputs record (undefined when missing), `inputs` the current inputs' hash.
 */
export function buildDecision({ inputs, output, stamp }) {
  if (output === undefined) return { build: true, reason: 'no output yet' };
  if (stamp === undefined) return { build: true, reason: 'no record of the inputs it was built from' };
  let recorded;
  try {
    recorded = JSON.parse(stamp);
  } catch {
    return { build: true, reason: 'its inputs record is unreadable' };
  }
  if (recorded?.inputs !== inputs) return { build: true, reason: 'the inputs changed' };
  if (recorded.output !== sha256(output)) return { build: true, reason: 'it is not the file built from these inputs' };
  return { build: false, reason: 'up to date' };
}

/** The record of a finished build: its inputs' hash and its output's. */
export const stampText = (inputs, output) => `${JSON.stringify({ inputs, output: sha256(output) })}\n`;

/**
 * Runs `build({ force })` when the script at `moduleUrl` is the one node was started with: its
 * only argument is `--force`; a failure prints its first line (the compiler printed the rest) and
 * exits 1.
 */
export async function runAsCommand(moduleUrl, name, build) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const unknown = process.argv.slice(2).filter((a) => a !== '--force');
  if (unknown.length > 0) {
    console.error(`${name}: unknown argument ${unknown[0]} (only --force)`);
    process.exit(2);
  }
  try {
    await build({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(error instanceof Error ? error.message.split('\n')[0] : error);
    process.exit(1);
  }
}
