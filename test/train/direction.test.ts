import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../fixtures/source-files.ts';
import { directionOfMode, improvesBy, isBetter, minimizedValue, relativeBar, worstValue } from '../../src/train/direction.ts';

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

// Values where rounding, signs, infinities and NaN could tell two spellings of a rule apart.
const GRID = [-Infinity, -1e300, -2.5, -1, -0.1, -0, 0, 1e-300, 0.1, 0.9, 1, 1.1, 2.5, 1e300, Infinity, Number.NaN];

describe('the rules train ranks by', () => {
  it('directionOfMode maps Keras\' and PyTorch\'s min / max to minimize / maximize', () => {
    expect(directionOfMode('min')).toBe('minimize');
    expect(directionOfMode('max')).toBe('maximize');
  });

  it('improvesBy decides as early stopping did (sign · (value − best) < −minDelta), on every pair', () => {
    for (const [mode, sign] of [['min', 1], ['max', -1]] as const) {
      for (const margin of [0, 0.1, 1e-12, 2]) {
        for (const a of GRID) for (const b of GRID) expect(improvesBy(directionOfMode(mode), a, b, margin), `${mode} ${a} ${b} ${margin}`).toBe(sign * (a - b) < -margin);
      }
    }
  });

  it('improvesBy with no margin is isBetter', () => {
    for (const direction of ['minimize', 'maximize'] as const) for (const a of GRID) for (const b of GRID) expect(improvesBy(direction, a, b, 0)).toBe(isBetter(direction, a, b));
  });

  it('relativeBar and worstValue give the plateau schedule its old bar and start', () => {
    for (const t of [0, 1e-4, 0.5]) {
      for (const best of GRID) {
        expect(Object.is(relativeBar('minimize', best, t), best * (1 - t))).toBe(true);
        expect(Object.is(relativeBar('maximize', best, t), best * (1 + t))).toBe(true);
      }
    }
    expect(worstValue('minimize')).toBe(Infinity);
    expect(worstValue('maximize')).toBe(-Infinity);
    for (const v of GRID.filter((x) => Number.isFinite(x))) {
      expect(isBetter('minimize', v, worstValue('minimize'))).toBe(true);
      expect(isBetter('maximize', v, worstValue('maximize'))).toBe(true);
    }
  });
});

describe('one source for direction comparisons', () => {
  // A comparison spelled out inline (`direction === 'maximize' ? a > b : a < b`, a ±1 sign or a
  // ±∞ start picked from the direction, the same with Keras' and PyTorch's 'min' / 'max' modes)
  // is how the ten copies drifted apart; every ranking goes through src/train/direction.ts instead.
  const inline = new RegExp(
    [
      /===\s*'(?:minimize|maximize|min|max)'\s*\?\s*(?:-?1\b|-?Infinity\b|[^:;]*[<>]|(\w+)\s*:\s*-\1\b|-(\w+)\s*:\s*\2\b)/.source,
      /\b(?:maximi[sz]\w*|minimi[sz]\w*)\s*\?\s*-?1\s*:\s*-?1\b/.source,
    ].join('|'),
  );

  it('no file under src writes the comparison out by hand', () => {
    const offenders = sourceFiles('src')
      .filter((file) => file !== join('src', 'train', 'direction.ts'))
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
    expect(inline.test("this.best = mode === 'min' ? Infinity : -Infinity;")).toBe(true);
    expect(inline.test("const better = this.mode === 'min' ? value < this.best * (1 - this.threshold) : value > this.best * (1 + this.threshold);")).toBe(true);
    expect(inline.test('direction = maximise ? -1 : 1;')).toBe(true);
    expect(inline.test("`(${study.direction === 'maximize' ? 'higher' : 'lower'} is better)`")).toBe(false);
    expect(inline.test("if (mode !== 'min' && mode !== 'max') throw typeError(`${field}.mode`, \"'min' or 'max'\", mode);")).toBe(false);
  });
});
