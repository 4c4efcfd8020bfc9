// Python's JSON dialect as the journal reads and writes it: the bare NaN and Infinity tokens
// both ways, and a parse error that names what was expected and where (the journal storage puts
// it into its "line does not parse" message). JSON.parse reads every line without such tokens,
// so each input here holds one, forcing the small parser.
import { describe, expect, it } from 'vitest';
import { parsePythonJson, toPythonJson } from '../../../../src/tune/storage/journal/python-json.ts';

describe('toPythonJson', () => {
  it('writes non-finite numbers as Python does and finite ones as JSON does', () => {
    expect(toPythonJson(Number.NaN)).toBe('NaN');
    expect(toPythonJson(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(toPythonJson(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(toPythonJson(-0.5)).toBe('-0.5');
    expect(toPythonJson(1e21)).toBe('1e+21');
  });

  it('writes scalars, arrays and objects without spaces; undefined fields are left out and undefined items become null', () => {
    expect(toPythonJson(null)).toBe('null');
    expect(toPythonJson('a"b')).toBe('"a\\"b"');
    expect(toPythonJson(false)).toBe('false');
    expect(toPythonJson(true)).toBe('true');
    expect(toPythonJson([1, undefined, Number.NaN])).toBe('[1,null,NaN]');
    expect(toPythonJson([])).toBe('[]');
    expect(toPythonJson({})).toBe('{}');
    expect(toPythonJson({ a: 1, skip: undefined, 'k"': [Number.NEGATIVE_INFINITY], n: { x: null } })).toBe('{"a":1,"k\\"":[-Infinity],"n":{"x":null}}');
  });

  it('refuses what JSON has no value for, naming its type', () => {
    expect(() => toPythonJson(() => 1)).toThrow(new TypeError('journal record must hold JSON values, got Function'));
    expect(() => toPythonJson(undefined)).toThrow(new TypeError('journal record must hold JSON values, got undefined'));
    expect(() => toPythonJson({ a: 1n })).toThrow(new TypeError('journal record must hold JSON values, got BigInt'));
  });
});

describe('parsePythonJson', () => {
  it('reads standard JSON with JSON.parse', () => {
    expect(parsePythonJson('{"a": [1, "x", null]}')).toEqual({ a: [1, 'x', null] });
  });

  it('reads NaN, Infinity and -Infinity anywhere, with Python\'s spacing, nested objects and arrays', () => {
    const value = parsePythonJson(' { "a" : NaN , "b":[ Infinity,-Infinity , -1.5e-3, 0, 12, true, false, null ], "c": {}, "d": [], "e": {"f": "g\\"h\\u00e9"} } ') as Record<string, unknown>;
    expect(value['a']).toBeNaN();
    expect(value['b']).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.0015, 0, 12, true, false, null]);
    expect(value['c']).toEqual({});
    expect(value['d']).toEqual([]);
    expect(value['e']).toEqual({ f: 'g"hé' });
    expect(Object.keys(value)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads whitespace of every kind JSON allows between tokens', () => {
    expect(parsePythonJson('\t[\rNaN\n,\t1 ]\r\n')).toEqual([Number.NaN, 1]);
    expect(parsePythonJson('{\t"a"\n:\r1\t,"b": NaN}')).toEqual({ a: 1, b: Number.NaN });
    expect(parsePythonJson('[NaN, { }, [ ], {"a": [ ]}]')).toEqual([Number.NaN, {}, [], { a: [] }]);
  });

  it('keeps a key named __proto__ as an own field, as JSON.parse does, without touching the prototype', () => {
    const value = parsePythonJson('{"__proto__": {"polluted": 1}, "v": NaN}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')).toEqual({ value: { polluted: 1 }, enumerable: true, writable: true, configurable: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('names what it expected and the 1-based character where it stopped', () => {
    const fails = (text: string) => () => parsePythonJson(text);
    expect(fails('{NaN: 1}')).toThrow(new SyntaxError('expected a quoted key at character 2'));
    expect(fails('{"a" NaN}')).toThrow(new SyntaxError('expected ":" at character 6'));
    expect(fails('{"a": NaN "b": 1}')).toThrow(new SyntaxError('expected "," or "}" at character 11'));
    expect(fails('[NaN 1]')).toThrow(new SyntaxError('expected "," or "]" at character 6'));
    expect(fails('[NaN] x')).toThrow(new SyntaxError('expected the end of the line at character 7'));
    expect(fails('[NaN, nan]')).toThrow(new SyntaxError('expected a value at character 7'));
    expect(fails('[NaN, "a\u0001"]')).toThrow(new SyntaxError('expected a string at character 7'));
    expect(fails('[NaN, "\\x"]')).toThrow(new SyntaxError('expected a string at character 7'));
    expect(fails('[NaN, 01]')).toThrow(new SyntaxError('expected "," or "]" at character 8'));
    expect(fails('{"a": NaN,}')).toThrow(new SyntaxError('expected a quoted key at character 11'));
    expect(fails('[NaN')).toThrow(new SyntaxError('expected "," or "]" at character 5'));
  });

  it('reads numbers in every form JSON allows', () => {
    expect((parsePythonJson('[NaN, -0, 1.25, 2e3, 2E-3, 2e+3, 10]') as number[]).slice(1)).toEqual([-0, 1.25, 2000, 0.002, 2000, 10]);
  });
});
