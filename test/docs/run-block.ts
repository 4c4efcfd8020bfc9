// Runs one fenced block as a reader would, from the root of a prepared clone: `sh`/`bash` with
// bash (stopping at the first failing command), `ts` with tsx, `js` as an ES module (the doc test
// passes a ts block as the JavaScript tsc emitted for it, see snippets.test.ts). The file is
// written into the clone, so `import … from 'hyperprop'` resolves as in any script of the clone
// (the package's own name and "exports", pointing at dist/); `hyperprop` and `npx hyperprop` run
// the clone's bin. npx would first link a fresh clone into npm's npx cache (slow, and one
// leftover entry per temporary clone), so in sh blocks `npx hyperprop` goes to the bin directly;
// other `npx` commands (tsx, vitest) run through npx from the clone's node_modules/.bin.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type RunLang = 'sh' | 'ts' | 'js';

export const RUN_LANGS: Record<string, RunLang> = { sh: 'sh', bash: 'sh', ts: 'ts', js: 'js' };

export interface BlockRun {
  code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
  ms: number;
  timedOut: boolean;
}

/** A folder holding a `hyperprop` command that runs the clone's bin, for PATH. */
export function binFolder(clone: string): string {
  const dir = join(clone, '.doc-bin');
  mkdirSync(dir, { recursive: true });
  const target = join(clone, 'bin', 'hyperprop.mjs');
  chmodSync(target, 0o755);
  symlinkSync(target, join(dir, 'hyperprop'));
  return dir;
}

export function runBlock(options: {
  clone: string;
  bin: string;
  name: string;
  lang: RunLang;
  text: string;
  timeoutMs: number;
  backend?: string;
}): Promise<BlockRun> {
  const { clone, name, lang, text } = options;
  const file = join(clone, `${name}.${lang === 'js' ? 'mjs' : lang}`);
  const npxShim = 'npx() { if [ "$1" = hyperprop ]; then shift; hyperprop "$@"; else command npx "$@"; fi; }\n';
  writeFileSync(file, lang === 'sh' ? npxShim + text : text);
  const [command, args] = lang === 'sh' ? ['bash', ['-e', '-o', 'pipefail', file]] : ['node', lang === 'ts' ? ['--import', 'tsx', file] : [file]];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${options.bin}:${process.env.PATH ?? ''}` };
  delete env.FORCE_COLOR;
  if (options.backend) env.HYPERPROP_BACKEND = options.backend;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args as string[], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The whole process group: a block's command may start children (npx, worker threads).
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: performance.now() - start, timedOut });
    });
  });
}
