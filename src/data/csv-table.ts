// Reads CSV text into records with their line numbers (csv-parse does the parsing), and reads
// cells as numbers strictly: plain decimals only, so "", "abc", "0x10" and "NaN" are refused.
import { parse } from 'csv-parse/sync';
import { DataError, typeError, type DataLocation } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line on which the record ends (its only line unless a quoted cell spans lines). */
  line: number;
  cells: string[];
}

interface ParsedRecord {
  info: { lines: number };
  record: string[];
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Every record of `text` except blank lines; cells are trimmed; a leading BOM is dropped. */
export function readRecords(text: string, delimiter: string, source: string | undefined): CsvRecord[] {
  if (typeof text !== 'string') throw typeError('text', 'a string', text);
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter)) {
    throw typeError('delimiter', 'one character other than a quote or a line break', delimiter);
  }
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, {
      delimiter,
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const where: DataLocation = typeof lines === 'number' ? { source, line: lines } : { source };
    throw new DataError((error as Error).message, where);
  }
  return parsed
    .map(({ info, record }) => ({ line: info.lines, cells: record }))
    .filter(({ cells }) => cells.length > 1 || cells[0] !== ''); // whitespace-only lines
}

/** The cell as a finite float32-representable number, or undefined when it is not one. */
export function parseNumber(cell: string): number | undefined {
  if (!DECIMAL.test(cell)) return undefined;
  const value = Number(cell);
  return Number.isFinite(Math.fround(value)) ? value : undefined;
}

/** Like parseNumber, but a cell that is not a number is a DataError at its line and column. */
export function cellNumber(cell: string, where: DataLocation): number {
  const value = parseNumber(cell);
  if (value === undefined) {
    const why = DECIMAL.test(cell) ? 'is outside the float32 range' : 'is not a number';
    throw new DataError(`${JSON.stringify(cell)} ${why}`, where);
  }
  return value;
}
