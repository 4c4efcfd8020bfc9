// CSV label cells to targets: the inferred task, class order, and classNames by name or index.
import { describe, expect, it } from 'vitest';
import { encodeLabels, integerClassCount } from '../../src/data/csv-labels.ts';
import { parseCsv } from '../../src/data/csv.ts';
import { errorOf } from '../fixtures/error-of.ts';

const column = (...cells: string[]) => [{ name: 'y', cells }];
const lines = (n: number) => Array.from({ length: n }, (_, i) => i + 2);

describe('integerClassCount', () => {
  it('is max + 1 for class indices and the distinct count otherwise', () => {
    expect(integerClassCount([0, 0])).toBe(1);
    expect(integerClassCount([3, 1])).toBe(4);
    expect(integerClassCount([])).toBe(0);
    expect(integerClassCount([-5, 7, 7])).toBe(2);
  });
});

describe('encodeLabels', () => {
  it('keeps labels as indices only up to the largest Int32', () => {
    expect(encodeLabels(column('2147483647', '0'), lines(2), { task: 'classification' })).toEqual({ y: new Int32Array([2147483647, 0]), task: 'classification' });
    expect(encodeLabels(column('2147483648', '0'), lines(2), { task: 'classification' })).toEqual({
      y: new Int32Array([1, 0]),
      task: 'classification',
      classNames: ['0', '2147483648'],
    });
  });

  it('infers classes when any label is text, and regression when any number is fractional', () => {
    const mixed = parseCsv('a,t\n1,1\n2,cat\n', { label: 't' });
    expect([mixed.task, mixed.classNames, [...mixed.y]]).toEqual(['classification', ['1', 'cat'], [0, 1]]);
    const fractional = parseCsv('a,t\n1,1\n2,2.5\n', { label: 't' });
    expect([fractional.task, [...fractional.y]]).toEqual(['regression', [1, 2.5]]);
  });

  it('orders numeric classes by value and text classes by code unit', () => {
    expect(encodeLabels(column('10', '-1', '9'), lines(3), {}).classNames).toEqual(['-1', '9', '10']);
    const text = encodeLabels(column('dog', 'cat', 'bird', 'ant', 'cat'), lines(5), {});
    expect(text.classNames).toEqual(['ant', 'bird', 'cat', 'dog']);
    expect([...text.y]).toEqual([3, 2, 1, 0, 2]);
  });

  it('names the option that does not fit the task', () => {
    expect(errorOf(() => encodeLabels(column('1'), lines(1), { task: 'regression', classNames: ['a', 'b'] }))).toEqual(
      new TypeError('classNames must be absent for regression, got Array(2)'),
    );
    expect(errorOf(() => encodeLabels(column('1'), lines(1), { task: 'ranking' as never }))).toEqual(
      new TypeError('task must be "classification" or "regression", got "ranking"'),
    );
    expect(errorOf(() => parseCsv('u,a,v\n1,2,3\n', { label: ['u', 'v'], task: 'classification' }))).toEqual(
      new RangeError('label must be one column for classification, got "2 columns"'),
    );
  });

  it('checks classNames and the indices given for them', () => {
    for (const bad of ['ab', [], ['a', 2]]) {
      expect(errorOf(() => encodeLabels(column('a'), lines(1), { classNames: bad as never })).message).toMatch(/^classNames must be a non-empty array of strings, got /);
    }
    expect(errorOf(() => encodeLabels(column('a'), lines(1), { classNames: ['a', 'b', 'a'] }))).toEqual(
      new RangeError('classNames must be free of duplicates, got "a, b, a"'),
    );
    expect(encodeLabels(column('b', '1', '0'), lines(3), { classNames: ['a', 'b'] }).y).toEqual(new Int32Array([1, 1, 0]));
    expect(errorOf(() => encodeLabels(column('a', '2'), lines(2), { classNames: ['a', 'b'], source: 'f.csv' })).message).toBe(
      'f.csv: line 3, column "y": the cell must be one of the classNames ("a", "b") or an index in [0, 2), got text of 1 character',
    );
  });
});

describe('encodeLabels with numbers and text mixed', () => {
  it('orders the classes as text, not as numbers', () => {
    expect(encodeLabels(column('9', '10', 'x'), lines(3), {}).classNames).toEqual(['10', '9', 'x']);
  });
});
