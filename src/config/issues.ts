// Turns zod's issues into hyperprop's error sentences: the dotted path, the rule, the value
// (`model.hidden[0].units must be an integer >= 1, got 0`). zod's own messages name neither
// the path nor the value, and configs are written by people who need both.
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.ts';
import { closestName } from './closest-name.ts';
import { knownKeys } from './known-keys.ts';
import { INTEGER_BOUND } from './rules.ts';

type Issue = z.core.$ZodIssue;

/** `['model', 'hidden', 0, 'units']` → `model.hidden[0].units`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'config' : out;
}

/** A value as it would be written in the config: JSON, shortened. */
export function describeConfigValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const ARTICLES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'array') return small ? `a list of at least ${limit} item${limit === 1 ? '' : 's'}` : `a list of at most ${limit} items`;
  if (issue.origin === 'string') return small ? 'a non-empty string' : `a string of at most ${limit} characters`;
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `${issue.origin === 'int' || issue.message === INTEGER_BOUND ? 'an integer' : 'a number'} ${op} ${limit}`;
}

/** The branch of a failed union that matched the value's shape (fewest type mismatches). */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestScore = Infinity;
  for (const branch of branches) {
    const score = branch.filter((i) => i.code === 'invalid_type' || i.code === 'invalid_value').length * 100 + branch.length;
    if (score < bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function issueRule(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return ARTICLES[issue.expected] ?? `of type ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_value':
      return issue.values.length === 1 ? describeConfigValue(issue.values[0]) : `one of ${issue.values.map((v) => describeConfigValue(v)).join(', ')}`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return issue.pattern === undefined ? `a ${issue.format}` : `a string matching ${issue.pattern}`;
    default:
      return undefined;
  }
}

/**
 * One or more sentences for one issue, with paths relative to `prefix`. With the `schema` that
 * raised it (the root one), an unknown key gets the closest known name at its level.
 */
export function formatIssue(issue: Issue, prefix: readonly PropertyKey[] = [], schema?: z.ZodType): ConfigIssue[] {
  const fullPath = [...prefix, ...issue.path];
  const path = formatPath(fullPath);
  if (issue.code === 'invalid_union') {
    const branch = closestBranch(issue.errors);
    if (issue.discriminator !== undefined || branch === undefined || branch.length === 0) {
      const key = issue.discriminator;
      const input = issue.input as Record<string, unknown> | undefined;
      const got = key !== undefined && input !== null && typeof input === 'object' ? input[key] : issue.input;
      // zod already ends the path with the discriminator key.
      const where = key === undefined || fullPath.at(-1) === key ? path : formatPath([...fullPath, key]);
      const options = (issue as { options?: readonly unknown[] }).options?.map((o) => describeConfigValue(o));
      const rule = options === undefined ? 'one of the allowed forms' : options.length === 1 ? options[0]! : `one of ${options.join(', ')}`;
      return [{ path: where, message: `${where} must be ${rule}, got ${describeConfigValue(got)}` }];
    }
    return branch.flatMap((inner) => formatIssue(inner, fullPath, schema));
  }
  if (issue.code === 'unrecognized_keys') {
    const given = issue.input !== null && typeof issue.input === 'object' ? Object.keys(issue.input) : [];
    const known = schema === undefined ? [] : knownKeys(schema, fullPath, issue.input).filter((k) => !given.includes(k));
    return issue.keys.map((key) => {
      const at = formatPath([...fullPath, key]);
      const near = closestName(key, known);
      return { path: at, message: near === undefined ? `${at} is not a known setting (check its spelling and level)` : `${at} is not a known setting; did you mean ${JSON.stringify(near)}?` };
    });
  }
  if (issue.code === 'invalid_key') {
    // zod ends the path with the bad key itself; the rule is the key schema's.
    const parent = formatPath(fullPath.slice(0, -1));
    const rule = issue.issues.map((inner) => issueRule(inner)).find((r) => r !== undefined) ?? 'a valid name';
    return [{ path: parent, message: `${parent} keys must be ${rule}, got ${describeConfigValue(issue.input)}` }];
  }
  if (issue.code === 'custom') {
    // Our refinements put the whole rule in the message and the offending value in params.
    const value = issue.params !== undefined && 'value' in issue.params ? issue.params.value : issue.input;
    return [{ path, message: `${path} ${issue.message}, got ${describeConfigValue(value)}` }];
  }
  const rule = issueRule(issue);
  return [{ path, message: `${path} must be ${rule ?? issue.message}, got ${describeConfigValue(issue.input)}` }];
}

export function formatIssues(issues: readonly Issue[], schema?: z.ZodType): ConfigIssue[] {
  return issues.flatMap((issue) => formatIssue(issue, [], schema));
}
