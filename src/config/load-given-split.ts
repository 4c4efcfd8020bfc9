// Data as the user already has it split: a training file and a test file (data.train, data.test),
// or one file with its split given (data.splitFile: row indices; data.splitColumn: a column of
// train / validation / test). The test rows are the user's, never re-drawn; validation may still
// be carved from the training rows by split.validation.
import { loadCsv, loadCsvWithAside, type AsideColumn } from '../data/csv.ts';
import { parseNumber, readRecords } from '../data/csv-table.ts';
import type { Dataset } from '../data/dataset.ts';
import { splitByIndices } from '../data/split.ts';
import { ConfigError, DataError, FileError } from '../errors.ts';
import { FILE_LIMITS, readBoundedText } from '../files/read-bounded-file.ts';
import type { DataConfig } from './data-schema.ts';

export interface GivenParts {
  /** The rows the description and task inference speak of (the training file, or the one file). */
  dataset: Dataset;
  name: string;
  train: Dataset;
  test: Dataset;
  validation?: Dataset;
}

const PARTS = ['train', 'validation', 'test'] as const;
type Part = (typeof PARTS)[number];

/** Whether the config gives its own split (so loadData must not draw the test rows). */
export function hasGivenSplit(config: DataConfig): boolean {
  return config.train !== undefined || config.splitFile !== undefined || config.splitColumn !== undefined;
}

/** A file that is not a readable regular file is a mistake in the config (exit 2), named by its field. */
function asConfigError<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FileError) throw new ConfigError([{ path: `data.${field}`, message: error.message }]);
    throw error;
  }
}

/** Label columns of a dataset: one for classes, one per output for regression. */
function columns(d: Dataset): number {
  return d.features + (d.task === 'classification' ? 1 : d.outputs);
}

function loadTrainTest(config: DataConfig, resolvePath: (path: string) => string): GivenParts {
  const trainPath = resolvePath(config.train!);
  const testPath = resolvePath(config.test!);
  const label = config.label!;
  const train = asConfigError('train', () => loadCsv(trainPath, { label, what: 'data.train', ...(config.task ? { task: config.task } : {}) }));
  // The test labels are read as the training file's classes, so "setosa" is the same index in both.
  const labels = train.task === 'classification' ? { task: 'classification' as const, classNames: train.classNames } : { task: 'regression' as const };
  const test = asConfigError('test', () => loadCsv(testPath, { label, what: 'data.test', ...labels }));
  if (columns(test) !== columns(train)) {
    throw new DataError(`data.test must have the same columns as data.train, got ${columns(test)} columns in data.test and ${columns(train)} in data.train`, { source: testPath });
  }
  const renamed = train.featureNames.findIndex((name, i) => test.featureNames[i] !== name);
  if (renamed >= 0) {
    throw new DataError(`data.test must have the same columns as data.train, got column ${JSON.stringify(test.featureNames[renamed])} where data.train has ${JSON.stringify(train.featureNames[renamed])}`, { source: testPath });
  }
  return { dataset: train, name: `${config.train} with test file ${config.test}`, train, test };
}

/** Row indices from a split file: a header naming some of train, validation, test; each cell a 0-based data row or empty. */
function readSplitFile(path: string, rows: number): Partial<Record<Part, number[]>> {
  const records = readRecords(readBoundedText(path, { maxBytes: FILE_LIMITS.csv, what: 'data.splitFile' }), ',', path);
  const header = records[0];
  if (header === undefined) throw new DataError('file is empty', { source: path });
  const names = header.cells;
  names.forEach((name) => {
    if (!(PARTS as readonly string[]).includes(name)) throw new DataError(`the header must name only train, validation or test columns, got ${JSON.stringify(name)}`, { source: path, line: header.line });
  });
  if (!names.includes('test')) throw new DataError('the header must have a test column, got none', { source: path, line: header.line });
  const lists: Partial<Record<Part, number[]>> = {};
  const owner = new Map<number, Part>();
  for (const name of names) lists[name as Part] = [];
  for (const { line, cells } of records.slice(1)) {
    cells.forEach((cell, c) => {
      const part = names[c] as Part | undefined;
      if (part === undefined) throw new DataError(`expected at most ${names.length} cells, got ${cells.length}`, { source: path, line });
      if (cell === '') return;
      const row = parseNumber(cell);
      if (row === undefined || !Number.isInteger(row) || row < 0 || row >= rows) {
        throw new DataError(`the cell must be a 0-based data row index in [0, ${rows}), got ${row === undefined ? 'text that is not a number' : row}`, { source: path, line, column: part });
      }
      const before = owner.get(row);
      if (before !== undefined) throw new DataError(`row ${row} is listed in ${before} and again in ${part}; a row may be in one part only`, { source: path, line, column: part });
      owner.set(row, part);
      lists[part]!.push(row);
    });
  }
  // Without a train column every row not listed elsewhere trains.
  if (lists.train === undefined) lists.train = Array.from({ length: rows }, (_, i) => i).filter((i) => !owner.has(i));
  return lists;
}

function splitColumnIndices(aside: AsideColumn, source: string): Partial<Record<Part, number[]>> {
  const lists: Record<Part, number[]> = { train: [], validation: [], test: [] };
  aside.cells.forEach((cell, row) => {
    if (!(PARTS as readonly string[]).includes(cell)) {
      throw new DataError('the split cell must be train, validation or test, got ' + (cell === '' ? 'an empty cell' : JSON.stringify(cell.slice(0, 20))), { source, line: aside.lines[row]!, column: aside.name });
    }
    lists[cell as Part].push(row);
  });
  return { train: lists.train, test: lists.test, ...(lists.validation.length > 0 ? { validation: lists.validation } : {}) };
}

function loadOneFileSplit(config: DataConfig, resolvePath: (path: string) => string): GivenParts {
  const path = resolvePath(config.csv!);
  const options = { label: config.label!, what: 'data.csv', ...(config.task ? { task: config.task } : {}) };
  let dataset: Dataset;
  let lists: Partial<Record<Part, number[]>>;
  if (config.splitColumn !== undefined) {
    const read = asConfigError('csv', () => loadCsvWithAside(path, options, config.splitColumn!));
    dataset = read.dataset;
    lists = splitColumnIndices(read.aside, path);
  } else {
    dataset = asConfigError('csv', () => loadCsv(path, options));
    const splitPath = resolvePath(config.splitFile!);
    lists = asConfigError('splitFile', () => readSplitFile(splitPath, dataset.rows));
  }
  const where = config.splitColumn === undefined ? `data.splitFile ${config.splitFile}` : `split column ${JSON.stringify(config.splitColumn)}`;
  for (const part of ['train', 'test'] as const) {
    if (lists[part]!.length === 0) throw new DataError(`${where} must give at least one ${part} row, got none`, { source: path });
  }
  const split = splitByIndices(dataset, { train: lists.train!, test: lists.test!, ...(lists.validation ? { validation: lists.validation } : {}) });
  return { dataset, name: config.csv!, train: split.train, test: split.test, ...(split.validation ? { validation: split.validation } : {}) };
}

/** The training, test and (from a split file or column) validation rows as the config gives them. */
export function loadGivenSplit(config: DataConfig, resolvePath: (path: string) => string): GivenParts {
  const parts = config.train !== undefined ? loadTrainTest(config, resolvePath) : loadOneFileSplit(config, resolvePath);
  if (parts.validation !== undefined && config.split?.validation !== undefined) {
    throw new ConfigError([{ path: 'data.split.validation', message: 'data.split.validation must be left out when the split already has validation rows, got ' + config.split.validation }]);
  }
  return parts;
}
