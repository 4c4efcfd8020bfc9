// hyperprop tune through the real executable: a study in SQLite with JSON output, resuming,
// the report, and bad configs exiting 2 with the field path.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

const { dir, write: config } = tempFolder('hyperprop-tune-cli-');


const IRIS = `
data: { builtin: iris, split: { validation: 0.3, seed: 0 } }
tune:
  study: iris
  epochs: 9
  trials: 5
  seed: 4
  pruner: { type: hyperband }
  space:
    lr: { type: float, low: 0.001, high: 0.3, log: true }
    units: { type: int, low: 4, high: 32, log: true }
`;

describe('hyperprop tune', () => {
  it('runs a study into SQLite, prints JSON that parses, writes the report (child process), and resumes', async () => {
    const path = config('iris.yaml', IRIS);
    const db = join(dir, 'iris.db');
    const report = join(dir, 'iris.html');
    const first = await hyperprop(['tune', path, '--storage', db, '--report', report, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.report).toBe(report);
    expect(result.studies).toHaveLength(1);
    const [study] = result.studies;
    expect(study.study).toBe('iris');
    expect(study.trials).toBe(5);
    expect(study.bestValue).toBeGreaterThan(0.5);
    expect(Object.keys(study.bestParams).sort()).toEqual(['lr', 'units']);
    // --json keeps stdout clean; the progress table went to stderr.
    expect(first.stderr).toMatch(/^ +trial +state +value +epochs +best +params$/m);
    expect(existsSync(report)).toBe(true);

    const again = await hyperpropInProcess(['tune', path, '--storage', `sqlite:${db}`, '--trials', '7', '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    // With ties on the value: `(shared by 2 trials; chose trial 3 by validation loss 0.1234)`.
    expect(again.stdout).toMatch(/^iris: best [\d.]+ \((?:trial \d+|shared by \d+ trials; chose trial \d+ by validation loss [\d.]+)\)/m);
    const storage = new SqliteStorage(db);
    const [record] = await storage.listStudies();
    expect((await storage.getTrials(record!.id)).length).toBe(7);
    expect(record!.userAttrs.hyperprop).toMatchObject({ pruner: { type: 'hyperband' }, epochs: 9, metric: 'accuracy' });
    await storage.close();
  });

  it('prints the live trials table as plain lines when stdout is not a terminal, a grid until its points run out', async () => {
    const path = config('grid.yaml', `
data: { builtin: iris }
tune:
  epochs: 2
  sampler: { type: grid }
  space: { lr: { type: categorical, choices: [0.01, 0.1] }, units: 8 }
`);
    const { code, stdout } = await hyperpropInProcess(['tune', path]);
    expect(code).toBe(0);
    // No validation split in the config: a stratified 20% of the rows (iris.csv is sorted by class).
    expect(stdout).toContain('30 validation rows (20% of the training rows, stratified)');
    expect(stdout).toMatch(/^study "hyperprop": grid sampler, no pruner: 2 trials$/m);
    expect(stdout.match(/^ +\d+ +complete +[\d.]+ +2 +[\d.]+ +lr=0\.\d+$/gm)).toHaveLength(2);
  });

  it('stops at an epoch budget across trials', async () => {
    const path = config('budget.yaml', `
data: { builtin: iris, split: { validation: 0.3, seed: 0 } }
tune: { epochs: 5, budgetEpochs: 12, seed: 1, space: { lr: { type: float, low: 0.01, high: 0.1, log: true } } }
`);
    const { code, stdout } = await hyperpropInProcess(['tune', path, '--json', '--quiet']);
    expect(code).toBe(0);
    const [study] = JSON.parse(stdout).studies;
    // Trials of 5 epochs: the third one crosses 12, and no fourth starts.
    expect([study.trials, study.epochs]).toEqual([3, 15]);
    // --json carries each study's importance: one parameter explains everything.
    expect(study.importance).toMatchObject({ evaluator: 'fanova', trials: 3, leftOut: {}, seed: 0, trees: 64, params: [{ name: 'lr', importance: 1 }] });
  });

  it('exits 2 naming the path, the rule and the value of a bad tune section', async () => {
    const bad = config('bad.yaml', `
data: { builtin: digits }
tune:
  trials: 3
  space:
    lr: { type: float, low: 0, high: 0.1, log: true }
    activation: { type: categorical, choices: [relu, gelu] }
  pruner: { type: hyperbnd }
`);
    const { code, stderr } = await hyperpropInProcess(['tune', bad]);
    expect(code).toBe(2);
    expect(stderr).toContain('tune.space.lr.low must be > 0 for a log scale, got 0');
    expect(stderr).toContain('tune.space.activation.choices[1] must be one of "relu", "tanh", "sigmoid", got "gelu"');
    expect(stderr).toContain('tune.pruner.type must be one of "none", "median", "percentile", "successiveHalving", "hyperband", got "hyperbnd"');
  });

  it('exits 2 without a tune section, with k folds and a validation split, or with a bad --trials or --storage', async () => {
    const noTune = config('no-tune.yaml', 'data: { builtin: iris }\n');
    const kfold = config('kfold.yaml', 'data: { builtin: iris, kfold: { folds: 3 }, split: { validation: 0.2 } }\ntune: { trials: 2 }\n');
    const a = await hyperpropInProcess(['tune', noTune]);
    const b = await hyperpropInProcess(['tune', kfold]);
    const c = await hyperpropInProcess(['tune', noTune, '--trials', '0']);
    const d = await hyperpropInProcess(['tune', 'examples/iris.yaml', '--storage', 'mongo://x']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('tune must be given for `hyperprop tune`');
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('data.kfold must be left out when data.split.validation is given');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--trials must be a positive integer, got "0"');
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--storage must use one of the schemes memory:, sqlite:, file:.* or be a file path, got "mongo:\/\/x"/);
  });
});
