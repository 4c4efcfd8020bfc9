// CSV files to datasets: one or more label columns (by name or index), every other column a
// numeric feature. Errors name the file, the line and the column.
import { DataError, rangeError, typeError } from '../errors.ts';
import { FILE_LIMITS, readBoundedText } from '../files/read-bounded-file.ts';
import { Dataset, type Task } from './dataset.ts';
import { encodeLabels } from './csv-labels.ts';
import { cellNumber, parseNumber, readRecords, type CsvRecord } from './csv-table.ts';

export type ColumnRef = string | number;

export interface CsvOptions {
  /** The label column: its header name, or its index (negative counts from the end: -1 is the last). Several give a multi-output regression. */
  label: ColumnRef | readonly ColumnRef[];
  /**
   * Whether the first line names the columns. Default: true when `label` is a name, otherwise
   * true when some cell of the first line outside the label column is not a number.
   */
  header?: boolean;
  /** One character; default ",". */
  delimiter?: string;
  /**
   * Default: classification for strings, or integers making at most 20 classes (max + 1 for
   * non-negative ones); regression for fractional numbers, more integer classes, or several columns.
   */
  task?: Task;
  /** Classification: the classes in order; label cells may be these names or indices into them. */
  classNames?: readonly string[];
}

export interface CsvFileOptions extends CsvOptions {
  /** Larger files are refused before reading (default 256 MiB). */
  maxBytes?: number;
  /** The file's role in errors about the file itself (default "CSV file"; the CLI says "data.csv"). */
  what?: string;
}

/**
 * Reads the CSV file at `path` (UTF-8). A FIFO, a device, a directory or a file over `maxBytes`
 * is a FileError before anything is read. Errors about the content start with the path and name
 * the line and column, never a cell's text: `data/x.csv: line 7: expected 14 cells, got 13`.
 */
export function loadCsv(path: string, options: CsvFileOptions): Dataset {
  const text = readBoundedText(path, { maxBytes: options?.maxBytes ?? FILE_LIMITS.csv, what: options?.what ?? 'CSV file' });
  return readCsv(text, options, path);
}

/** Parses CSV text already in memory; same options and errors as loadCsv, without the path. */
export function parseCsv(text: string, options: CsvOptions): Dataset {
  return readCsv(text, options, undefined);
}

/** A column set aside from the features (a split column), one cell per data row with its line. */
export interface AsideColumn {
  name: string;
  cells: string[];
  lines: number[];
}

/** Like loadCsv, with the column named `aside` kept out of the features and returned as text. */
export function loadCsvWithAside(path: string, options: CsvFileOptions, aside: string): { dataset: Dataset; aside: AsideColumn } {
  const text = readBoundedText(path, { maxBytes: options?.maxBytes ?? FILE_LIMITS.csv, what: options?.what ?? 'CSV file' });
  const column: AsideColumn = { name: aside, cells: [], lines: [] };
  return { dataset: readCsv(text, options, path, column), aside: column };
}

