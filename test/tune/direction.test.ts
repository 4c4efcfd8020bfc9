import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBetter, minimizedValue } from '../../src/tune/direction.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('isBetter', () => {
  it('prefers the lower value when minimizing and the higher when maximizing', () => {
    expect(isBetter('minimize', 1, 2)).toBe(true);
    expect(isBetter('minimize', 2, 1)).toBe(false);
    expect(isBetter('maximize', 2, 1)).toBe(true);
    expect(isBetter('maximize', 1, 2)).toBe(false);
  });

  it('is strict: equal values are not better, whichever the direction', () => {
    expect(isBetter('minimize', 3, 3)).toBe(false);
    expect(isBetter('maximize', 3, 3)).toBe(false);
  });

  it('never ranks NaN above or below a number', () => {
    for (const direction of ['minimize', 'maximize'] as const) {
      expect(isBetter(direction, Number.NaN, 0)).toBe(false);
      expect(isBetter(direction, 0, Number.NaN)).toBe(false);
    }
  });
});

describe('minimizedValue', () => {
  it('keeps the value when minimizing and negates it when maximizing', () => {
    expect(minimizedValue('minimize', 0.25)).toBe(0.25);
    expect(minimizedValue('maximize', 0.25)).toBe(-0.25);
    expect(Object.is(minimizedValue('maximize', 0), -0)).toBe(true);
  });
});

describe('one source for direction comparisons', () => {
  // A comparison spelled out inline (`direction === 'maximize' ? a > b : a < b`, or a ±1 sign
  // picked from the direction) is how the ten copies drifted apart; every ranking goes through
  // src/tune/direction.ts instead.
  const inline = /===\s*'(?:minimize|maximize)'\s*\?\s*(?:-?1\b|[^:;]*[<>]|(\w+)\s*:\s*-\1\b|-(\w+)\s*:\s*\2\b)/;

  it('no file under src writes the comparison out by hand', () => {
    const offenders = sourceFiles('src')
      .filter((file) => file !== join('src', 'tune', 'direction.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
          .filter(({ text }) => inline.test(text)),
      )
      .map(({ file, line, text }) => `${file}:${line}: ${text}`);
    expect(offenders).toEqual([]);
  });

  it('the scan recognises the shapes it forbids', () => {
    expect(inline.test("direction === 'maximize' ? a > b : a < b")).toBe(true);
    expect(inline.test("this.direction === 'minimize' ? t.value < best.value! : t.value > best.value!")).toBe(true);
    expect(inline.test("const sign = study.direction === 'maximize' ? -1 : 1;")).toBe(true);
    expect(inline.test("return direction === 'minimize' ? value : -value;")).toBe(true);
    expect(inline.test("`(${study.direction === 'maximize' ? 'higher' : 'lower'} is better)`")).toBe(false);
  });
});
