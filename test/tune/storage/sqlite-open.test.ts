// better-sqlite3 installed without its install script (npm 12's default for dependencies) has no
// binding. The storage then raises a NativeDependencyError that names the fix, and the CLI says
// it in one line with exit code 2. Reproduced in a copy of the package whose node_modules holds
// the real better-sqlite3 package minus its build/ folder.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/backend/package-root.ts';

const FIX = 'npm install-scripts approve better-sqlite3, then npm rebuild better-sqlite3';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyperprop-nosqlite-'));
  for (const part of ['src', 'bin', 'data', 'package.json']) cpSync(join(PACKAGE_ROOT, part), join(dir, part), { recursive: true });
  const modules = join(PACKAGE_ROOT, 'node_modules');
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(modules)) {
    if (name !== 'better-sqlite3' && name !== '.bin') symlinkSync(join(modules, name), join(dir, 'node_modules', name));
  }
  const sqlite = join(dir, 'node_modules', 'better-sqlite3');
  for (const part of ['lib', 'package.json']) cpSync(join(modules, 'better-sqlite3', part), join(sqlite, part), { recursive: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('better-sqlite3 without its binding', () => {
  it('SqliteStorage raises a NativeDependencyError naming the fix', () => {
    writeFileSync(
      join(dir, 'open.ts'),
      `import { SqliteStorage } from './src/tune/storage/sqlite-storage.ts';
try { new SqliteStorage('study.db'); console.log('opened'); }
catch (e) { console.log(JSON.stringify({ name: e.name, dependency: e.dependency, fix: e.fix, message: e.message })); }`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'open.ts'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      name: 'NativeDependencyError',
      dependency: 'better-sqlite3',
      fix: FIX,
      message: `better-sqlite3's native binding is missing (its install script did not run, which npm 12 blocks unless allowed); in your project run: ${FIX}`,
    });
  });

  it('hyperprop tune --storage sqlite: says so in one line and exits 2', () => {
    const run = spawnSync(process.execPath, ['bin/hyperprop.mjs', 'tune', '--storage', 'sqlite:study.db', '--trials', '1', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe(`error: better-sqlite3's native binding is missing (its install script did not run, which npm 12 blocks unless allowed); in your project run: ${FIX}\n`);
    expect(run.status).toBe(2);
  }, 60_000);
});
