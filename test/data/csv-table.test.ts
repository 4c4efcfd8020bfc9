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
