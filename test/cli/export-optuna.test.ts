// hyperprop export --format optuna: a study storage written as an Optuna RDB file (its rows are
// checked in test/tune/optuna/, Optuna's reading in test/interop/); bad usage exits 2.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { createStudy } from '../../src/tune/study.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-export-optuna-'));
const source = join(folder, 'study.db');

beforeAll(async () => {
  const storage = new SqliteStorage(source);
  for (const name of ['a', 'b']) {
    const study = await createStudy({ name, storage, seed: 1 });
    const trial = await study.ask();
    await study.tell(trial, await trial.suggestFloat('x', 0, 1));
  }
  await storage.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function studyNames(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT study_name FROM studies ORDER BY study_id').all().map((r) => (r as { study_name: string }).study_name);
  } finally {
    db.close();
  }
}

describe('hyperprop export --format optuna', () => {
  it('writes every study, naming the file and how Optuna loads it', async () => {
    const out = join(folder, 'all.db');
    const { code, stdout, stderr } = await hyperpropInProcess(['export', source, out, '--format', 'optuna']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`study "a": 1 trial (minimize)\nstudy "b": 1 trial (minimize)\nwrote ${out} (Optuna 3.0/3.1 RDB schema): optuna.load_study(study_name=..., storage="sqlite:///${out}")\n`);
    expect(studyNames(out)).toEqual(['a', 'b']);
  });

  it('writes the studies --study names, to --output, with --json', async () => {
    const out = join(folder, 'b.db');
    const { code, stdout } = await hyperpropInProcess(['export', `sqlite:${source}`, '-o', out, '-f', 'optuna', '--study', 'b', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ format: 'optuna', files: [out], storage: `sqlite:///${out}`, studies: [{ name: 'b', directions: ['minimize'], trials: 1 }] });
    expect(studyNames(out)).toEqual(['b']);
  });

  it('exits 2 on a missing or existing output, an unknown study, or --study with a model format', async () => {
    const cases: [string[], string][] = [
      [['export', source, '-f', 'optuna'], '<output> (or --output) must name the SQLite file to write for --format optuna, got nothing'],
      [['export', source, source, '-f', 'optuna'], `<output> must be a new file (an Optuna storage is written whole, never merged into), got ${JSON.stringify(source)}, which exists`],
      [['export', source, join(folder, 'c.db'), '-f', 'optuna', '--study', 'c'], '--study must name studies in the storage ("a", "b"), got "c"'],
      [['export', source, join(folder, 'd.db'), '-o', join(folder, 'e.db'), '-f', 'optuna'], `[output] and --output must not both be given, got ${JSON.stringify(join(folder, 'd.db'))} and ${JSON.stringify(join(folder, 'e.db'))}`],
      [['export', 'model.json', '-f', 'onnx', '--study', 'a'], '--study applies to --format optuna only, got --format onnx'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await hyperpropInProcess(args);
      expect(stderr).toContain(message);
      expect(code).toBe(2);
    }
    expect(existsSync(join(folder, 'c.db'))).toBe(false);
  });
});
