// CSV files to datasets, read from real temporary files; errors name file, line and column.
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsv, loadCsvWithAside, parseCsv } from '../../src/data/csv.ts';
import { DataError, FileError } from '../../src/errors.ts';
import { tempFolder } from './temp-files.ts';
import { errorOf } from '../fixtures/error-of.ts';

const file = tempFolder();

const WINE_LIKE = ['alcohol,ash,class', '14.2,2.4,b', '13.2,2.1,a', '13.1,2.6,c', '12.9,2.2,a'].join('\n');

describe('loadCsv', () => {
  it('reads features, maps string labels to sorted class indices and keeps the names', () => {
    const d = loadCsv(file('strings.csv', WINE_LIKE + '\n'), { label: 'class' });
    expect([d.rows, d.features, d.classCount]).toEqual([4, 2, 3]);
    expect(d.featureNames).toEqual(['alcohol', 'ash']);
    expect(d.classNames).toEqual(['a', 'b', 'c']);
    expect([...d.y]).toEqual([1, 0, 2, 0]);
    expect([...d.x]).toEqual([...new Float32Array([14.2, 2.4, 13.2, 2.1, 13.1, 2.6, 12.9, 2.2])]);
  });

  it('keeps non-negative integer labels as class indices', () => {
    const d = parseCsv('a,b,y\n1,2,0\n3,4,3\n', { label: 'y' });
    expect([...d.y]).toEqual([0, 3]);
    expect(d.classNames).toEqual(['0', '1', '2', '3']);
  });

  it('maps negative integers in numeric order', () => {
    const d = parseCsv('a,y\n1,1\n2,-1\n3,10\n', { label: 'y' });
    expect(d.classNames).toEqual(['-1', '1', '10']);
    expect([...d.y]).toEqual([1, 0, 2]);
  });

  it('infers classes from integer labels only while they make at most 20 classes', () => {
    const csv = (labels: number[]) => ['a,y', ...labels.map((y, i) => `${i},${y}`)].join('\n');
    expect(parseCsv(csv([0, 19, 3]), { label: 'y' }).task).toBe('classification'); // 20 classes (max + 1)
    expect(parseCsv(csv([0, 20, 3]), { label: 'y' }).task).toBe('regression'); // 21 classes
    expect(parseCsv(csv([0, 5, 1000]), { label: 'y' }).task).toBe('regression'); // indices: 1001 classes
    const negatives = Array.from({ length: 21 }, (_, i) => i - 10);
    expect(parseCsv(csv(negatives), { label: 'y' }).task).toBe('regression'); // 21 distinct values
    expect(parseCsv(csv(negatives.slice(1)), { label: 'y' }).task).toBe('classification');
    expect(parseCsv(csv([0, 20, 3]), { label: 'y', task: 'classification' }).classCount).toBe(21);
    const names = Array.from({ length: 30 }, (_, i) => `c${i}`);
    expect(parseCsv(csv([0, 29, 3]), { label: 'y', classNames: names }).classCount).toBe(30);
  });

  it('finds the label by index, negative from the end, and detects a missing header', () => {
    const d = parseCsv('7,1.5,2\n8,2.5,3\n', { label: 0 });
    expect(d.featureNames).toEqual(['column_1', 'column_2']);
    expect([...d.y]).toEqual([7, 8]);
    const last = parseCsv('x,y,label\n1,2,0\n3,4,1\n', { label: -1 });
    expect(last.featureNames).toEqual(['x', 'y']);
    const noHeaderStrings = parseCsv('1,2,cat\n3,4,dog\n', { label: -1 });
    expect([noHeaderStrings.rows, ...noHeaderStrings.classNames]).toEqual([2, 'cat', 'dog']);
    expect(parseCsv('1,2,0\n3,4,1\n', { label: -1, header: true }).rows).toBe(1);
  });

  it('infers regression from fractional labels, or takes it when asked; several labels give several outputs', () => {
    const frac = parseCsv('a,t\n1,0.5\n2,1.25\n', { label: 't' });
    expect([frac.task, ...frac.y]).toEqual(['regression', 0.5, 1.25]);
    expect(parseCsv('a,t\n1,3\n2,4\n', { label: 't', task: 'regression' }).y).toBeInstanceOf(Float32Array);
    const multi = parseCsv('u,a,v\n1,2,3\n4,5,6\n', { label: ['u', 'v'] });
    expect([multi.outputs, ...multi.y, ...multi.x]).toEqual([2, 1, 3, 4, 6, 2, 5]);
  });

  it('orders classes by classNames, by name or by index', () => {
    const d = parseCsv('a,s\n1,virginica\n2,setosa\n3,1\n', { label: 's', classNames: ['setosa', 'versicolor', 'virginica'] });
    expect([...d.y]).toEqual([2, 0, 1]);
    expect(errorOf(() => parseCsv('a,s\n1,rose\n', { label: 's', classNames: ['setosa', 'virginica'] })).message).toBe(
      'line 2, column "s": the cell must be one of the classNames ("setosa", "virginica") or an index in [0, 2), got text of 4 characters',
    );
  });

  it('honours the delimiter, quotes, CRLF, a BOM and blank lines', () => {
    const d = parseCsv('\uFEFF"a";"b";y\r\n1;2;0\r\n\r\n  \r\n3;"4";1\r\n', { label: 'y', delimiter: ';' });
    expect([d.rows, ...d.x]).toEqual([2, 1, 2, 3, 4]);
  });
});

