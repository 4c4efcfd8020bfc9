// better-sqlite3 installed without its install script (npm 12's default for dependencies) has no
// binding. The storage then raises a NativeDependencyError that names the fix; the CLI puts a new
// study in a journal file instead and says why in one line, and for an existing SQLite file says
// the error in one line with exit code 2. Reproduced in a copy of the package whose node_modules holds
// the real better-sqlite3 package minus its build/ folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/backend/package-root.ts';

const FIX = 'npm install-scripts approve better-sqlite3, then npm rebuild better-sqlite3';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyperprop-nosqlite-'));
  // dist/ too, with src/ and their times kept: the copy's `hyperprop` then runs the compiled build
  // exactly when this checkout's would (bin/build-state.cjs), as an installed package does, and
  // not the sources through tsx (a few times the CPU); the library cases below make the same choice.
  // (Without dist/'s .d.ts and .map files, two thirds of its files, which nothing here reads.)
  // Hard links where the temporary folder shares the checkout's file system: Node resolves
  // imports from the path (the copy's node_modules), the times are the files' own, and linking
  // costs a tenth of copying (~0.02 s of CPU against ~0.24). Nothing here writes into these files.
  const wanted = (file: string) => !file.endsWith('.d.ts') && !file.endsWith('.map');
  const place = (from: string, to: string): void => {
    if (statSync(from).isDirectory()) {
      mkdirSync(to);
      for (const name of readdirSync(from)) if (wanted(name)) place(join(from, name), join(to, name));
      return;
    }
    try {
      linkSync(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      cpSync(from, to, { preserveTimestamps: true });
    }
  };
  for (const part of ['src', 'dist', 'bin', 'data', 'package.json']) place(join(PACKAGE_ROOT, part), join(dir, part));
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
  // One child process runs the library's two cases (a process without the binding is the point,
  // not one process per case): first SqliteStorage, then storageFromUrl, each printing one JSON
  // line. Neither caches the failed load for the other (better-sqlite3 looks for its binding again
  // on every open; storageFromUrl's probe is its own), so each sees what a fresh process would.
  let library: { open: unknown; fallback: unknown; stderr: string } | undefined;
  const libraryRun = () => {
    if (library !== undefined) return library;
    writeFileSync(join(dir, 'old.db'), '');
    // JavaScript on the copy's compiled build while it is current, else its sources through tsx
    // (test/fixtures/hyperprop-modules.mjs's choice, made in the copy): a TypeScript script
    // needed tsx's loader, ~0.3 s of CPU more.
    writeFileSync(
      join(dir, 'cases.mjs'),
      `import { createRequire } from 'node:module';
const { sourcesAheadOfBuild } = createRequire(import.meta.url)('./bin/build-state.cjs');
const fromSource = sourcesAheadOfBuild(process.cwd());
if (fromSource) (await import('tsx/esm/api')).register();
const load = (path) => import(new URL(fromSource ? \`./src/\${path}.ts\` : \`./dist/\${path}.js\`, import.meta.url).href);
const [{ SqliteStorage }, { storageFromUrl }] = await Promise.all([load('tune/storage/sqlite-storage'), load('cli/storage-from-url')]);
try { new SqliteStorage('study.db'); console.log(JSON.stringify('opened')); }
catch (e) { console.log(JSON.stringify({ name: e.name, dependency: e.dependency, fix: e.fix, message: e.message })); }
const notices = [];
const notice = (line) => notices.push(line);
const outcome = (p) => p.then((s) => s.constructor.name, (e) => e.name + ': ' + e.message);
const created = await storageFromUrl('sqlite:study.db', { notice });
const study = await created.createStudy('s', 'minimize', 0);
await created.finishTrial(study.id, (await created.createTrial(study.id, { state: 'running' })).number, 'complete', 0.5);
const read = await storageFromUrl('study.db', { mustExist: true, notice });
console.log(JSON.stringify({
  created: created.constructor.name,
  read: (await read.getTrials(study.id)).map((t) => t.value),
  existing: await outcome(storageFromUrl('sqlite:old.db', { notice })),
  missing: await outcome(storageFromUrl('none.db', { mustExist: true, notice })),
  notices,
}));`,
    );
    const run = spawnSync(process.execPath, ['cases.mjs'], { cwd: dir, encoding: 'utf8' });
    const [open, fallback] = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    library = { open, fallback, stderr: run.stderr };
    return library;
  };

  it('SqliteStorage raises a NativeDependencyError naming the fix', () => {
    const run = libraryRun();
    expect(run.stderr).toBe('');
    expect(run.open).toEqual({
      name: 'NativeDependencyError',
      dependency: 'better-sqlite3',
      fix: FIX,
      message: `better-sqlite3's native binding is missing (its install script did not run, which npm 12 blocks unless allowed); in your project run: ${FIX}`,
    });
  });

  const MISSING = `better-sqlite3's native binding is missing (its install script did not run, which npm 12 blocks unless allowed); in your project run: ${FIX}`;
  const NOTICE = `hyperprop: SQLite is unavailable, so the study is in the journal file study.log (--storage journal:study.log, Optuna's journal format): ${MISSING}`;

  it('storageFromUrl puts a new SQLite study in the journal file beside it, saying why; an existing SQLite file still needs the binding', () => {
    const run = libraryRun();
    expect(run.stderr).toBe('');
    expect(run.fallback).toEqual({
      created: 'JournalStorage',
      read: [0.5],
      existing: `NativeDependencyError: ${MISSING}`,
      missing: 'UsageError: --storage must be an existing SQLite file, got "none.db" (no such file)',
      notices: [NOTICE, NOTICE],
    });
    expect(existsSync(join(dir, 'study.db'))).toBe(false);
    expect(readFileSync(join(dir, 'study.log'), 'utf8')).toContain('"study_name":"s"');
  });

  it('hyperprop trials study.db reads the study from the journal file and says why in one line on stderr', () => {
    libraryRun(); // wrote study.log
    const run = spawnSync(process.execPath, ['bin/hyperprop.mjs', 'trials', 'study.db', '--json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.stderr).toBe(`${NOTICE}\n`);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ number: 0, state: 'complete', value: 0.5 }]);
  }, 60_000);
});
