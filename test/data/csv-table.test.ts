// Strict number cells and record line numbers.
import { describe, expect, it } from 'vitest';
import { parseNumber, readRecords } from '../../src/data/csv-table.ts';

describe('parseNumber', () => {
  it('reads plain decimals only', () => {
    expect(['1', '-2.5', '+.5', '3.', '1e-3', '2E+2'].map(parseNumber)).toEqual([1, -2.5, 0.5, 3, 0.001, 200]);
    expect(['', 'abc', '0x10', 'NaN', 'Infinity', '1,5', '1e39', '1 2'].map(parseNumber)).toEqual(Array(8).fill(undefined));
  });
});

describe('readRecords', () => {
  it('keeps the line of each record across blank lines and quoted line breaks', () => {
    const records = readRecords('a,b\n\n1,2\n"x\ny",3\n4,5', ',', undefined);
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
      { line: 5, cells: ['x\ny', '3'] },
      { line: 6, cells: ['4', '5'] },
    ]);
  });

  it('checks the delimiter', () => {
    expect(() => readRecords('a', ',,', undefined)).toThrow('delimiter must be one character other than a quote or a line break, got ",,"');
  });
});

describe('readRecords input and parse errors', () => {
  it('skips lines of only whitespace, keeping the next record’s line', () => {
    expect(readRecords('a,b\n   \n1,2', ',', undefined)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
    ]);
    expect(readRecords('a\n""\n1', ',', undefined).map((r) => r.line)).toEqual([1, 3]);
  });

  it('refuses text that is not a string and delimiters that are not one plain character', () => {
    expect(() => readRecords(42 as never, ',', undefined)).toThrow(new TypeError('text must be a string, got 42'));
    expect(() => readRecords('a,b', '"', undefined)).toThrow('delimiter must be one character other than a quote or a line break, got "\\""');
    expect(() => readRecords('a,b', [','] as never, undefined)).toThrow('delimiter must be one character other than a quote or a line break, got Array(1)');
    expect(() => readRecords('a,b', '\n', undefined)).toThrow('delimiter must be one character other than a quote or a line break, got "\\n"');
  });

  it('names the line and the rule of a CSV syntax error, without quoting the cells', () => {
    expect(() => readRecords('a,b\n"x,1', ',', 'f.csv')).toThrow('f.csv: line 2: a quoted cell must be closed, got a quote that is never closed');
    expect(() => readRecords('a,b\n1,x"y"', ',', 'f.csv')).toThrow('f.csv: line 2: a quote must open a cell, got one inside a cell');
    expect(() => readRecords('a;b\n1;"x"y', ';', undefined)).toThrow(/^line 2: a closing quote must end its cell, got more text after it$/);
  });
});