describe('loadCsv errors', () => {
  it('ragged rows name the line', () => {
    const lines = ['a,b,c,y', '1,2,3,0', '1,2,3,0', '1,2,3,0', '', '1,2,3,0', '1,2,0', '1,2,3,0'];
    const path = file('ragged.csv', lines.join('\n'));
    const error = errorOf(() => loadCsv(path, { label: 'y' }));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(`${path}: line 7: expected 4 cells, got 3`);
    expect([(error as DataError).line, (error as DataError).source]).toEqual([7, path]);
  });

  it('non-numeric cells name the line and the column, and describe the cell without quoting it', () => {
    const rows = Array.from({ length: 10 }, () => '13.2,1.8,0');
    rows[10] = 'abc,1.8,0';
    const path = file('text.csv', ['alcohol,malic_acid,class', ...rows].join('\n'));
    expect(errorOf(() => loadCsv(path, { label: 'class' })).message).toBe(`${path}: line 12, column "alcohol": the cell must be a decimal number, got text of 3 characters`);
    expect(errorOf(() => parseCsv('a,b\n,0\n', { label: 'b' })).message).toBe('line 2, column "a": the cell must be a decimal number, got an empty cell');
    expect(errorOf(() => parseCsv('a,b\n0x10,0\n', { label: 'b' })).message).toBe('line 2, column "a": the cell must be a decimal number, got text of 4 characters');
    expect(errorOf(() => parseCsv('a,b\n1e39,0\n', { label: 'b' })).message).toBe('line 2, column "a": the cell must be within the float32 range (magnitude below 3.4e38), got a number outside it');
    expect(errorOf(() => parseCsv('a,t\n1,2.5\n2,x\n', { label: 't', task: 'regression' })).message).toBe(
      'line 3, column "t": the cell must be a decimal number, got text of 1 character',
    );
  });

  it('an empty label names the line and the column', () => {
    const rows = ['alcohol,class', '1,0', '1,0', '1,0', '1,0', '1,0', '1,0', '1,0', '1,', '1,0'];
    const path = file('missing-label.csv', rows.join('\n'));
    expect(errorOf(() => loadCsv(path, { label: 'class' })).message).toBe(`${path}: line 9: label column "class" is empty`);
  });

  it('an unknown label column says how many columns there are, without quoting the header', () => {
    const path = file('names.csv', WINE_LIKE);
    expect(errorOf(() => loadCsv(path, { label: 'klass' })).message).toBe(
      `${path}: label column "klass" must be a name in the header or a column index in [-3, 3), got a header of 3 columns without it`,
    );
    expect(errorOf(() => parseCsv('1,2\n3,4\n', { label: 'y', header: false })).message).toBe(
      'label column "y" must be a column index in [-2, 2) (the file has no header), got a name',
    );
    expect(errorOf(() => parseCsv('a,b\n1,2\n', { label: 2 })).message).toBe('label must be a column index in [-2, 2) or a column name, got 2');
    expect(errorOf(() => parseCsv('y,y\n1,2\n', { label: 'y' })).message).toBe('line 1: label column "y" appears 2 times in the header');
  });

  it('empty files and header-only files', () => {
    const empty = file('empty.csv', '');
    expect(errorOf(() => loadCsv(empty, { label: 'y' })).message).toBe(`${empty}: file is empty`);
    expect(errorOf(() => parseCsv('\n  \n\n', { label: 0 })).message).toBe('file is empty');
    expect(errorOf(() => parseCsv('a,y\n', { label: 'y' })).message).toBe('no data rows after the header');
    expect(errorOf(() => parseCsv('y\n1\n', { label: 'y' })).message).toBe(`label must be fewer columns than the file's 1, leaving at least one feature, got "y"`);
  });

  it('a quote left open is reported with its line', () => {
    const error = errorOf(() => parseCsv('a,y\n1,0\n"2,1\n', { label: 'y' }));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe('line 3: a quoted cell must be closed, got a quote that is never closed');
    expect(errorOf(() => parseCsv('a,y\n1"s3cr3t",0\n', { label: 'y' })).message).toBe('line 2: a quote must open a cell, got one inside a cell');
    expect(errorOf(() => parseCsv('a,y\n"1"s3cr3t,0\n', { label: 'y' })).message).toBe('line 2: a closing quote must end its cell, got more text after it');
  });

  it('never quotes the content of a file that is not the CSV it should be', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    const path = file('passwd', secret);
    const messages = [
      errorOf(() => loadCsv(path, { label: 'shell' })).message,
      errorOf(() => loadCsv(path, { label: 'shell', delimiter: ':' })).message,
      errorOf(() => loadCsv(path, { label: 0, delimiter: ':' })).message,
      errorOf(() => loadCsv(path, { label: 0, delimiter: ':', header: false })).message,
    ];
    expect(messages[1]).toBe(`${path}: label column "shell" must be a name in the header or a column index in [-7, 7), got a header of 7 columns without it`);
    expect(messages[3]).toBe(`${path}: line 1, column "column_1": the cell must be a decimal number, got text of 1 character`);
    for (const message of messages) expect(message).not.toMatch(/daemon|nologin|bash|usr|sbin/);
  });

  it('refuses a FIFO, a device, a directory and an oversize file before reading, within 100 ms', () => {
    const folder = dirname(file('x.csv', 'a,y\n1,0\n'));
    const fifo = join(folder, 'data.fifo');
    execFileSync('mkfifo', [fifo]);
    const sub = join(folder, 'sub');
    mkdirSync(sub);
    const sparse = file('sparse.csv', '');
    truncateSync(sparse, 256 * 1024 ** 2 + 1);
    const small = file('small.csv', 'a,y\n1,0\n2,1\n');
    const cases: [() => unknown, string][] = [
      [() => loadCsv(fifo, { label: 'y' }), `CSV file ${JSON.stringify(fifo)} must be a regular file, got a FIFO (named pipe)`],
      [() => loadCsv('/dev/zero', { label: 'y' }), 'CSV file "/dev/zero" must be a regular file, got a character device'],
      [() => loadCsv(sub, { label: 'y' }), `CSV file ${JSON.stringify(sub)} must be a regular file, got a directory`],
      [() => loadCsv(sparse, { label: 'y' }), `CSV file ${JSON.stringify(sparse)} must be at most ${256 * 1024 ** 2} bytes, got ${256 * 1024 ** 2 + 1} bytes`],
      [() => loadCsv(small, { label: 'y', maxBytes: 8, what: 'data.csv' }), `data.csv ${JSON.stringify(small)} must be at most 8 bytes, got 12 bytes`],
    ];
    for (const [load, message] of cases) {
      const start = performance.now();
      const error = errorOf(load);
      expect(performance.now() - start, message).toBeLessThan(100);
      expect(error).toBeInstanceOf(FileError);
      expect(error.message).toBe(message);
    }
    expect(loadCsv(small, { label: 'y', maxBytes: 12 }).rows).toBe(2);
  });

  it('a missing file names the file system error', () => {
    expect(errorOf(() => loadCsv('/nonexistent/hyperprop.csv', { label: 0 })).message).toBe('CSV file "/nonexistent/hyperprop.csv" must be readable, got ENOENT (no such file)');
  });
});