function readCsv(text: string, options: CsvOptions, source: string | undefined, aside?: AsideColumn): Dataset {
  if (options === null || typeof options !== 'object') throw typeError('options', 'an object with a label column', options);
  const records = readRecords(text, options.delimiter ?? ',', source);
  const first = records[0];
  if (first === undefined) throw new DataError('file is empty', { source });
  const width = first.cells.length;
  const refs = Array.isArray(options.label) ? (options.label as readonly ColumnRef[]) : [options.label as ColumnRef];
  if (refs.length === 0) throw rangeError('label', 'a column name, a column index or a non-empty list of them', options.label);
  const header = options.header ?? hasHeader(first, refs, width);
  if (typeof header !== 'boolean') throw typeError('header', 'a boolean', header);
  const names = first.cells.map((cell, i) => (header && cell !== '' ? cell : `column_${i}`));
  const labels = refs.map((ref) => resolveColumn(ref, names, header, source, first.line));
  if (new Set(labels).size !== labels.length) throw rangeError('label', 'distinct columns', refs.join(', '));
  if (labels.length >= width) throw rangeError('label', `fewer columns than the file's ${width}, leaving at least one feature`, refs.join(', '));

  const data = header ? records.slice(1) : records;
  if (data.length === 0) throw new DataError('no data rows after the header', { source });
  const asideIndex = aside === undefined ? -1 : asideColumn(aside.name, names, header, labels, source, first.line);
  const featureColumns = names.map((_, i) => i).filter((i) => !labels.includes(i) && i !== asideIndex);
  if (featureColumns.length === 0) throw rangeError('label', 'columns leaving at least one feature', refs.join(', '));
  const features = featureColumns.length;
  const x = new Float32Array(data.length * features);
  const labelCells: string[][] = labels.map(() => []);
  data.forEach(({ line, cells }, r) => {
    if (cells.length !== width) throw new DataError(`expected ${width} cells, got ${cells.length}`, { source, line });
    labels.forEach((column, k) => {
      const cell = cells[column]!;
      if (cell === '') throw new DataError(`label column ${JSON.stringify(names[column])} is empty`, { source, line });
      labelCells[k]!.push(cell);
    });
    if (aside !== undefined) {
      aside.cells.push(cells[asideIndex]!);
      aside.lines.push(line);
    }
    featureColumns.forEach((column, c) => {
      x[r * features + c] = cellNumber(cells[column]!, { source, line, column: names[column]! });
    });
  });

  const encoded = encodeLabels(
    labels.map((column, k) => ({ name: names[column]!, cells: labelCells[k]! })),
    data.map(({ line }) => line),
    { task: options.task, classNames: options.classNames, source },
  );
  const featureNames = featureColumns.map((i) => names[i]!);
  return encoded.task === 'classification'
    ? new Dataset({ x, y: encoded.y, features, featureNames, classNames: encoded.classNames })
    : new Dataset({ x, y: encoded.y, features, featureNames, outputs: labels.length });
}

function hasHeader(first: CsvRecord, refs: readonly ColumnRef[], width: number): boolean {
  if (refs.some((ref) => typeof ref === 'string')) return true;
  const labels = new Set(refs.map((ref) => (typeof ref === 'number' && ref < 0 ? ref + width : ref)));
  return first.cells.some((cell, i) => !labels.has(i) && parseNumber(cell) === undefined);
}

function resolveColumn(ref: ColumnRef, names: readonly string[], header: boolean, source: string | undefined, line: number): number {
  const width = names.length;
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < -width || ref >= width) {
      throw rangeError('label', `a column index in [${-width}, ${width}) or a column name`, ref);
    }
    return ref < 0 ? ref + width : ref;
  }
  if (typeof ref !== 'string') throw typeError('label', 'a column name or a column index', ref);
  const found = names.filter((name) => name === ref).length;
  if (found === 1) return names.indexOf(ref);
  if (found > 1) throw new DataError(`label column ${JSON.stringify(ref)} appears ${found} times in the header`, { source, line });
  // The header is not listed: for a file that is not the CSV it should be, it is its first line.
  const message = header
    ? `label column ${JSON.stringify(ref)} must be a name in the header or a column index in [${-width}, ${width}), got a header of ${width} columns without it`
    : `label column ${JSON.stringify(ref)} must be a column index in [${-width}, ${width}) (the file has no header), got a name`;
  throw new DataError(message, { source });
}

function asideColumn(name: string, names: readonly string[], header: boolean, labels: readonly number[], source: string | undefined, line: number): number {
  if (!header) throw new DataError(`split column ${JSON.stringify(name)} must be a name in the header, got a file without a header`, { source });
  const index = names.indexOf(name);
  if (index < 0) throw new DataError(`split column ${JSON.stringify(name)} must be a name in the header, got a header of ${names.length} columns without it`, { source, line });
  if (names.lastIndexOf(name) !== index) throw new DataError(`split column ${JSON.stringify(name)} appears more than once in the header`, { source, line });
  if (labels.includes(index)) throw new DataError(`split column ${JSON.stringify(name)} must differ from the label column, got the label column`, { source, line });
  return index;
}
