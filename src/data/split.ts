// Train/validation/test splits: seeded shuffles (scikit-learn's train_test_split, stratified
// by class as with stratify=y) and fixed splits given as row indices.
import { rangeError, typeError } from '../errors.ts';
import type { Dataset } from './dataset.ts';
import { checkIndices } from './dataset-arrays.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { allocate, classCounts } from './stratify.ts';

export interface SplitOptions {
  /** Fraction of the rows for the test set, in (0, 1); the count is rounded up, as scikit-learn does. */
  testSize: number;
  /** Fraction of the rows for a validation set, in (0, 1); rounded up. testSize + validationSize < 1. */
  validationSize?: number;
  /** Keep each class's share in every part; default true for classification (an error for regression). */
  stratify?: boolean;
  /** Integer seed of the shuffle: one seed, one split. */
  seed: number;
}

export interface SplitIndices {
  train: Int32Array | readonly number[];
  test: Int32Array | readonly number[];
  validation?: Int32Array | readonly number[];
}

export interface Split {
  train: Dataset;
  test: Dataset;
  validation?: Dataset;
  /** The rows of each part, in the order they appear in it. */
  indices: { train: Int32Array; test: Int32Array; validation?: Int32Array };
}

const PARTS = ['train', 'validation', 'test'] as const;
type Part = (typeof PARTS)[number];

function fraction(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) throw rangeError(field, 'in (0, 1)', value);
  return value;
}

/** Shuffles the rows with `seed` and cuts them into train, optional validation, and test sets. */
export function trainTestSplit(dataset: Dataset, options: SplitOptions): Split {
  if (options === null || typeof options !== 'object') throw typeError('options', 'an object with testSize and seed', options);
  const testSize = fraction('testSize', options.testSize);
  const validationSize = options.validationSize === undefined ? 0 : fraction('validationSize', options.validationSize);
  if (!(testSize + validationSize < 1)) throw rangeError('testSize + validationSize', '< 1', testSize + validationSize);
  if (!Number.isInteger(options.seed)) throw typeError('seed', 'an integer', options.seed);
  const classification = dataset.task === 'classification';
  const stratify = options.stratify ?? classification;
  if (typeof stratify !== 'boolean') throw typeError('stratify', 'a boolean', stratify);
  if (stratify && !classification) throw typeError('stratify', 'false for a regression dataset', stratify);

  const n = dataset.rows;
  const sizes: Record<Part, number> = { train: 0, validation: Math.ceil(validationSize * n), test: Math.ceil(testSize * n) };
  sizes.train = n - sizes.test - sizes.validation;
  if (sizes.train < 1) {
    throw rangeError('testSize + validationSize', `to leave at least one training row of ${n}`, testSize + validationSize);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  new SeededRandom(options.seed).shuffle(order); // the project's one PRNG, xoshiro128**
  const part = new Uint8Array(n); // index into PARTS for each row
  if (stratify) assignStratified(dataset, order, sizes, part);
  else order.forEach((row, k) => (part[row] = k < sizes.test ? 2 : k < sizes.test + sizes.validation ? 1 : 0));

  const rows: Record<Part, number[]> = { train: [], validation: [], test: [] };
  for (const row of order) rows[PARTS[part[row]!]!].push(row);
  return splitByIndices(dataset, {
    train: rows.train,
    test: rows.test,
    ...(options.validationSize === undefined ? {} : { validation: rows.validation }),
  });
}

/** Marks each row's part so that every class is shared out in proportion to its size. */
function assignStratified(dataset: Dataset, order: Int32Array, sizes: Record<Part, number>, part: Uint8Array): void {
  const labels = dataset.y as Int32Array;
  const classes = dataset.classCount;
  const counts = classCounts(labels, classes);
  const present = counts.filter((c) => c > 0).length;
  const single = counts.findIndex((c) => c === 1);
  if (single >= 0) {
    throw new RangeError(`stratify: class ${JSON.stringify(dataset.classNames[single])} has 1 row; each class needs at least 2 (or pass stratify: false)`);
  }
  for (const name of PARTS) {
    if (sizes[name] > 0 && sizes[name] < present) {
      throw rangeError(`stratify: ${name} rows`, `at least the ${present} classes present`, sizes[name]);
    }
  }
  const test = allocate(counts, sizes.test);
  const validation = allocate(counts.map((c, k) => c - test[k]!), sizes.validation);
  const seen = new Int32Array(classes);
  for (const row of order) {
    const c = labels[row]!;
    const k = seen[c]!++;
    part[row] = k < test[c]! ? 2 : k < test[c]! + validation[c]! ? 1 : 0;
  }
}

/** A fixed split from row indices (e.g. data/digits_split.json); a row may be in one part only. */
export function splitByIndices(dataset: Dataset, indices: SplitIndices): Split {
  if (indices === null || typeof indices !== 'object') throw typeError('indices', 'an object with train and test row indices', indices);
  const owner = new Int8Array(dataset.rows).fill(-1);
  const parts: Partial<Record<Part, Int32Array>> = {};
  PARTS.forEach((name, p) => {
    const list = indices[name];
    if (list === undefined && name === 'validation') return;
    checkIndices(name, list as Int32Array | readonly number[], dataset.rows);
    const rows = Int32Array.from(list!);
    for (const row of rows) {
      if (owner[row]! >= 0) throw new RangeError(`row ${row} is in both ${PARTS[owner[row]!]} and ${name}; a row may be in one part only`);
      owner[row] = p;
    }
    parts[name] = rows;
  });
  const split: Split = {
    train: dataset.subset(parts.train!),
    test: dataset.subset(parts.test!),
    indices: { train: parts.train!, test: parts.test! },
  };
  if (parts.validation !== undefined) {
    split.validation = dataset.subset(parts.validation);
    split.indices.validation = parts.validation;
  }
  return split;
}
