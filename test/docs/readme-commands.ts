// The shell commands of one README section, read from its fenced blocks tagged `test=<name>` and
// run as a reader runs them: in order, in a scratch folder that holds the checkout's examples/
// and data/ (linked, read only), where `npx hyperprop` and `hyperprop` run this checkout's
// bin/hyperprop.mjs and `npx tsx` its tsx: what npx finds in node_modules/.bin, started directly
// (npx's own start costs 0.45 s of CPU a command). Lines starting with `#` after a command are
// what it prints: text as written (runs of spaces match any spacing, … matches anything), each
// number within a tolerance of the printed one.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { tsxShimArms } from '../fixtures/compiled-entry.ts';

export const CHECKOUT = resolve(import.meta.dirname, '../..');

export interface DocCommand {
  /** 1-based README line of the command's first line. */
  line: number;
  command: string;
  /** The `#` lines after it, without the `# `. */
  prints: string[];
  /** Written with a trailing `&`: a server, left running while the next commands run. */
  background: boolean;
}

/** The commands of the README section titled `heading`, from its blocks tagged `test=<tag>`. */
export function sectionCommands(heading: string, tag: string): DocCommand[] {
  const lines = readFileSync(join(CHECKOUT, 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^#{2,4} /.test(l) && l.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const level = lines[start]!.indexOf(' ');
  const commands: DocCommand[] = [];
  let fence: string | undefined;
  let tagged = false;
  let pending = '';
  for (let i = start + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (fence === undefined) {
      const heading = /^(#+) /.exec(text);
      if (heading && heading[1]!.length <= level) break;
      const open = /^(`{3,})(.*)$/.exec(text);
      if (open) {
        fence = open[1]!;
        tagged = open[2]!.trim().split(/\s+/).includes(`test=${tag}`);
      }
      continue;
    }
    if (text.startsWith(fence)) {
      fence = undefined;
      continue;
    }
    if (!tagged) continue;
    if (text.startsWith('#')) {
      commands.at(-1)?.prints.push(text.replace(/^# ?/, ''));
    } else if (text.trim() !== '' || pending !== '') {
      const joined = pending + text;
      if (joined.endsWith('\\')) {
        pending = `${joined.slice(0, -1)} `;
        continue;
      }
      pending = '';
      const command = joined.trim().replace(/\s+/g, ' ');
      const background = command.endsWith(' &');
      commands.push({ line: i + 1, command: background ? command.slice(0, -2) : command, prints: [], background });
    }
  }
  if (commands.length === 0) throw new Error(`README.md section "${heading}" has no block tagged test=${tag}`);
  return commands;
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[-+]?\d+)?`;
const TOKEN = new RegExp(String.raw`(…)|((?<![\w.-])${NUMBER}(?![\w.]))|(\s+)`, 'g');

/**
 * Where `quoted` is in `output`: the printed numbers in order, or undefined. A number quoted with
 * a decimal point or an exponent may differ by `tolerance` (absolute, or relative when larger);
 * whole numbers (counts, trial numbers) must be equal.
 */
export function findPrinted(quoted: string, output: string, tolerance: number): { line: string; numbers: [number, number][] } | undefined {
  let source = '';
  const expected: { value: number; exact: boolean }[] = [];
  let last = 0;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of quoted.matchAll(TOKEN)) {
    source += escape(quoted.slice(last, m.index));
    if (m[1] !== undefined) source += '.*?';
    else if (m[2] !== undefined) {
      source += `(${NUMBER})`;
      expected.push({ value: Number(m[2]), exact: !/[.e]/i.test(m[2]) });
    } else source += String.raw`\s+`;
    last = m.index + m[0].length;
  }
  const regex = new RegExp(source + escape(quoted.slice(last)));
  for (const line of output.split('\n')) {
    const match = regex.exec(line);
    if (!match) continue;
    const numbers = expected.map((e, k) => [e.value, Number(match[k + 1])] as [number, number]);
    const close = numbers.every(([want, got], k) => (expected[k]!.exact ? want === got : Math.abs(want - got) <= Math.max(tolerance, tolerance * Math.abs(want))));
    if (close) return { line, numbers };
  }
  return undefined;
}

export interface ScratchFolder {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(command: string, timeoutMs: number): Promise<{ code: number | null; output: string }>;
  /** Starts a command that keeps running; resolves with its first line matching `ready`. */
  start(command: string, ready: RegExp, timeoutMs: number): Promise<{ child: ChildProcess; line: string }>;
  remove(): void;
}

/**
 * A scratch folder for a reader's commands, with examples/ and data/ and the two commands.
 * `compiled`: README entry path (`examples/…ts`) → that entry compiled to JavaScript
 * (test/fixtures/compiled-entry.ts), which `npx tsx <entry>` then runs with plain node.
 */
export function scratchFolder(compiled: Readonly<Record<string, string>> = {}): ScratchFolder {
  const dir = mkdtempSync(join(tmpdir(), 'hyperprop-readme-'));
  for (const name of ['examples', 'data']) symlinkSync(join(CHECKOUT, name), join(dir, name));
  // npx runs a command from the nearest node_modules/.bin before asking a registry.
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'hyperprop'), `#!/bin/sh\nexec "${process.execPath}" "${join(CHECKOUT, 'bin', 'hyperprop.mjs')}" "$@"\n`);
  chmodSync(join(bin, 'hyperprop'), 0o755);
  // `tsx <entry>` of an entry compiled beforehand runs its JavaScript with plain node
  // (compiled-entry.ts); any other file goes to tsx.
  const tsx = join(CHECKOUT, 'node_modules', '.bin', 'tsx');
  const entries = tsxShimArms(compiled);
  if (entries.length === 0) symlinkSync(tsx, join(bin, 'tsx'));
  else {
    writeFileSync(join(bin, 'tsx'), ['#!/bin/sh', 'case "$1" in', ...entries, 'esac', `exec "${tsx}" "$@"`, ''].join('\n'));
    chmodSync(join(bin, 'tsx'), 0o755);
  }
  // `npx hyperprop …` and `npx tsx …` run what npx would find in node_modules/.bin, without
  // npx's start; any other npx command goes to npm's npx.
  const npx = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'npx')).find((f) => {
    try {
      accessSync(f, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  const shims = join(dir, '.shims');
  mkdirSync(shims);
  writeFileSync(
    join(shims, 'npx'),
    ['#!/bin/sh', 'case "$1" in', `  hyperprop|tsx) command="$1"; shift; exec "${bin}/$command" "$@" ;;`, 'esac', npx ? `exec "${npx}" "$@"` : 'echo "npx: not found" >&2; exit 127', ''].join('\n'),
  );
  chmodSync(join(shims, 'npx'), 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${shims}:${bin}:${process.env.PATH ?? ''}` };
  delete env.FORCE_COLOR;
  const children: ChildProcess[] = [];
  const spawnShell = (command: string) => {
    // Its own process group, so npx and whatever it starts stop together.
    const child = spawn('sh', ['-c', command], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(child);
    return child;
  };
  const stop = (child: ChildProcess) => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return {
    dir,
    env,
    run(command, timeoutMs) {
      return new Promise((resolve, reject) => {
        const child = spawnShell(command);
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const timer = setTimeout(() => stop(child), timeoutMs);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
    },
    start(command, ready, timeoutMs) {
      return new Promise((resolve, reject) => {
        const child = spawnShell(command);
        let output = '';
        const timer = setTimeout(() => reject(new Error(`${command}: no line matching ${ready} within ${timeoutMs} ms; it printed:\n${output}`)), timeoutMs);
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`${command} exited with ${code} before it was ready; it printed:\n${output}`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          output += `${line}\n`;
          if (ready.test(line)) {
            clearTimeout(timer);
            resolve({ child, line });
          }
        });
      });
    },
    remove() {
      children.forEach(stop);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
