// Turns the label cells of a CSV file into targets.
//
// Without `task`, the labels decide: several columns or fractional numbers are regression;
// integers are classes only while they make at most MAX_INFERRED_CLASSES classes (an integer
// target with hundreds of values is a count or a price far more often than a class); strings
// are classes.
// Classification: with `classNames`, a cell equal to a name is that class and any other cell
// must be an integer index below classNames.length. Without them, non-negative integer labels
// are kept as class indices (names "0" … "max"); any other labels (strings, negative or
// fractional numbers) are mapped to 0 … k−1 in sorted order (numeric order when all are
// numbers), and the distinct values become the class names.
// Regression: every cell is a number; several label columns give several outputs.
import { DataError, rangeError, typeError } from '../errors.ts';
import type { Targets, Task } from './dataset.ts';
import { cellNumber, describeCell, parseNumber } from './csv-table.ts';

export interface LabelColumn {
  name: string;
  /** One cell per data row. */
  cells: string[];
}

export interface EncodedLabels {
  y: Targets;
  task: Task;
  classNames?: string[];
}

function isClassIndex(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;
}

/** Integer labels make more classes than this: inferred as regression (say `task` to classify). */
export const MAX_INFERRED_CLASSES = 20;

/** The classes integer labels make: max + 1 when all are class indices (kept as such), else the distinct values. */
export function integerClassCount(values: ArrayLike<number>): number {
  let max = -1;
  let indices = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!isClassIndex(v)) indices = false;
    else if (v > max) max = v;
  }
  return indices ? max + 1 : new Set(Array.from(values)).size;
}

/** The task the labels suggest (see the top of the file). */
function inferTask(columns: readonly LabelColumn[]): Task {
  if (columns.length > 1) return 'regression';
  const values = columns[0]!.cells.map(parseNumber);
  if (!values.every((v) => v !== undefined)) return 'classification';
  if (!values.every((v) => Number.isInteger(v))) return 'regression';
  return integerClassCount(values as number[]) > MAX_INFERRED_CLASSES ? 'regression' : 'classification';
}

export function encodeLabels(
  columns: readonly LabelColumn[],
  lines: readonly number[],
  options: { task?: Task; classNames?: readonly string[]; source?: string },
): EncodedLabels {
  const task = options.task ?? (options.classNames === undefined ? inferTask(columns) : 'classification');
  if (task === 'regression') {
    if (options.classNames !== undefined) throw typeError('classNames', 'absent for regression', options.classNames);
    const rows = lines.length;
    const y = new Float32Array(rows * columns.length);
    columns.forEach(({ name, cells }, c) => {
      cells.forEach((cell, r) => (y[r * columns.length + c] = cellNumber(cell, { source: options.source, line: lines[r]!, column: name })));
    });
    return { y, task };
  }
  if (task !== 'classification') throw typeError('task', '"classification" or "regression"', task);
  if (columns.length !== 1) throw rangeError('label', 'one column for classification', `${columns.length} columns`);
  const { name, cells } = columns[0]!;
  if (options.classNames !== undefined) return byName(cells, lines, name, options.classNames, options.source);
  const values = cells.map(parseNumber);
  if (values.every(isClassIndex)) {
    const y = Int32Array.from(values);
    return { y, task };
  }
  const distinct = [...new Set(cells)];
  const numeric = values.every((v) => v !== undefined);
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(distinct.map((value, i) => [value, i]));
  return { y: Int32Array.from(cells, (cell) => index.get(cell)!), task, classNames: distinct };
}

function byName(cells: readonly string[], lines: readonly number[], column: string, classNames: readonly string[], source?: string): EncodedLabels {
  if (!Array.isArray(classNames) || classNames.length === 0 || classNames.some((n) => typeof n !== 'string')) {
    throw typeError('classNames', 'a non-empty array of strings', classNames);
  }
  const index = new Map(classNames.map((value, i) => [value, i]));
  if (index.size !== classNames.length) throw rangeError('classNames', 'free of duplicates', classNames.join(', '));
  const y = new Int32Array(cells.length);
  cells.forEach((cell, r) => {
    const value = index.get(cell) ?? parseNumber(cell);
    if (!isClassIndex(value) || value >= classNames.length) {
      const rule = `one of the classNames (${classNames.map((n) => JSON.stringify(n)).join(', ')}) or an index in [0, ${classNames.length})`;
      throw new DataError(`the cell must be ${rule}, got ${describeCell(cell)}`, { source, line: lines[r]!, column });
    }
    y[r] = value;
  });
  return { y, task: 'classification', classNames: [...classNames] };
}
