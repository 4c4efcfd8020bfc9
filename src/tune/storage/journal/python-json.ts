// The JSON dialect of Python's json module, which writes Optuna's journal: standard JSON plus the
// bare tokens NaN, Infinity and -Infinity (an intermediate value may be infinite, a Python
// worker may report NaN). JSON.parse reads every line that has none of them; the rest go through
// the small parser below. Writing emits the same tokens, so Python reads back what it would write.
import { describeValue } from '../../../errors.ts';

/** One line's JSON text, with non-finite numbers written as Python writes them. */
export function toPythonJson(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => toPythonJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${toPythonJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`journal record must hold JSON values, got ${describeValue(value)}`);
}

/** Parses one line; throws a SyntaxError naming the offset of the first character it cannot read. */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new Parser(text).document();
  }
}

const LITERALS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail('the end of the line');
    return value;
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.number();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.eat('}')) return out;
    do {
      this.space();
      if (this.text[this.at] !== '"') this.fail('a quoted key');
      const key = this.string();
      this.space();
      if (!this.eat(':')) this.fail('":"');
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
    } while (this.eat(','));
    if (!this.eat('}')) this.fail('"," or "}"');
    return out;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    this.space();
    if (this.eat(']')) return out;
    do {
      out.push(this.value());
      this.space();
    } while (this.eat(','));
    if (!this.eat(']')) this.fail('"," or "]"');
    return out;
  }

  private string(): string {
    return JSON.parse(this.match(STRING, 'a string')) as string;
  }

  private number(): number {
    return Number(this.match(NUMBER, 'a value'));
  }

  private match(pattern: RegExp, what: string): string {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (found === null) this.fail(what);
    this.at = pattern.lastIndex;
    return found[0];
  }

  private space(): void {
    SPACE.lastIndex = this.at;
    SPACE.exec(this.text);
    this.at = SPACE.lastIndex;
  }

  private eat(c: string): boolean {
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  private fail(what: string): never {
    throw new SyntaxError(`expected ${what} at character ${this.at + 1}`);
  }
}
