// An option's rule and default, declared once. The library's checks, the per-step kernel checks,
// the config schema and the option tables in the docs are all read from a declaration, so they
// cannot drift apart: the interval, its open or closed ends and the sentence that names it
// travel together.
import { rangeError, typeError } from '../errors.ts';

/** A number in an interval, as written in the declaration: `[0, inf)`, `(0, 1]`, `[1, inf)` for integers. */
export interface NumberRule {
  readonly kind: 'number' | 'integer';
  readonly min: number;
  readonly minOpen: boolean;
  readonly max: number;
  readonly maxOpen: boolean;
  /**
   * The same set of finite doubles with both ends closed: `value >= lo && value <= hi` is the
   * whole range check (NaN and ±Infinity fail it), so the per-step checks compare two constants
   * and never call a helper that would box the double they check.
   */
  readonly lo: number;
  readonly hi: number;
  /** The rule as errors say it: `a finite number >= 0`, `in [0, 1)`, `an integer >= 1`. */
  readonly text: string;
}

export interface BooleanRule {
  readonly kind: 'boolean';
  readonly text: 'a boolean';
}

/** One of a few names: `'min' or 'max'`. */
export interface ChoiceRule<V extends string = string> {
  readonly kind: 'choice';
  readonly values: readonly V[];
  readonly text: string;
}

export type Rule = NumberRule | BooleanRule | ChoiceRule;

type ValueOfRule<R> = R extends BooleanRule ? boolean : R extends ChoiceRule<infer V> ? V : number;

/**
 * One option: its rule, its default and what it means, in PyTorch's terms. Without a default,
 * a required option must be given; any other is computed where it is used (the meaning says how).
 */
export interface OptionDeclaration<R extends Rule = Rule> {
  readonly rule: R;
  readonly default: ValueOfRule<R> | undefined;
  readonly required: boolean;
  readonly meaning: string;
}

export type OptionTable = Readonly<Record<string, OptionDeclaration>>;

/** The type of the values an option takes. */
export type OptionValue<O> = O extends OptionDeclaration<infer R> ? ValueOfRule<R> : never;

const bits = new Float64Array(1);
const words = new BigInt64Array(bits.buffer);

/** The next double above (`up`) or below a finite value. */
function nextDouble(value: number, up: boolean): number {
  if (value === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  bits[0] = value;
  words[0] = words[0]! + ((value > 0) === up ? 1n : -1n);
  return bits[0]!;
}

function parseEnd(text: string): number {
  const trimmed = text.trim();
  if (trimmed === 'inf') return Infinity;
  if (trimmed === '-inf') return -Infinity;
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) throw new SyntaxError(`an interval end must be a number, inf or -inf, got ${JSON.stringify(text)}`);
  return value;
}

