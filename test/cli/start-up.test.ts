// Every `hyperprop` run pays for the modules the program loads before it looks at its arguments,
// so the commands are declared apart from what they do: --help, --version and a command's --help
// load no command's implementation (no config schema, no model, storage, report or backend code,
// none of zod, pg, better-sqlite3, piscina, yaml); a command that runs loads what it needs. A
// child process, as each run of the executable is one, with a loader hook listing what it loads.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.ts';

const PROBE = fileURLToPath(new URL('../fixtures/cli-loaded-modules.ts', import.meta.url));
const HEAVY_SOURCES = ['src/cli/actions/', 'src/config/', 'src/nn/', 'src/train/', 'src/data/', 'src/report/', 'src/tune/storage/', 'src/tune/study.ts', 'src/backend/registry.ts'];
const HEAVY_PACKAGES = ['zod', 'pg', 'better-sqlite3', 'piscina', 'yaml'];

/** The heavy modules among `urls`, as repository paths or package names. */
function heavy(urls: readonly string[]): string[] {
  const names = urls.map((url) => {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    return pkg ?? (path.startsWith(ROOT) ? path.slice(ROOT.length) : path);
  });
  return [...new Set(names.filter((name) => HEAVY_PACKAGES.includes(name) || HEAVY_SOURCES.some((prefix) => name.startsWith(prefix))))].sort();
}

interface Probe {
  program: string[];
  runs: { argv: string[]; code: number; loaded: string[] }[];
}

describe('hyperprop start-up', () => {
  it('--version, --help and every command\'s --help load no command\'s implementation; running `info` loads the backends', () => {
    const light = [['--version'], ['--help'], ...['tune', 'worker', 'train', 'predict', 'evaluate', 'export', 'sweep', 'report', 'trials', 'importance', 'bench', 'info'].map((c) => [c, '--help'])];
    const argvs = [...light, ['info', '--json']];
    const text = execFileSync(process.execPath, ['--import', 'tsx', PROBE, JSON.stringify(argvs)], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    const probe = JSON.parse(text) as Probe;
    expect(probe.program.some((url) => url.endsWith('/src/cli/commands/tune.ts')), 'the probe sees the program load').toBe(true);
    expect(heavy(probe.program)).toEqual([]);
    for (const run of probe.runs.slice(0, light.length)) {
      expect(run.code, run.argv.join(' ')).toBe(0);
      expect(heavy(run.loaded), run.argv.join(' ')).toEqual([]);
    }
    const info = probe.runs.at(-1)!;
    expect(info.code).toBe(0);
    expect(heavy(info.loaded)).toEqual(expect.arrayContaining(['src/backend/registry.ts', 'src/cli/actions/info.ts']));
  });
});
