// Which file a worker thread runs: the task file beside its caller, or, for a caller under src/
// while the checkout's build is current, its bundled entry (dist/bundle/), or the compiled twin
// under dist/ for a module the bundle has no entry for (no tsx in the worker either way).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ENTRIES } from '../../src/workers/bundle-entries.ts';
import { taskFile, workerExecArgv, workerScript } from '../../src/workers/worker-script.ts';

const ROOT = new URL('../../', import.meta.url).href;
const SOURCE = `${ROOT}src/tune/executors/piscina-executor.ts`;

describe('taskFile', () => {
  it('takes the caller\'s extension beside the caller', () => {
    expect(taskFile(SOURCE, './trial-worker', false)).toBe(`${ROOT}src/tune/executors/trial-worker.ts`);
    expect(taskFile(`${ROOT}dist/tune/executors/piscina-executor.js`, './trial-worker', true)).toBe(`${ROOT}dist/tune/executors/trial-worker.js`);
  });

  it('maps a source task file to its bundled entry when the build stands in', () => {
    expect(taskFile(SOURCE, './trial-worker', true)).toBe(`${ROOT}dist/bundle/trial-worker.js`);
    expect(taskFile(`${ROOT}src/train/train-in-worker.ts`, '../serve/prediction-worker', true)).toBe(`${ROOT}dist/bundle/prediction-worker.js`);
    for (const [entry, module] of Object.entries(BUNDLE_ENTRIES)) expect(existsSync(fileURLToPath(`${ROOT}dist/bundle/${entry}.js`)), `${entry} (${module})`).toBe(true);
  });

  it('maps a source module the bundle has no entry for to its compiled twin under dist/', () => {
    // Same base name as an entry, another module: matched by path, not by name.
    expect(taskFile(`${ROOT}src/cli/program.ts`, './trial-worker', true)).toBe(`${ROOT}dist/cli/trial-worker.js`);
    expect(taskFile(SOURCE, './inline-executor', true)).toBe(`${ROOT}dist/tune/executors/inline-executor.js`);
  });

  it('leaves a .ts file outside src/ (a test\'s own task file) as it is', () => {
    expect(taskFile(`${ROOT}test/fixtures/x.ts`, './worker', true)).toBe(`${ROOT}test/fixtures/worker.ts`);
  });
});

describe('workerScript', () => {
  it('gives tsx\'s loader to a .ts task file only', () => {
    expect(workerExecArgv(`${ROOT}src/a.ts`)).toEqual(['--import', expect.stringContaining('tsx')]);
    expect(workerExecArgv(`${ROOT}dist/a.js`)).toEqual([]);
  });

  it('names a task file that exists, with the loader it needs', () => {
    const { filename, execArgv } = workerScript(SOURCE, './trial-worker');
    expect(existsSync(fileURLToPath(filename)), filename).toBe(true);
    expect(execArgv).toEqual(workerExecArgv(filename));
  });
});
