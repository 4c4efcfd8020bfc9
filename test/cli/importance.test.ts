// hyperprop importance: the fANOVA ranking of a stored SQLite study, found through the storage or
// through the config it was tuned with, as a table and as JSON; refusals exit 2 naming the problem.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { createStudy } from '../../src/tune/study.ts';
import { TrialPrunedError } from '../../src/tune/trial-errors.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-importance-cli-'));
let db: string;

/** "lr" drives the value (on its log scale), "units" a little, "activation" not at all; some trials pruned or failed. */
beforeAll(async () => {
  db = join(dir, 'study.db');
  const storage = new SqliteStorage(db);
  const study = await createStudy({ storage, name: 'mlp', direction: 'maximize', seed: 3 });
  for (let i = 0; i < 40; i++) {
    const trial = await study.ask();
    const lr = await trial.suggestFloat('lr', 1e-4, 1e-1, { log: true });
    const units = await trial.suggestInt('units', 4, 64, { log: true });
    await trial.suggestCategorical('activation', ['relu', 'tanh']);
    if (i % 8 === 7) await study.tell(trial, new TrialPrunedError('pruned'));
    else if (i === 10) await study.tell(trial, new Error('boom'));
    else await study.tell(trial, -((Math.log10(lr) + 2.5) ** 2) + 0.05 * Math.log2(units));
  }
  const few = await createStudy({ storage, name: 'few', direction: 'minimize', seed: 4 });
  const only = await few.ask();
  await only.suggestFloat('lr', 1e-4, 1e-1, { log: true });
  await few.tell(only, 1);
  await storage.close();
  writeFileSync(join(dir, 'tuned.yaml'), 'name: tuned\ndata: { builtin: iris }\ntune:\n  study: mlp\n  storage: study.db\n  trials: 40\n');
  writeFileSync(join(dir, 'in-memory.yaml'), 'name: tuned\ndata: { builtin: iris }\ntune:\n  study: mlp\n  trials: 40\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ImportanceJson {
  studies: { study: string; evaluator: string; trials: number; leftOut: Record<string, number>; seed: number; trees: number; params: { name: string; importance: number; std: number }[] }[];
}

describe('hyperprop importance', () => {
  it('prints the ranking of a stored study, lr first, what was left out, and bars (child process)', async () => {
    const { code, stdout, stderr } = await hyperprop(['importance', db, '--study', 'mlp']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('study "mlp": fANOVA importance from 34 complete trials (left out: 5 pruned, 1 failed), 64 trees, seed 0');
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(['lr', 'units', 'activation']);
    expect(lines[1]).toMatch(/^ {2}lr {10}0\.9\d\d {2}█{27,30}$/);
  });

  it('--json gives the shares, summing to 1, the same for the same seed, and finds the study through its config', async () => {
    const a = await hyperpropInProcess(['importance', `sqlite:${db}`, '--study', 'mlp', '--json', '--trees', '16', '--seed', '5']);
    const b = await hyperpropInProcess(['importance', join(dir, 'tuned.yaml'), '--json', '--trees', '16', '--seed', '5']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const json = JSON.parse(a.stdout) as ImportanceJson;
    expect(json.studies).toHaveLength(1);
    const [study] = json.studies;
    expect(study).toMatchObject({ study: 'mlp', evaluator: 'fanova', trials: 34, leftOut: { pruned: 5, failed: 1 }, seed: 5, trees: 16 });
    expect(study!.params.map((p) => p.name)).toEqual(['lr', 'units', 'activation']);
    expect(study!.params.reduce((s, p) => s + p.importance, 0)).toBeCloseTo(1, 12);
    expect(JSON.parse(b.stdout)).toEqual(json);
    const only = await hyperpropInProcess(['importance', db, '--study', 'mlp', '--params', 'units,activation', '--json']);
    expect((JSON.parse(only.stdout) as ImportanceJson).studies[0]!.params.map((p) => p.name)).toEqual(['units', 'activation']);
  });

  it('exits 2 for a study with too few complete trials, an unknown study or parameter, or no storage', async () => {
    const all = await hyperpropInProcess(['importance', db]);
    expect(all.code).toBe(2);
    expect(all.stderr).toBe('error: study "few": importance needs at least 2 complete trials with a finite value, got 1 (of 1 trial)\n');
    const unknown = await hyperpropInProcess(['importance', db, '--study', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--study must name studies in');
    expect(unknown.stderr).toContain('got "nope"');
    const param = await hyperpropInProcess(['importance', db, '--study', 'mlp', '--params', 'lr,depth']);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('study "mlp": --params must be names of parameters of the complete trials ("lr", "units", "activation"), got "depth"');
    const none = await hyperpropInProcess(['importance']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('<storage-or-config> or --storage must name the storage holding the study, got neither');
    const memory = await hyperpropInProcess(['importance', join(dir, 'in-memory.yaml')]);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain('has no tune.storage');
    const trees = await hyperpropInProcess(['importance', db, '--trees', '0']);
    expect(trees.code).toBe(2);
    expect(trees.stderr).toContain('--trees must be a positive integer, got "0"');
  });
});
