// hyperprop tune --save-model: the best trial refit on training + validation rows is written with
// its scaler, loads, and scores on the raw test split exactly what the summary printed; in
// compare mode the best over every study is saved. The real executable runs the plain case;
// compare mode and a diverging refit's exit 3 run in process (the same entry; the executable's
// exit 3 is test/cli/train.test.ts's).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src/config/load-data.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { trainTestSplit } from '../../src/data/split.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { loadModel } from '../../src/nn/model-file.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-tune-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DATA = { builtin: 'iris', split: { test: 0.2, seed: 3 } } as const;
const TUNE = `
  epochs: 5
  trials: 3
  seed: 4
  space:
    lr: { type: float, low: 0.005, high: 0.05, log: true }
    units: { type: categorical, choices: [8, 16] }`;

function config(name: string, extra = ''): string {
  const path = join(dir, name);
  writeFileSync(path, `data: { builtin: iris, split: { test: 0.2, seed: 3 } }\ntune:${TUNE}${extra}\n`);
  return path;
}

/** The loaded model on the raw test rows (it scales them with its stored scaler). */
function testAccuracy(modelPath: string): number {
  const { test } = loadData(validateConfig({ data: { ...DATA, scaling: 'none' } }).data);
  const classes = loadModel(modelPath).model.predict(test!.x) as Int32Array;
  let correct = 0;
  for (let r = 0; r < test!.rows; r++) if (classes[r] === test!.y[r]) correct++;
  return correct / test!.rows;
}

describe('hyperprop tune --save-model', () => {
  it('writes the best trial refit on training + validation rows; loaded, it scores the printed test accuracy', async () => {
    const model = join(dir, 'best.json');
    const run = await hyperprop(['tune', config('iris.yaml'), '--save-model', model, '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    const [study] = result.studies;
    // 150 rows, 30 held out for test: the refit trains on all 120 (96 training + 24 validation).
    expect(result.model).toEqual({ path: model, study: study.study, trial: study.bestTrial, epochs: 5, rows: 120 });
    expect(existsSync(model)).toBe(true);
    expect(testAccuracy(model)).toBe(study.test.accuracy);
  });

  it('in compare mode saves the best trial of every study and says what it wrote', async () => {
    const model = join(dir, 'compare.json');
    const path = config('compare.yaml', `
  compare:
    random: { sampler: { type: random } }
    grid: { sampler: { type: grid } }`);
    const run = await hyperpropInProcess(['tune', path, '--save-model', model]);
    expect(run.code, run.stderr).toBe(0);
    const bests = [...run.stdout.matchAll(/^(\S+): best (\S+) \(trial (\d+)\)/gm)].map((m) => ({ study: m[1]!, value: Number(m[2]), trial: Number(m[3]) }));
    expect(bests).toHaveLength(2);
    const top = bests.reduce((a, b) => (b.value > a.value ? b : a));
    const wrote = /^wrote model (.+): trial (\d+) of (\S+) refit for (\d+) epochs on (\d+) training \+ validation rows$/m.exec(run.stdout);
    expect(wrote, run.stdout).not.toBeNull();
    expect(wrote!.slice(1)).toEqual([model, String(top.trial), top.study, '5', '120']);
    expect(loadModel(model).model.inputScaler).toBeDefined();
  });

  it('exits 3 when the refit diverges, writing the model only with --save-diverged', async () => {
    // Rows no trial trains on (the validation rows, known from the same seeded split) hold
    // float32's largest values: the trials train and score, the refit on every row blows up.
    const rows = 40;
    const y = Array.from({ length: rows }, (_, i) => i % 2);
    const validation = trainTestSplit(Dataset.fromArrays(y.map(() => [0, 0]), y), { testSize: 0.25, seed: 1 }).indices.test;
    const huge = new Set(validation);
    const csv = ['a,b,y', ...y.map((label, i) => (huge.has(i) ? `3e38,3e38,${label}` : `${label + 0.1 * (i % 5)},${1 - label},${label}`))].join('\n');
    writeFileSync(join(dir, 'huge.csv'), `${csv}\n`);
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, `data: { csv: huge.csv, label: y, task: classification, scaling: none, split: { validation: 0.25, seed: 1 } }
tune:
  epochs: 2
  trials: 1
  seed: 1
  space: { lr: 0.01, units: 8, activation: relu, batchSize: 8 }
`);
    const model = join(dir, 'huge.json');
    const refused = await hyperpropInProcess(['tune', path, '--save-model', model, '--quiet']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/^error: the refit of trial 0 diverged in epoch 1, step \d+ \(a loss or weight became NaN or infinite\); no model written \(--save-diverged writes it anyway\)$/m);
    expect(existsSync(model)).toBe(false);
    const kept = await hyperpropInProcess(['tune', path, '--save-model', model, '--save-diverged', '--quiet']);
    expect(kept.code, kept.stderr).toBe(3);
    expect(kept.stderr).toMatch(/; the model was written as asked \(--save-diverged\)$/m);
    expect(existsSync(model)).toBe(true);
  });
});
