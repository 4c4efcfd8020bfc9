// bin/hyperprop.mjs picks what a run executes: a checkout's compiled dist/ while its build is at
// least as new as every source, the sources through tsx once one is newer (an edit never runs
// from a stale build), and dist/ wherever tsx is missing (an installed package). Checked on a
// miniature package whose two entry points say which one ran.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.ts';

const pkg = mkdtempSync(join(tmpdir(), 'hyperprop-entry-'));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

mkdirSync(join(pkg, 'bin'));
writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'entry-probe', type: 'module' }));
for (const file of ['hyperprop.mjs', 'build-state.cjs']) copyFileSync(join(ROOT, 'bin', file), join(pkg, 'bin', file));
mkdirSync(join(pkg, 'src/cli/nested'), { recursive: true });
writeFileSync(join(pkg, 'src/cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
writeFileSync(join(pkg, 'src/cli/nested/deep.ts'), 'export {};\n');
mkdirSync(join(pkg, 'dist/bundle'), { recursive: true });
writeFileSync(join(pkg, 'dist/bundle/cli.js'), "console.log('dist');\n");
writeFileSync(join(pkg, 'dist/.tsbuildinfo'), '{}');

const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
function setTimes(buildInfo: number, sources: number, deep = sources): void {
  utimesSync(join(pkg, 'dist/.tsbuildinfo'), at(buildInfo), at(buildInfo));
  utimesSync(join(pkg, 'src/cli/main.ts'), at(sources), at(sources));
  utimesSync(join(pkg, 'src/cli/nested/deep.ts'), at(deep), at(deep));
}
const run = () => execFileSync(process.execPath, [join(pkg, 'bin/hyperprop.mjs')], { encoding: 'utf8' }).trim();

describe('bin/hyperprop.mjs in a checkout (tsx installed)', () => {
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));

  it('runs dist/ when the build info is newer than every source', () => {
    setTimes(100, 50);
    expect(run()).toBe('dist');
  });

  it('runs dist/ when the build info and the newest source share a time', () => {
    setTimes(100, 100);
    expect(run()).toBe('dist');
  });

  it('runs the sources when one source, however deep, is newer than the build', () => {
    setTimes(100, 50, 101);
    expect(run()).toBe('sources');
  });

  it('runs the sources when there is no build info', () => {
    rmSync(join(pkg, 'dist/.tsbuildinfo'));
    try {
      expect(run()).toBe('sources');
    } finally {
      writeFileSync(join(pkg, 'dist/.tsbuildinfo'), '{}');
    }
  });

  it('runs dist/ without tsx, however new the sources (an installed package)', () => {
    rmSync(join(pkg, 'node_modules'));
    setTimes(100, 200);
    expect(run()).toBe('dist');
  });
});

describe('bin/hyperprop.mjs without sources', () => {
  it('runs dist/ even with tsx installed and no build info', () => {
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    rmSync(join(pkg, 'dist/.tsbuildinfo'));
    rmSync(join(pkg, 'src'), { recursive: true });
    expect(run()).toBe('dist');
  });
});
