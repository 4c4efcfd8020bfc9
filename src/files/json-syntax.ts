// Where JSON text breaks, described without quoting it. V8's own messages quote the text around
// the error (`Unexpected token 'r', "root:x:0:0:"... is not valid JSON`) and give no position
// for some errors, so a file that is not JSON would have its first bytes printed. This scanner
// runs only after JSON.parse has failed; it keeps an explicit stack, so deep nesting cannot
// overflow the call stack.

export interface JsonSyntaxProblem {
  /** 1-based line and column of the first character that breaks the grammar. */
  line: number;
  column: number;
  /** What is wrong, in words that never include the text: `unterminated string`. */
  problem: string;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Scans a string starting at the quote at `start`; returns the index after it, or a problem. */
function scanString(text: string, start: number): number | { at: number; problem: string } {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { at: start, problem: 'unterminated string (it starts here)' };
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        if (!HEX4.test(text.slice(i + 2, i + 6))) return { at: i, problem: 'bad \\u escape in a string' };
        i += 6;
      } else if (next !== undefined && ESCAPES.has(next)) {
        i += 2;
      } else {
        return { at: i, problem: 'bad escape in a string' };
      }
    } else if (c.charCodeAt(0) < 0x20) {
      return { at: i, problem: 'control character in a string' };
    } else {
      i++;
    }
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstProblem(text: string): { at: number; problem: string } | undefined {
  const stack: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) return expect === 'after' && stack.length === 0 ? undefined : { at: i, problem: 'unexpected end of input' };
    const c = text[i]!;
    if (expect === 'after') {
      const top = stack.at(-1);
      if (top === undefined) return { at: i, problem: 'unexpected text after the JSON value' };
      if (c === ',') {
        expect = top === '{' ? 'key' : 'value';
        i++;
      } else if (c === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else {
        return { at: i, problem: top === '{' ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element" };
      }
      continue;
    }
    if (expect === 'keyOrClose' || expect === 'key') {
      if (expect === 'keyOrClose' && c === '}') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (c !== '"') return { at: i, problem: 'expected a double-quoted property name' };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      while (isSpace(text[i])) i++;
      if (text[i] !== ':') return { at: i, problem: i >= text.length ? 'unexpected end of input' : "expected ':' after a property name" };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'valueOrClose' && c === ']') {
      stack.pop();
      i++;
      expect = 'after';
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return { at: i, problem: 'malformed number' };
      i = NUMBER.lastIndex;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal === undefined) return { at: i, problem: 'unexpected character' };
      i += literal.length;
    }
    expect = 'after';
  }
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const found = firstProblem(text);
  return found === undefined ? undefined : { ...lineColumn(text, found.at), problem: found.problem };
}

/**
 * JSON.parse, but a syntax error becomes `fail('line 3, column 7: unterminated string')`:
 * the position and the kind of problem, never the text.
 */
export function parseJsonText(text: string, fail: (message: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const found = jsonSyntaxProblem(text);
    // JSON.parse and the scanner agree on the grammar; if they ever did not, still quote nothing.
    throw fail(found === undefined ? 'not valid JSON' : `not valid JSON at line ${found.line}, column ${found.column}: ${found.problem}`);
  }
}
