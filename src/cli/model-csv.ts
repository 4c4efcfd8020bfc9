// How `predict` and `evaluate` read a CSV of rows for a model. Model files keep no column names,
// so the columns are told apart by count: a file with as many columns as the model has inputs is
// all features; one with N more carries labels (N = 1 class column for a softmax classifier, one
// column per output otherwise) in the columns named by --label, else in the last N. Errors are
// the CSV module's: the file, the line and the column, never a cell's text.
import type { ColumnRef } from '../data/csv.ts';
import type { LabelColumn } from '../data/csv-labels.ts';
import { cellNumber, parseNumber, readRecords } from '../data/csv-table.ts';
import { DataError, FileError } from '../errors.ts';
import { FILE_LIMITS, readBoundedText } from '../files/read-bounded-file.ts';
import { loadModel } from '../nn/model-file.ts';
import type { MLP } from '../nn/mlp.ts';
import { UsageError } from './exit-codes.ts';

export interface ModelRows {
  /** The feature cells, rows × model.inputs, in the file's column order. */
  x: Float32Array;
  rows: number;
  /** The label columns' cells (empty when the file has none). */
  labels: LabelColumn[];
  /** Each data row's line in the file, for errors about its labels. */
  lines: number[];
}

export interface ModelCsvOptions {
  /** The label columns (names or indices); default: the last labelCount(model) columns. */
  label?: readonly ColumnRef[];
  /** evaluate: a file without label columns is an error. */
  requireLabels: boolean;
  /** The file's role in errors about the file itself. */
  what: string;
}

/** Label columns a row carries: the class index for softmax, one per output for sigmoid or regression. */
export function labelCount(model: MLP): number {
  return model.config.loss === 'categoricalCrossEntropy' ? 1 : model.outputs;
}

/** loadModel with a bad file as bad usage (exit 2), as `export` does. */
export function loadModelArgument(path: string): MLP {
  try {
    return loadModel(path).model;
  } catch (error) {
    if (error instanceof FileError || error instanceof DataError) throw new UsageError(`<model> must be a hyperprop model file: ${error.message}`);
    throw error;
  }
}

/** A FileError or DataError of the rows file as bad usage (exit 2); other errors pass. */
export function asUsageError(error: unknown): unknown {
  return error instanceof FileError || error instanceof DataError ? new UsageError(error.message) : error;
}

function columnsNeeded(inputs: number, labels: number): string {
  return `${inputs + labels} (the model's ${inputs} inputs and ${labels === 1 ? 'the label column' : `${labels} label columns`})`;
}

export function readModelCsv(path: string, model: MLP, options: ModelCsvOptions): ModelRows {
  const source = path;
  const records = readRecords(readBoundedText(path, { maxBytes: FILE_LIMITS.csv, what: options.what }), ',', source);
  const first = records[0];
  if (first === undefined) throw new DataError('file is empty', { source });
  const width = first.cells.length;
  const inputs = model.inputs;
  const count = options.label?.length ?? labelCount(model);
  const hasLabels = width === inputs + count;
  if (!hasLabels && (width !== inputs || options.requireLabels || options.label !== undefined)) {
    const expected = options.requireLabels || options.label !== undefined ? columnsNeeded(inputs, count) : `${inputs} (the model's inputs) or ${columnsNeeded(inputs, count)}`;
    throw new DataError(`expected ${expected} columns, got ${width}`, { source, line: first.line });
  }
  const refs = hasLabels ? (options.label ?? Array.from({ length: count }, (_, i) => i - count)) : [];
  const byIndex = refs.map((ref) => (typeof ref === 'number' ? (ref < 0 ? ref + width : ref) : -1));
  // A header when a label is named, or when some feature cell of the first line is not a number.
  const header = refs.some((ref) => typeof ref === 'string') || first.cells.some((cell, i) => !byIndex.includes(i) && parseNumber(cell) === undefined);
  const names = first.cells.map((cell, i) => (header && cell !== '' ? cell : `column_${i}`));
  const labelIndex = refs.map((ref) => resolveColumn(ref, names, header, source, first.line));
  if (new Set(labelIndex).size !== labelIndex.length) throw new DataError(`--label must name distinct columns, got ${refs.join(', ')}`, { source });
  const data = header ? records.slice(1) : records;
  if (data.length === 0) throw new DataError('no data rows after the header', { source });
  const features = names.map((_, i) => i).filter((i) => !labelIndex.includes(i));
  const x = new Float32Array(data.length * inputs);
  const labels: LabelColumn[] = labelIndex.map((i) => ({ name: names[i]!, cells: [] }));
  data.forEach(({ line, cells }, r) => {
    if (cells.length !== width) throw new DataError(`expected ${width} cells, got ${cells.length}`, { source, line });
    features.forEach((column, c) => (x[r * inputs + c] = cellNumber(cells[column]!, { source, line, column: names[column]! })));
    labelIndex.forEach((column, k) => {
      const cell = cells[column]!;
      if (cell === '') throw new DataError(`label column ${JSON.stringify(names[column])} is empty`, { source, line });
      labels[k]!.cells.push(cell);
    });
  });
  return { x, rows: data.length, labels, lines: data.map(({ line }) => line) };
}

function resolveColumn(ref: ColumnRef, names: readonly string[], header: boolean, source: string, line: number): number {
  const width = names.length;
  if (typeof ref === 'number') {
    if (ref < -width || ref >= width) throw new DataError(`--label column index must be in [${-width}, ${width}), got ${ref}`, { source });
    return ref < 0 ? ref + width : ref;
  }
  const found = names.filter((name) => name === ref).length;
  if (found === 1) return names.indexOf(ref);
  if (found > 1) throw new DataError(`label column ${JSON.stringify(ref)} appears ${found} times in the header`, { source, line });
  const message = header
    ? `label column ${JSON.stringify(ref)} must be a name in the header, got a header of ${width} columns without it`
    : `label column ${JSON.stringify(ref)} must be a column index (the file has no header), got a name`;
  throw new DataError(message, { source });
}
