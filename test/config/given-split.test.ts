// Data as the user has it: data.train + data.test files, or one file with a split file or a split
// column; the test rows are the user's, the scaler sees training rows only, validation is carved
// from the training rows (stratified for classifiers).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/config/load-data.ts';
import { configPath, loadConfig, validateConfig } from '../../src/config/load-config.ts';
import type { StandardScaler } from '../../src/data/standard-scaler.ts';
import { ConfigError, DataError } from '../../src/errors.ts';
import { tempFolder } from '../data/temp-files.ts';

const file = tempFolder();

/** `n` rows of a, b, label; label cycles through `classes` and a = row number. */
function rows(n: number, classes: readonly string[], offset = 0): string {
  return Array.from({ length: n }, (_, i) => `${i + offset},${(i * 7) % 5},${classes[i % classes.length]}`).join('\n');
}

function load(data: object) {
  return loadData(validateConfig({ data }).data);
}

describe('data.train + data.test', () => {
  const train = file('train.csv', `a,b,kind\n${rows(40, ['x', 'y'])}\n`);
  const test = file('test.csv', `a,b,kind\n${rows(10, ['y', 'x'], 100)}\n`);

  it('keeps the test file as the held-out split and fits the scaler on training rows only', () => {
    const prepared = load({ train, test, label: 'kind' });
    expect([prepared.train.rows, prepared.test?.rows, prepared.validation]).toEqual([40, 10, undefined]);
    // Column a of the training rows is 0 … 39: its mean is 19.5, whatever the test rows hold.
    expect((prepared.scaler as StandardScaler).toJSON().mean[0]).toBeCloseTo(19.5, 5);
    // Class names come from the training file, so "y" is index 1 in both files.
    expect(Array.from(prepared.test!.y.subarray(0, 2))).toEqual([1, 0]);
    const onlyY = load({ train, test: file('only-y.csv', 'a,b,kind\n1,2,y\n3,4,y\n'), label: 'kind' });
    expect([Array.from(onlyY.test!.y), onlyY.test!.classNames]).toEqual([[1, 1], ['x', 'y']]);
    expect(prepared.description).toContain('40 rows');
  });

  it('carves a stratified, seeded validation set from the training rows', () => {
    const a = load({ train, test, label: 'kind', split: { validation: 0.25, seed: 3 } });
    const b = load({ train, test, label: 'kind', split: { validation: 0.25, seed: 3 } });
    expect([a.train.rows, a.validation?.rows, a.test?.rows]).toEqual([30, 10, 10]);
    expect(Array.from(a.validation!.y).filter((c) => c === 0)).toHaveLength(5);
    expect(a.validation!.x).toEqual(b.validation!.x);
  });

  it('reads the test targets as the training file\'s task: whole-number test targets stay regression', () => {
    const quantities = file('q-train.csv', 'a,price\n1,2.5\n2,3.25\n3,4.5\n4,5.75\n');
    const whole = file('q-test.csv', 'a,price\n5,6\n6,7\n');
    const prepared = load({ train: quantities, test: whole, label: 'price', scaling: 'none' });
    expect([prepared.train.task, prepared.test?.task]).toEqual(['regression', 'regression']);
    expect(Array.from(prepared.test!.y)).toEqual([6, 7]);
  });

  it('names both column counts when the files differ', () => {
    const narrow = file('narrow.csv', 'a,kind\n1,x\n2,y\n');
    expect(() => load({ train, test: narrow, label: 'kind' })).toThrow(DataError);
    expect(() => load({ train, test: narrow, label: 'kind' })).toThrow('data.test must have the same columns as data.train, got 2 columns in data.test and 3 in data.train');
  });

  it('refuses a test class the training file does not have, at its line', () => {
    const other = file('other.csv', 'a,b,kind\n1,2,x\n3,4,z\n');
    expect(() => load({ train, test: other, label: 'kind' })).toThrow(/line 3.*one of the classNames/);
  });

  it('names the field of a missing file', () => {
    expect(() => load({ train, test: `${test}.missing`, label: 'kind' })).toThrow(ConfigError);
    expect(() => load({ train, test: `${test}.missing`, label: 'kind' })).toThrow(/data\.test/);
  });

  it('refuses configs that mix given and drawn test rows', () => {
    expect(() => validateConfig({ data: { train, label: 'kind' } })).toThrow(/data\.test must be given with train/);
    expect(() => validateConfig({ data: { train, test, label: 'kind', split: { test: 0.2 } } })).toThrow(/data\.split\.test must be left out when the test rows are given/);
    expect(() => validateConfig({ data: { train, test, csv: train, label: 'kind' } })).toThrow(/exactly one of builtin, csv or train/);
    expect(() => validateConfig({ data: { builtin: 'iris', splitColumn: 'fold' } })).toThrow(/data\.splitColumn must be given only with csv/);
  });
});

