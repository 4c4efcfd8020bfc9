// Config files run from another working directory: every path in the config (data.csv,
// tune.storage, report.output) is relative to the config's folder, while paths on the command
// line are relative to the working directory; untrusted files give exit 2. `tune` runs the real
// executable in that directory; `train` runs the CLI's own entry in this process, moved there for
// the run (the same path resolution, from process.cwd(), without two Node start-ups).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hyperprop, type CliResult } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const root = mkdtempSync(join(tmpdir(), 'hyperprop-config-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const configs = join(root, 'configs');
const elsewhere = join(root, 'elsewhere');
mkdirSync(configs);
mkdirSync(elsewhere);

const rows = Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`);
writeFileSync(join(configs, 'points.csv'), ['a,b,y', ...rows].join('\n'));

/** runCli in this process with `cwd` as its working directory, restored after. */
async function inDirectory(cwd: string, args: readonly string[]): Promise<CliResult> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return await hyperpropInProcess(args);
  } finally {
    process.chdir(previous);
  }
}

function config(name: string, text: string): string {
  const path = join(configs, name);
  writeFileSync(path, text);
  return path;
}

describe('paths in a config resolve against its folder', () => {
  it('train: data.csv and report.output from another working directory; --report stays relative to it', async () => {
    const path = config('train.yaml', 'data: { csv: points.csv, label: y }\ntraining: { epochs: 2 }\nreport: { output: train.html }\n');
    const run = await inDirectory(elsewhere, ['train', path, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(configs, 'train.html'))).toBe(true);
    expect(existsSync(join(elsewhere, 'train.html'))).toBe(false);
    const flag = await inDirectory(root, ['train', 'configs/train.yaml', '--quiet', '--report', 'flag.html']);
    expect(flag.code, flag.stderr).toBe(0);
    expect(existsSync(join(root, 'flag.html'))).toBe(true);
  });

  it('tune: tune.storage as sqlite://relative.db and report.output land beside the config (child process)', async () => {
    const path = config('tune.yaml', [
      'data: { csv: points.csv, label: y }',
      'tune: { study: s, storage: "sqlite://study.db", epochs: 2, trials: 2, seed: 1, space: { lr: { type: float, low: 0.01, high: 0.1 } } }',
      'report: { output: tune.html }',
      '',
    ].join('\n'));
    const run = await hyperprop(['tune', path, '--quiet'], { cwd: elsewhere });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(configs, 'study.db'))).toBe(true);
    expect(existsSync(join(configs, 'tune.html'))).toBe(true);
    expect(existsSync(join(elsewhere, 'study.db')) || existsSync(join(elsewhere, 'tune.html'))).toBe(false);
  });
});

describe('untrusted files named by a config exit 2 with a clear error', () => {
  it('a YAML alias bomb is a ConfigError: exit 2', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    const path = config('bomb.yaml', bomb);
    const run = await hyperpropInProcess(['train', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}: config must not expand YAML aliases more than 100 times (an alias bomb would exhaust the memory), got more`);
    expect(run.stderr).not.toContain('ReferenceError');
  });

  it('data.csv naming /dev/zero or a directory is refused before reading: exit 2, at once', async () => {
    for (const [csv, kind] of [['/dev/zero', 'a character device'], ['.', 'a directory']] as const) {
      const path = config('zero.yaml', `data: { csv: ${csv}, label: y }\ntraining: { epochs: 1 }\n`);
      const start = performance.now();
      const run = await hyperpropInProcess(['train', path]);
      expect(performance.now() - start).toBeLessThan(1000);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`data.csv ${JSON.stringify(csv === '.' ? configs : csv)} must be a regular file, got ${kind}`);
    }
  });
});
