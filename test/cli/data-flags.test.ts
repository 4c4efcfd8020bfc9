// --train, --test, --label and --split-column on train and tune: the user's own files and split,
// overriding the config; command-line paths relative to the working directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

const { dir, write } = tempFolder('hyperprop-data-flags-');
const work = join(dir, 'work');
mkdirSync(work);

/** Two separable blobs: class "in" when a + b < 1. */
function points(n: number, offset: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const a = ((i * 37 + offset) % 100) / 100;
    const b = ((i * 61 + offset * 3) % 100) / 100;
    return `${a},${b},${a + b < 1 ? 'in' : 'out'}`;
  });
}

writeFileSync(join(work, 'train.csv'), ['a,b,kind', ...points(60, 0)].join('\n'));
writeFileSync(join(work, 'test.csv'), ['a,b,kind', ...points(17, 5)].join('\n'));
const folds = points(40, 1).map((row, i) => `${i % 4 === 0 ? 'test' : 'train'},${row}`);
const folded = write('folded.csv', ['fold,a,b,kind', ...folds].join('\n'));
const config = write('run.yaml', `
data: { builtin: iris, split: { test: 0.2, validation: 0.25, seed: 2 } }
training: { epochs: 2 }
tune: { epochs: 2, trials: 2, sampler: { type: random }, space: { lr: { type: float, low: 0.01, high: 0.1, log: true }, units: 4 } }
`);

describe('--train and --test', () => {
  it('train: the test file is the held-out split, validation carved from the training rows (child process, relative paths)', async () => {
    const { code, stdout } = await hyperprop(['train', config, '--train', 'train.csv', '--test', 'test.csv', '--label', 'kind', '--json', '--quiet'], { cwd: work });
    expect(code).toBe(0);
    const run = JSON.parse(stdout);
    expect(run.data).toBe(`${join(work, 'train.csv')} with test file ${join(work, 'test.csv')} (60 rows, 2 features, 2 classes)`);
    // Scored on the 17 rows of the test file: the accuracy is a whole number of 17ths.
    expect(Math.abs(run.test.accuracy * 17 - Math.round(run.test.accuracy * 17))).toBeLessThan(1e-4);
  });

  it('tune: trials score on validation rows of the training file, the summary on the test file', async () => {
    const { code, stdout } = await hyperpropInProcess(['tune', config, '--train', join(work, 'train.csv'), '--test', join(work, 'test.csv'), '--label', 'kind']);
    expect(code).toBe(0);
    // validation: 0.25 of the config is carved from the 60 training rows; split.test gives way to the file.
    expect(stdout).toContain('(60 rows, 2 features, 2 classes), 15 validation rows;');
    const accuracy = Number(/refit on 60 training \+ validation rows for \d+ epochs, on the test split: loss [\d.]+, accuracy ([\d.]+)/.exec(stdout)?.[1]);
    expect(Math.abs(accuracy * 17 - Math.round(accuracy * 17))).toBeLessThan(2e-3);
  });

  it('refuses one without the other, naming both flags', async () => {
    const { code, stderr } = await hyperpropInProcess(['train', config, '--train', join(work, 'train.csv'), '--label', 'kind']);
    expect(code).toBe(2);
    expect(stderr).toContain('--test must be given with --train (a training file and its test file), got --train alone');
  });

  it('refuses a test file with other columns, naming both counts (exit 1 for the data, as any bad CSV)', async () => {
    const narrow = write('narrow.csv', 'a,kind\n0.1,in\n0.9,out\n');
    const { code, stderr } = await hyperpropInProcess(['train', config, '--train', join(work, 'train.csv'), '--test', narrow, '--label', 'kind']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('data.test must have the same columns as data.train, got 2 columns in data.test and 3 in data.train');
  });

  it('needs the label column', async () => {
    const { code, stderr } = await hyperpropInProcess(['train', config, '--train', join(work, 'train.csv'), '--test', join(work, 'test.csv')]);
    expect(code).toBe(2);
    expect(stderr).toContain('data.label must be given with train (the label column)');
  });
});

describe('--split-column', () => {
  const csvConfig = write('folded.yaml', `data: { csv: ${folded}, label: kind, split: { test: 0.3, seed: 1 } }\ntraining: { epochs: 2 }\n`);

  it('splits the config\'s csv by the column, which is no feature', async () => {
    const { code, stdout } = await hyperpropInProcess(['train', csvConfig, '--split-column', 'fold', '--json', '--quiet']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).data).toMatch(/\(40 rows, 2 features, 2 classes\)$/);
  });

  it('names a split column the file lacks', async () => {
    const { code, stderr } = await hyperpropInProcess(['train', csvConfig, '--split-column', 'part']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('split column "part" must be a name in the header, got a header of 4 columns without it');
  });

  it('is refused for a builtin dataset, naming the field', async () => {
    const { code, stderr } = await hyperpropInProcess(['train', config, '--split-column', 'fold']);
    expect(code).toBe(2);
    expect(stderr).toContain('data.splitColumn must be given only with csv');
  });
});
