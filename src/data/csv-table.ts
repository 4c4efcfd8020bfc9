// Reads CSV text into records with their line numbers (csv-parse does the parsing), and reads
// cells as numbers strictly: plain decimals only, so "", "abc", "0x10" and "NaN" are refused.
import { DataError, typeError, type DataLocation } from '../errors.ts';
import { lazyModule } from '../lazy-module.ts';

const loadCsvParse = lazyModule<typeof import('csv-parse/sync')>('csv-parse/sync');

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

/** csv-parse's error codes in words: its own messages quote the cells around the error. */
const PARSE_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell must be closed, got a quote that is never closed',
  INVALID_OPENING_QUOTE: 'a quote must open a cell, got one inside a cell',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote must end its cell, got more text after it',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote must end its cell, got more text after it',
};

/** How a cell looks, without its text: errors must not quote a file that may not be data at all. */
export function describeCell(cell: string): string {
  return cell === '' ? 'an empty cell' : `text of ${cell.length} character${cell.length === 1 ? '' : 's'}`;
}

/** Every record of `text` except blank lines; cells are trimmed; a leading BOM is dropped. */
export function readRecords(text: string, delimiter: string, source: string | undefined): CsvRecord[] {
  if (typeof text !== 'string') throw typeError('text', 'a string', text);
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter)) {
    throw typeError('delimiter', 'one character other than a quote or a line break', delimiter);
  }
  let parsed: ParsedRecord[];
  try {
    parsed = loadCsvParse().parse(text, {
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
    const code = (error as { code?: unknown }).code;
    throw new DataError(PARSE_ERRORS[String(code)] ?? `the text must be CSV, got a parse error (${String(code)})`, where);
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
    const why = DECIMAL.test(cell)
      ? 'must be within the float32 range (magnitude below 3.4e38), got a number outside it'
      : `must be a decimal number, got ${describeCell(cell)}`;
    throw new DataError(`the cell ${why}`, where);
  }
  return value;
}