function describeInterval(kind: NumberRule['kind'], min: number, minOpen: boolean, max: number, maxOpen: boolean): string {
  if (kind === 'integer') {
    if (max === Infinity) return `an integer >= ${min}`;
    return `an integer in [${min}, ${max}]`;
  }
  if (max === Infinity) return min === -Infinity ? 'a finite number' : `a finite number ${minOpen ? '>' : '>='} ${min}`;
  if (min === -Infinity) return `a finite number ${maxOpen ? '<' : '<='} ${max}`;
  return `in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
}

/** A rule from interval notation: `[0, 1)`, `(0, inf)`. Infinite ends are always open: every rule asks for a finite value. */
export function numberRule(interval: string, kind: NumberRule['kind'] = 'number'): NumberRule {
  const match = /^([[(])([^,]+),([^\])]+)([\])])$/.exec(interval.trim());
  if (!match) throw new SyntaxError(`an interval must read like [0, 1) or (0, inf), got ${JSON.stringify(interval)}`);
  const min = parseEnd(match[2]!);
  const max = parseEnd(match[3]!);
  const minOpen = match[1] === '(' || min === -Infinity;
  const maxOpen = match[4] === ')' || max === Infinity;
  if (kind === 'integer' && ((min !== -Infinity && (minOpen || !Number.isInteger(min))) || (max !== Infinity && (maxOpen || !Number.isInteger(max))))) {
    throw new SyntaxError(`an integer interval must have closed integer ends, got ${interval}`);
  }
  const lo = min === -Infinity ? -Number.MAX_VALUE : minOpen ? nextDouble(min, true) : min;
  const hi = max === Infinity ? Number.MAX_VALUE : maxOpen ? nextDouble(max, false) : max;
  if (!(lo <= hi)) throw new SyntaxError(`an interval must hold a value, got ${interval}`);
  return Object.freeze({ kind, min, minOpen, max, maxOpen, lo, hi, text: describeInterval(kind, min, minOpen, max, maxOpen) });
}

export const BOOLEAN: BooleanRule = Object.freeze({ kind: 'boolean', text: 'a boolean' });

/** A number option declared by its interval, default and meaning. */
export function numberOption(interval: string, defaultValue: number | undefined, meaning: string): OptionDeclaration<NumberRule> {
  return declare(numberRule(interval), defaultValue, meaning);
}

export function integerOption(interval: string, defaultValue: number | undefined, meaning: string): OptionDeclaration<NumberRule> {
  return declare(numberRule(interval, 'integer'), defaultValue, meaning);
}

export function booleanOption(defaultValue: boolean, meaning: string): OptionDeclaration<BooleanRule> {
  return Object.freeze({ rule: BOOLEAN, default: defaultValue, required: false, meaning });
}

/** One of `values`, named in errors as `'min' or 'max'`. */
export function choiceOption<V extends string>(values: readonly V[], defaultValue: V | undefined, meaning: string): OptionDeclaration<ChoiceRule<V>> {
  const quoted = values.map((v) => `'${v}'`);
  const text = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return declare(Object.freeze({ kind: 'choice', values, text }), defaultValue, meaning);
}

/** The same option, which must be given (no default). */
export function required<R extends Rule>(option: OptionDeclaration<R>): OptionDeclaration<R> & { readonly required: true } {
  if (option.default !== undefined) throw new SyntaxError(`a required option has no default, got ${String(option.default)}`);
  return Object.freeze({ ...option, required: true as const });
}

function declare<R extends Rule>(rule: R, defaultValue: ValueOfRule<R> | undefined, meaning: string): OptionDeclaration<R> {
  if (defaultValue !== undefined && !accepts(rule, defaultValue)) throw new SyntaxError(`a default must obey its rule (${rule.text}), got ${defaultValue}`);
  return Object.freeze({ rule, default: defaultValue, required: false, meaning });
}

/** The same option with another default (AdamW's weight decay, the momentum of 'nesterov'). */
export function withDefault<R extends Rule>(option: OptionDeclaration<R>, defaultValue: OptionDeclaration<R>['default']): OptionDeclaration<R> {
  return Object.freeze({ ...option, default: defaultValue });
}

export function accepts(rule: Rule, value: unknown): boolean {
  if (rule.kind === 'boolean') return typeof value === 'boolean';
  if (rule.kind === 'choice') return (rule.values as readonly unknown[]).includes(value);
  return typeof value === 'number' && value >= rule.lo && value <= rule.hi && (rule.kind === 'number' || Number.isInteger(value));
}

/** The error for a value the rule refuses: TypeError when it is not even of the rule's type. */
export function ruleError(field: string, rule: Rule, value: unknown): TypeError | RangeError {
  const rightType = rule.kind === 'boolean' ? typeof value === 'boolean' : rule.kind === 'choice' ? false : typeof value === 'number';
  return rightType ? rangeError(field, rule.text, value) : typeError(field, rule.text, value);
}

/**
 * Checks `value` (the default when undefined) against the declaration and returns what was
 * checked; undefined only for an option left out whose default is computed by the caller.
 */
export function checkOption<R extends Rule>(field: string, option: OptionDeclaration<R>, value: unknown): ValueOfRule<R> | undefined {
  const resolved = value === undefined ? option.default : value;
  if (resolved === undefined && !option.required) return undefined;
  if (!accepts(option.rule, resolved)) throw ruleError(field, option.rule, resolved);
  return resolved as ValueOfRule<R>;
}

/** checkOption for an option that always has a value (a default, or required). */
export function optionValue<R extends Rule>(field: string, option: OptionDeclaration<R>, value: unknown): ValueOfRule<R> {
  const checked = checkOption(field, option, value);
  if (checked === undefined) throw new SyntaxError(`${field} has no default; its caller computes one`);
  return checked;
}