describe('data.csv + data.splitColumn', () => {
  const folds = Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? 'test' : 'train'));
  const csv = file('fold.csv', `a,fold,b,kind\n${Array.from({ length: 20 }, (_, i) => `${i},${folds[i]},${i % 3},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`);

  it('splits by the column and keeps it out of the features', () => {
    const prepared = load({ csv, splitColumn: 'fold', label: 'kind', scaling: 'none' });
    expect([prepared.train.rows, prepared.test?.rows]).toEqual([16, 4]);
    expect(prepared.train.featureNames).toEqual(['a', 'b']);
    expect(Array.from(prepared.test!.x.filter((_, k) => k % 2 === 0))).toEqual([0, 5, 10, 15]);
  });

  it('takes validation rows from the column', () => {
    const valid = file('valid.csv', 'a,split,kind\n1,train,x\n2,validation,y\n3,test,x\n4,train,y\n');
    const prepared = load({ csv: valid, splitColumn: 'split', label: 'kind', task: 'classification' });
    expect([prepared.train.rows, prepared.validation?.rows, prepared.test?.rows]).toEqual([2, 1, 1]);
  });

  it('names a missing split column and a bad split cell with its line', () => {
    expect(() => load({ csv, splitColumn: 'part', label: 'kind' })).toThrow('split column "part" must be a name in the header, got a header of 4 columns without it');
    const bad = file('bad-fold.csv', 'a,fold,kind\n1,train,x\n2,tset,y\n');
    expect(() => load({ csv: bad, splitColumn: 'fold', label: 'kind' })).toThrow(/line 3, column "?fold"?.*must be train, validation or test, got "tset"/);
  });
});

describe('data.csv + data.splitFile', () => {
  const csv = file('all.csv', `a,b,kind\n${rows(12, ['x', 'y', 'z'])}\n`);

  it('takes the listed test rows and trains on every other row', () => {
    const split = file('split.csv', 'test\n0\n4\n11\n');
    const prepared = load({ csv, splitFile: split, label: 'kind', scaling: 'none' });
    expect([prepared.train.rows, prepared.test?.rows]).toEqual([9, 3]);
    expect(Array.from(prepared.test!.x.filter((_, k) => k % 2 === 0))).toEqual([0, 4, 11]);
  });

  it('reads train, validation and test columns of different lengths', () => {
    const split = file('split3.csv', 'train,validation,test\n1,2,0\n3,,5\n4,,\n');
    const prepared = load({ csv, splitFile: split, label: 'kind' });
    expect([prepared.train.rows, prepared.validation?.rows, prepared.test?.rows]).toEqual([3, 1, 2]);
  });

  it('names an out-of-range row and a row listed twice', () => {
    const far = file('far.csv', 'test\n3\n12\n');
    expect(() => load({ csv, splitFile: far, label: 'kind' })).toThrow(/line 3, column "?test"?.*a 0-based data row index in \[0, 12\), got 12/);
    const twice = file('twice.csv', 'train,test\n1,2\n2,3\n');
    expect(() => load({ csv, splitFile: twice, label: 'kind' })).toThrow(/row 2 is listed in test and again in train/);
  });

  it('refuses split.validation when the file has validation rows', () => {
    const split = file('split-v.csv', 'validation,test\n1,0\n');
    expect(() => load({ csv, splitFile: split, label: 'kind', split: { validation: 0.2 } })).toThrow(/data\.split\.validation must be left out/);
  });
});

describe('examples/given-split.yaml', () => {
  it('loads iris with its split file: 30 test rows, 10 per class, validation carved from the 120 others', () => {
    const loaded = loadConfig(fileURLToPath(new URL('../../examples/given-split.yaml', import.meta.url)));
    const prepared = loadData(loaded.config.data, (p) => configPath(loaded, p));
    expect([prepared.train.rows, prepared.validation?.rows, prepared.test?.rows]).toEqual([96, 24, 30]);
    expect(Array.from(prepared.test!.y).filter((c) => c === 2)).toHaveLength(10);
    expect(Array.from(prepared.validation!.y).filter((c) => c === 0)).toHaveLength(8);
  });
});
