// Seeded splits: stratified proportions per class, determinism per seed, fixed index splits.
import { describe, expect, it } from 'vitest';
import { loadIris, loadWine } from '../../src/data/builtin.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { splitByIndices, trainTestSplit, type Split } from '../../src/data/split.ts';
import { classCounts } from '../../src/data/stratify.ts';

const iris = loadIris();
const wine = loadWine();

function counts(d: Dataset): number[] {
  return [...classCounts(d.y as Int32Array, d.classCount)];
}

function allRows(s: Split): number[] {
  return [...s.indices.train, ...(s.indices.validation ?? []), ...s.indices.test].sort((a, b) => a - b);
}

describe('trainTestSplit', () => {
  it('keeps every class share on iris (50/50/50 → 10 each in a 20% test set)', () => {
    const s = trainTestSplit(iris, { testSize: 0.2, seed: 0 });
    expect(counts(s.test)).toEqual([10, 10, 10]);
    expect(counts(s.train)).toEqual([40, 40, 40]);
    expect(allRows(s)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(s.validation).toBeUndefined();
  });

  it('keeps every class share on wine, with a validation set', () => {
    const s = trainTestSplit(wine, { testSize: 0.2, validationSize: 0.1, seed: 3 });
    expect([s.train.rows, s.validation!.rows, s.test.rows]).toEqual([124, 18, 36]);
    expect(counts(s.test)).toEqual([12, 14, 10]); // ceil(0.2 · 178) = 36 shared 59:71:48
    expect(counts(s.validation!)).toEqual([6, 7, 5]);
    expect(counts(s.train)).toEqual([41, 50, 33]);
    for (const part of [s.train, s.validation!, s.test]) {
      counts(part).forEach((c, k) => expect(Math.abs(c / part.rows - [59, 71, 48][k]! / 178)).toBeLessThan(1 / part.rows + 1e-9));
    }
    expect(allRows(s)).toEqual(Array.from({ length: 178 }, (_, i) => i));
  });

  it('is fixed by the seed: same seed same split, another seed another', () => {
    const a = trainTestSplit(wine, { testSize: 0.25, seed: 42 });
    const b = trainTestSplit(wine, { testSize: 0.25, seed: 42 });
    const c = trainTestSplit(wine, { testSize: 0.25, seed: 43 });
    expect([...b.indices.test]).toEqual([...a.indices.test]);
    expect([...b.indices.train]).toEqual([...a.indices.train]);
    expect([...c.indices.test]).not.toEqual([...a.indices.test]);
    expect(counts(c.test)).toEqual(counts(a.test));
  });

  it('shuffles the rows inside each part (classes are not in blocks)', () => {
    const s = trainTestSplit(iris, { testSize: 0.2, seed: 1 });
    const labels = [...s.train.y];
    expect(labels).not.toEqual([...labels].sort((p, q) => p - q));
  });

  it('splits without stratification, and regression by default so', () => {
    const s = trainTestSplit(iris, { testSize: 0.3, seed: 5, stratify: false });
    expect([s.train.rows, s.test.rows]).toEqual([105, 45]);
    const r = Dataset.fromArrays(Array.from({ length: 10 }, (_, i) => [i]), Array.from({ length: 10 }, (_, i) => i + 0.5));
    const rs = trainTestSplit(r, { testSize: 0.25, seed: 0 });
    expect([rs.train.rows, rs.test.rows]).toEqual([7, 3]);
    rs.indices.test.forEach((row, k) => expect(rs.test.y[k]).toBe(row + 0.5));
    expect(() => trainTestSplit(r, { testSize: 0.25, seed: 0, stratify: true })).toThrow(
      'stratify must be false for a regression dataset, got true',
    );
  });

  it('checks the fractions and the seed', () => {
    expect(() => trainTestSplit(iris, { testSize: 1.5, seed: 0 })).toThrow('testSize must be in (0, 1), got 1.5');
    expect(() => trainTestSplit(iris, { testSize: 0, seed: 0 })).toThrow('testSize must be in (0, 1), got 0');
    expect(() => trainTestSplit(iris, { testSize: 0.2, validationSize: -0.1, seed: 0 })).toThrow('validationSize must be in (0, 1), got -0.1');
    expect(() => trainTestSplit(iris, { testSize: 0.5, validationSize: 0.5, seed: 0 })).toThrow('testSize + validationSize must be < 1, got 1');
    expect(() => trainTestSplit(iris, { testSize: 0.2, seed: 0.5 })).toThrow('seed must be an integer, got 0.5');
    expect(() => trainTestSplit(iris, { testSize: 0.01, seed: 0 })).toThrow('stratify: test rows must be at least the 3 classes present, got 2');
  });

  it('refuses to stratify a class with one row', () => {
    const d = Dataset.fromArrays([[0], [1], [2], [3], [4]], [0, 0, 1, 1, 2], { classNames: ['a', 'b', 'c'] });
    expect(() => trainTestSplit(d, { testSize: 0.5, seed: 0 })).toThrow(
      'stratify: class "c" has 1 row; each class needs at least 2 (or pass stratify: false)',
    );
  });
});

describe('splitByIndices', () => {
  it('takes the given rows in the given order', () => {
    const s = splitByIndices(iris, { train: [5, 0, 100], test: [149], validation: [50] });
    expect([...s.train.y]).toEqual([0, 0, 2]);
    expect([...s.train.x.subarray(0, 4)]).toEqual([...iris.row(5)]);
    expect([s.test.rows, s.validation!.rows]).toEqual([1, 1]);
  });

  it('rejects a row in two parts and rows out of range', () => {
    expect(() => splitByIndices(iris, { train: [1, 2], test: [2] })).toThrow('row 2 is in both train and test; a row may be in one part only');
    expect(() => splitByIndices(iris, { train: [1, 150], test: [0] })).toThrow('train[1] must be an integer in [0, 150), got 150');
    expect(() => splitByIndices(iris, { train: [1] } as never)).toThrow('test must be an Int32Array or number[] of row indices, got undefined');
  });
});

describe('trainTestSplit options and edge sizes', () => {
  const ten = (labels: number[], classNames?: string[]): Dataset =>
    Dataset.fromArrays(labels.map((_, i) => [i]), labels, classNames === undefined ? {} : { classNames });

  it('names every option that is not what it must be', () => {
    expect(() => trainTestSplit(iris, null as never)).toThrow(new TypeError('options must be an object with testSize and seed, got null'));
    expect(() => trainTestSplit(iris, 0.2 as never)).toThrow('options must be an object with testSize and seed, got 0.2');
    expect(() => trainTestSplit(iris, { testSize: '0.5' as never, seed: 0 })).toThrow(new RangeError('testSize must be in (0, 1), got "0.5"'));
    expect(() => trainTestSplit(iris, { testSize: 1, seed: 0 })).toThrow('testSize must be in (0, 1), got 1');
    expect(() => trainTestSplit(iris, { testSize: 0.2, seed: '1' as never })).toThrow(new TypeError('seed must be an integer, got "1"'));
    expect(() => trainTestSplit(iris, { testSize: 0.2, seed: 0, stratify: 'yes' as never })).toThrow(new TypeError('stratify must be a boolean, got "yes"'));
  });

  it('leaves at least one training row after rounding the parts up', () => {
    const three = Dataset.fromArrays([[0], [1], [2]], [0.5, 1.5, 2.5]);
    expect(() => trainTestSplit(three, { testSize: 0.5, validationSize: 0.4, seed: 0 })).toThrow(
      new RangeError('testSize + validationSize must be to leave at least one training row of 3, got 0.9'),
    );
    const four = Dataset.fromArrays([[0], [1], [2], [3]], [0.5, 1.5, 2.5, 3.5]);
    const s = trainTestSplit(four, { testSize: 0.5, validationSize: 0.25, seed: 0 });
    expect([s.train.rows, s.validation!.rows, s.test.rows]).toEqual([1, 1, 2]);
  });

  it('cuts a validation set without stratification too', () => {
    const s = trainTestSplit(iris, { testSize: 0.2, validationSize: 0.1, seed: 2, stratify: false });
    expect([s.train.rows, s.validation!.rows, s.test.rows]).toEqual([105, 15, 30]);
    expect(allRows(s)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('stratifies over the classes present, one row each when the part is that small', () => {
    // Class "c" is named but has no rows: two present classes need two test rows, not three.
    const s = trainTestSplit(ten([0, 0, 1, 1], ['a', 'b', 'c']), { testSize: 0.5, seed: 0 });
    expect(counts(s.test)).toEqual([1, 1, 0]);
    const tiny = trainTestSplit(iris, { testSize: 0.02, seed: 0 });
    expect(counts(tiny.test)).toEqual([1, 1, 1]);
    expect(() => trainTestSplit(ten([0, 1, 1, 1]), { testSize: 0.5, seed: 0 })).toThrow(
      'stratify: class "0" has 1 row; each class needs at least 2 (or pass stratify: false)',
    );
  });

  it('shares the validation rows among what the test set left of each class', () => {
    // Classes of 3, 5 and 2 rows; test 3 rows → 1 of each. Left 2, 4, 1: validation 3 rows → 1, 2, 0.
    const s = trainTestSplit(ten([0, 0, 0, 1, 1, 1, 1, 1, 2, 2]), { testSize: 0.25, validationSize: 0.25, seed: 0 });
    expect(counts(s.test)).toEqual([1, 1, 1]);
    expect(counts(s.validation!)).toEqual([1, 2, 0]);
    expect(counts(s.train)).toEqual([1, 2, 1]);
  });
});

describe('splitByIndices input', () => {
  it('wants an object of row lists', () => {
    expect(() => splitByIndices(iris, null as never)).toThrow(new TypeError('indices must be an object with train and test row indices, got null'));
    expect(() => splitByIndices(iris, 'train' as never)).toThrow('indices must be an object with train and test row indices, got "train"');
  });
});
