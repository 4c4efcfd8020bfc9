// The datasets shipped in data/ (CSV exports of scikit-learn's toy datasets; see data/README.md).
import { readFileSync } from 'node:fs';
import { DataError, rangeError } from '../errors.ts';
import { packagePath } from '../backend/package-root.ts';
import { loadCsv, type CsvFileOptions } from './csv.ts';
import type { Dataset } from './dataset.ts';
import { splitByIndices, type Split } from './split.ts';

export const IRIS_CLASSES = ['setosa', 'versicolor', 'virginica'] as const;
export const WINE_CLASSES = ['class_0', 'class_1', 'class_2'] as const;
/** Digits pixels count ink in a 4×4 block: integers 0 … 16. */
export const DIGITS_MAX_PIXEL = 16;

export interface DigitsOptions {
  /**
   * Multiplies every pixel (default 1, the raw 0 … 16 counts). `scale: 1 / DIGITS_MAX_PIXEL`
   * gives [0, 1] with no statistics learned from the data, so it is safe before a split.
   */
  scale?: number;
}

/**
 * Each shipped file parsed once per process (they are part of the package and never change;
 * digits takes ~20 ms to parse, and a tuning run or a test file loads it again and again), then
 * handed out as a copy of its own.
 */
const parsed = new Map<string, Dataset>();
function shipped(file: string, options: CsvFileOptions): Dataset {
  const path = packagePath(`data/${file}`);
  let dataset = parsed.get(path);
  if (dataset === undefined) {
    dataset = loadCsv(path, options);
    parsed.set(path, dataset);
  }
  return dataset.copy();
}

/** Fisher's iris: 150 rows, 4 features (cm), 3 classes of 50. */
export function loadIris(): Dataset {
  return shipped('iris.csv', { label: 'label', task: 'classification', classNames: IRIS_CLASSES });
}

/** UCI wine: 178 rows, 13 chemical features, 3 cultivars (59, 71, 48). */
export function loadWine(): Dataset {
  return shipped('wine.csv', { label: 'label', task: 'classification', classNames: WINE_CLASSES });
}

/**
 * Friedman #1 (scikit-learn's make_friedman1, seed 20261203): 1000 rows, 10 features uniform on
 * [0, 1], a real target y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1); x5 … x9 are
 * noise features. The noise bounds R² at about 0.96, a known answer for regression checks.
 */
export function loadFriedman1(): Dataset {
  return shipped('friedman1.csv', { label: 'target', task: 'regression' });
}

/** UCI optical digits (scikit-learn's copy): 1797 rows, 8×8 = 64 pixels, classes "0" … "9". */
export function loadDigits(options: DigitsOptions = {}): Dataset {
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw rangeError('scale', 'a finite positive number', scale);
  const digits = shipped('digits.csv', { label: 'label', task: 'classification' });
  if (scale === 1) return digits;
  const x = digits.x;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * scale;
  return digits;
}

/** The fixed stratified 80/20 digits split of data/digits_split.json (scikit-learn, seed 0): 1437 train, 360 test. */
export function loadDigitsSplit(options: DigitsOptions = {}): Split {
  const path = packagePath('data/digits_split.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as { n?: unknown; train?: unknown; test?: unknown };
  const digits = loadDigits(options);
  if (json.n !== digits.rows) throw new DataError(`n is ${String(json.n)}, but digits.csv has ${digits.rows} rows`, { source: path });
  if (!Array.isArray(json.train) || !Array.isArray(json.test)) throw new DataError('train and test must be arrays of row indices', { source: path });
  return splitByIndices(digits, { train: json.train as number[], test: json.test as number[] });
}
