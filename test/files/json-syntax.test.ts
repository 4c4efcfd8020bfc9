import { describe, expect, it } from 'vitest';
import { jsonSyntaxProblem, parseJsonText } from '../../src/files/json-syntax.ts';

describe('jsonSyntaxProblem', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' 0 ', '-1.5e+3', '"a\\u00e9\\n"', 'true', 'null', '{"a":[1,{"b":false}],"c":"x"}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonSyntaxProblem(text), text.slice(0, 20)).toBeUndefined();
    }
  });

  it.each([
    ['root:x:0:0:root:/root:/bin/bash\n', 1, 1, 'unexpected character'],
    ['{"a": 1,\n  }', 2, 3, 'expected a double-quoted property name'],
    ['{"a" 1}', 1, 6, "expected ':' after a property name"],
    ['[1, 2\n', 2, 1, 'unexpected end of input'],
    ['{"a": 1 "b": 2}', 1, 9, "expected ',' or '}' after a property value"],
    ['[1 2]', 1, 4, "expected ',' or ']' after an array element"],
    ['{"a": "secret', 1, 7, 'unterminated string (it starts here)'],
    ['"a\\x"', 1, 3, 'bad escape in a string'],
    ['"\\u12g4"', 1, 2, 'bad \\u escape in a string'],
    ['"a\tb"', 1, 3, 'control character in a string'],
    ['-x', 1, 1, 'malformed number'],
    ['{} {}', 1, 4, 'unexpected text after the JSON value'],
    ['', 1, 1, 'unexpected end of input'],
    [`${'['.repeat(100_000)}x`, 1, 100_001, 'unexpected character'],
  ])('%j: line %i, column %i, %s', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(jsonSyntaxProblem(text)).toEqual({ line, column, problem });
  });
});

describe('parseJsonText', () => {
  it('parses valid JSON and describes invalid JSON without quoting it', () => {
    expect(parseJsonText('{"a": [1]}', (m) => new Error(m))).toEqual({ a: [1] });
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    let message = '';
    try {
      parseJsonText(`${secret}\n`, (m) => new Error(m));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('not valid JSON at line 1, column 1: unexpected character');
    expect(message).not.toMatch(/root|bash/);
  });
});
