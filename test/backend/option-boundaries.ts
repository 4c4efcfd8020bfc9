// The values that probe an option's rule: just outside, on and just inside each end (one double
// apart), the infinities, NaN and values of the wrong type; and what the declaration says of them,
// read from the interval itself rather than from the rule's derived ends. The outcomes are what
// each place that checks an option says of a value: accepted, or the rule it names.
import { expect } from 'vitest';
import type { OptionDeclaration } from '../../src/backend/option-rule.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { ConfigError, fieldFacts } from '../../src/errors.ts';

export function nextDouble(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const bits = new Float64Array([x]);
  const words = new BigInt64Array(bits.buffer);
  words[0] = words[0]! + ((x > 0) === up ? 1n : -1n);
  return bits[0]!;
}

export function boundaryValues(option: OptionDeclaration): unknown[] {
  if (option.rule.kind === 'boolean') return [true, false, 0, 'true', null];
  if (option.rule.kind === 'choice') return [...option.rule.values, 'other', 1, null];
  const { min, max, kind } = option.rule;
  const ends = [
    ...(min === -Infinity ? [-Infinity, -Number.MAX_VALUE] : [nextDouble(min, false), min, nextDouble(min, true)]),
    ...(max === Infinity ? [Number.MAX_VALUE, Infinity] : [nextDouble(max, false), max, nextDouble(max, true)]),
  ];
  // Integer rules: the neighbouring integers and a fraction next to each finite end.
  const integers = kind === 'integer' ? [min - 1, min + 1, min + 0.5, ...(max === Infinity ? [] : [max - 1, max + 1])] : [];
  return [...ends, ...integers, NaN, '0.5', null];
}

export function obeys(option: OptionDeclaration, value: unknown): boolean {
  const rule = option.rule;
  if (rule.kind === 'boolean') return typeof value === 'boolean';
  if (rule.kind === 'choice') return (rule.values as readonly unknown[]).includes(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.kind === 'integer' && !Number.isInteger(value)) return false;
  return (rule.minOpen ? value > rule.min : value >= rule.min) && (rule.maxOpen ? value < rule.max : value <= rule.max);
}

/** The rule of a `<field> must be <rule>, got <value>` sentence. */
export const ruleOf = (message: string, field: string) => message.slice(`${field} must be `.length, message.lastIndexOf(', got '));

export type Outcome = 'accepted' | { rule: string };

/** What the declaration says of `value`. */
export const expectedOutcome = (option: OptionDeclaration, value: unknown): Outcome => (obeys(option, value) ? 'accepted' : { rule: option.rule.text });

/** What the config schema says of a config (data: iris added), read from the issue at `path`. */
export function configOutcome(config: object, path: string): Outcome {
  try {
    validateConfig({ data: { builtin: 'iris' }, ...config });
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((i) => i.path === path);
    expect(issue, (error as Error).message).toBeDefined();
    return { rule: ruleOf(issue!.message, path) };
  }
}

/** What a library call says, read from the field facts of its error, which must name `field`. */
export function libraryOutcome(call: () => unknown, field: string): Outcome {
  try {
    call();
    return 'accepted';
  } catch (error) {
    expect(fieldFacts(error)?.field, (error as Error).message).toBe(field);
    return { rule: fieldFacts(error)!.rule };
  }
}