describe('loadCsvWithAside (a split column)', () => {
  it('keeps the column out of the features and returns its cells with their lines', () => {
    const path = file('aside.csv', 'a,fold,b,y\n1,train,2,0\n\n3,test,4,1\n');
    const { dataset, aside } = loadCsvWithAside(path, { label: 'y' }, 'fold');
    expect([dataset.featureNames, Array.from(dataset.x)]).toEqual([['a', 'b'], [1, 2, 3, 4]]);
    expect(aside).toEqual({ name: 'fold', cells: ['train', 'test'], lines: [2, 4] });
  });

  it('refuses the label column as the split column, and a file without a header', () => {
    const path = file('aside-label.csv', 'a,y\n1,0\n2,1\n');
    expect(() => loadCsvWithAside(path, { label: 'y' }, 'y')).toThrow('split column "y" must differ from the label column, got the label column');
    expect(() => loadCsvWithAside(path, { label: -1, header: false }, 'a')).toThrow('split column "a" must be a name in the header, got a file without a header');
  });
});

describe('CSV options', () => {
  it('names a missing or malformed options object, from every entry point', () => {
    const path = file('options.csv', 'a,y\n1,0\n2,1\n');
    const message = 'options must be an object with a label column, got undefined';
    expect(errorOf(() => loadCsv(path, undefined as never))).toEqual(new TypeError(message));
    expect(errorOf(() => loadCsvWithAside(path, undefined as never, 'a')).message).toBe(message);
    expect(errorOf(() => parseCsv('a,y\n1,0\n', null as never)).message).toBe('options must be an object with a label column, got null');
    expect(errorOf(() => parseCsv('a,y\n1,0\n', 'y' as never)).message).toBe('options must be an object with a label column, got "y"');
  });

  it('checks label and header', () => {
    expect(errorOf(() => parseCsv('a,y\n1,0\n', { label: [] }))).toEqual(new RangeError('label must be a column name, a column index or a non-empty list of them, got Array(0)'));
    expect(errorOf(() => parseCsv('a,y\n1,0\n', { label: 'y', header: 'yes' as never }))).toEqual(new TypeError('header must be a boolean, got "yes"'));
    expect(errorOf(() => parseCsv('a,b,y\n1,2,0\n', { label: ['y', -1] })).message).toBe('label must be distinct columns, got "y, -1"');
    expect(errorOf(() => parseCsv('1,2\n3,4\n', { label: [0, 1] })).message).toBe(`label must be fewer columns than the file's 2, leaving at least one feature, got "0, 1"`);
    expect(errorOf(() => parseCsv('a,y\n1,0\n', { label: 1.5 })).message).toBe('label must be a column index in [-2, 2) or a column name, got 1.5');
    expect(errorOf(() => parseCsv('a,y\n1,0\n', { label: -3 })).message).toBe('label must be a column index in [-2, 2) or a column name, got -3');
    expect(errorOf(() => parseCsv('a,y\n1,0\n', { label: true as never }))).toEqual(new TypeError('label must be a column name or a column index, got true'));
  });

  it('reads the first column by its negative index', () => {
    const d = parseCsv('y,a\n0,1\n1,2\n', { label: -2 });
    expect([d.featureNames, [...d.y]]).toEqual([['a'], [0, 1]]);
  });

  it('names an unnamed header cell by its index', () => {
    expect(parseCsv('a,,y\n1,2,0\n', { label: 'y' }).featureNames).toEqual(['a', 'column_1']);
  });

  it('a label given by name means the first line is a header, even when it is all numbers', () => {
    expect(errorOf(() => parseCsv('1,2\n3,4\n', { label: 'y' })).message).toBe(
      'label column "y" must be a name in the header or a column index in [-2, 2), got a header of 2 columns without it',
    );
    expect(errorOf(() => parseCsv('1,2,3\n4,5,6\n', { label: [0, 'c'] })).message).toBe(
      'label column "c" must be a name in the header or a column index in [-3, 3), got a header of 3 columns without it',
    );
  });

  it('looks for a header outside the label column only, the label found by a non-negative index', () => {
    const d = parseCsv('cat,1.5\ndog,2.5\n', { label: 0 });
    expect([d.rows, d.classNames]).toEqual([2, ['cat', 'dog']]);
  });

  it('a header-only file names the file', () => {
    const path = file('header-only.csv', 'a,y\n');
    expect(errorOf(() => loadCsv(path, { label: 'y' })).message).toBe(`${path}: no data rows after the header`);
  });
});

