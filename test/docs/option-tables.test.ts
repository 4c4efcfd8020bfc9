// The README's option tables are the library's declarations, rendered: every optimizer, schedule
// and early-stopping option with its rule and default, between `<!-- options:NAME -->` markers.
// On a mismatch the message holds the table to paste.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OptionDeclaration, OptionTable } from '../../src/backend/option-rule.ts';
import { OPTIMIZER_NAMES, OPTIMIZER_OPTIONS } from '../../src/backend/optimizer-options.ts';
import { EARLY_STOPPING_OPTIONS, SCHEDULE_OPTIONS, SCHEDULE_TYPES } from '../../src/train/training-options.ts';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

function formatDefault(option: OptionDeclaration): string {
  if (option.required) return 'required';
  if (option.default === undefined) return '(see meaning)';
  return option.rule.kind === 'choice' ? `'${String(option.default)}'` : String(option.default);
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

function optimizerTable(): string {
  const keys = [...new Set(OPTIMIZER_NAMES.flatMap((type) => Object.keys(OPTIMIZER_OPTIONS[type])))];
  const lines = [row(['option', 'optimizers', 'rule', 'default', 'meaning']), row(['---', '---', '---', '---', '---'])];
  for (const key of keys) {
    const takers = OPTIMIZER_NAMES.filter((type) => key in OPTIMIZER_OPTIONS[type]);
    const declarations = takers.map((type) => OPTIMIZER_OPTIONS[type][key]!);
    // Where optimizers differ in the default, each default names its optimizers.
    const byDefault = new Map<string, string[]>();
    takers.forEach((type, i) => byDefault.set(formatDefault(declarations[i]!), [...(byDefault.get(formatDefault(declarations[i]!)) ?? []), type]));
    const defaults = byDefault.size === 1 ? [...byDefault.keys()][0]! : [...byDefault].map(([value, types]) => `${value} (${types.join(', ')})`).join('; ');
    const meanings = [...new Set(declarations.map((d) => d.meaning))].join('; ');
    lines.push(row([`\`${key}\``, takers.length === OPTIMIZER_NAMES.length ? 'all' : takers.join(', '), declarations[0]!.rule.text, defaults, meanings]));
  }
  return lines.join('\n');
}

function scheduleTable(): string {
  const lines = [row(['schedule', 'option', 'rule', 'default', 'meaning']), row(['---', '---', '---', '---', '---'])];
  for (const type of SCHEDULE_TYPES) {
    for (const [key, option] of Object.entries(SCHEDULE_OPTIONS[type] as OptionTable)) {
      lines.push(row([`\`${type}\``, `\`${key}\``, option.rule.text, formatDefault(option), option.meaning]));
    }
  }
  return lines.join('\n');
}

function earlyStoppingTable(): string {
  const lines = [row(['option', 'rule', 'default', 'meaning']), row(['---', '---', '---', '---'])];
  for (const [key, option] of Object.entries(EARLY_STOPPING_OPTIONS as OptionTable)) {
    lines.push(row([`\`${key}\``, option.rule.text, formatDefault(option), option.meaning]));
  }
  return lines.join('\n');
}

function section(name: string): string | undefined {
  const start = README.indexOf(`<!-- options:${name} -->\n`);
  const end = README.indexOf(`\n<!-- /options:${name} -->`);
  return start < 0 || end < start ? undefined : README.slice(start + `<!-- options:${name} -->\n`.length, end);
}

describe('README option tables', () => {
  it.each([
    ['optimizer', optimizerTable],
    ['schedule', scheduleTable],
    ['earlyStopping', earlyStoppingTable],
  ])('%s: the table is the declarations, rendered', (name, render) => {
    const expected = render();
    expect(section(name), `README.md needs, between <!-- options:${name} --> and <!-- /options:${name} -->:\n${expected}`).toBe(expected);
  });
});