describe('loadCsvWithAside errors', () => {
  it('takes the first column as the split column', () => {
    const path = file('aside-first.csv', 'fold,a,y\ntrain,1,0\ntest,2,1\n');
    const { dataset, aside } = loadCsvWithAside(path, { label: 'y' }, 'fold');
    expect([dataset.featureNames, aside.cells]).toEqual([['a'], ['train', 'test']]);
  });

  it('names the file and the header line of a split column that is missing, repeated or the label', () => {
    const path = file('aside-bad.csv', 'fold,a,fold,y\ntrain,1,test,0\n');
    expect(errorOf(() => loadCsvWithAside(path, { label: 'y' }, 'split')).message).toBe(
      `${path}: line 1: split column "split" must be a name in the header, got a header of 4 columns without it`,
    );
    expect(errorOf(() => loadCsvWithAside(path, { label: 'y' }, 'fold')).message).toBe(`${path}: line 1: split column "fold" appears more than once in the header`);
    expect(errorOf(() => loadCsvWithAside(path, { label: 'y' }, 'y')).message).toBe(
      `${path}: line 1: split column "y" must differ from the label column, got the label column`,
    );
    const noHeader = file('aside-no-header.csv', '1,0\n2,1\n');
    expect(errorOf(() => loadCsvWithAside(noHeader, { label: -1, header: false }, 'a')).message).toBe(
      `${noHeader}: split column "a" must be a name in the header, got a file without a header`,
    );
    const onlyAside = file('aside-only.csv', 'fold,y\ntrain,0\n');
    expect(errorOf(() => loadCsvWithAside(onlyAside, { label: 'y' }, 'fold'))).toEqual(new RangeError('label must be columns leaving at least one feature, got "y"'));
  });
});
