// The bundled datasets: shapes, classes, the fixed digits split, and the files' checksums.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/backend/package-root.ts';
import { DIGITS_MAX_PIXEL, loadDigits, loadDigitsSplit, loadFriedman1, loadIris, loadWine } from '../../src/data/builtin.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { classCounts } from '../../src/data/stratify.ts';
import { sameBits } from '../fixtures/same-bits.ts';

function counts(d: Dataset): number[] {
  return [...classCounts(d.y as Int32Array, d.classCount)];
}

describe('bundled datasets', () => {
  it('digits: 1797 × 64 pixel counts 0–16, 10 classes', () => {
    const d = loadDigits();
    expect([d.rows, d.features, d.classCount]).toEqual([1797, 64, 10]);
    expect(counts(d)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Math.max(...d.x)).toBe(DIGITS_MAX_PIXEL);
    expect(Math.min(...d.x)).toBe(0);
    expect(d.featureNames[9]).toBe('pixel_1_1');
    const scaled = loadDigits({ scale: 1 / DIGITS_MAX_PIXEL });
    expect(Math.max(...scaled.x)).toBe(1);
    expect(scaled.x[3]).toBeCloseTo(d.x[3]! / 16, 7);
    expect(() => loadDigits({ scale: 0 })).toThrow('scale must be a finite positive number, got 0');
    expect(() => loadDigits({ scale: Infinity })).toThrow('scale must be a finite positive number, got Infinity');
    expect(() => loadDigits({ scale: '2' as never })).toThrow('scale must be a finite positive number, got "2"');
  });

  it('iris: 150 × 4, 3 named classes of 50', () => {
    const d = loadIris();
    expect([d.rows, d.features, d.classCount]).toEqual([150, 4, 3]);
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(counts(d)).toEqual([50, 50, 50]);
    expect([...d.row(0)]).toEqual([...new Float32Array([5.1, 3.5, 1.4, 0.2])]);
  });

  it('wine: 178 × 13, 3 classes of 59, 71, 48', () => {
    const d = loadWine();
    expect([d.rows, d.features, d.classCount]).toEqual([178, 13, 3]);
    expect(d.classNames).toEqual(['class_0', 'class_1', 'class_2']);
    expect(counts(d)).toEqual([59, 71, 48]);
    expect(d.featureNames[0]).toBe('alcohol');
  });

  it('friedman1: 1000 × 10 features on [0, 1], a real target of mean ≈ 14.2 and std ≈ 4.9', () => {
    const d = loadFriedman1();
    expect([d.rows, d.features, d.outputs, d.task]).toEqual([1000, 10, 1, 'regression']);
    expect(d.featureNames).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9']);
    expect(Math.min(...d.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d.x)).toBeLessThanOrEqual(1);
    const y = [...d.y];
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const std = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    expect(mean).toBeCloseTo(14.2, 1);
    expect(std).toBeCloseTo(4.9, 1);
    expect(d.y[0]).toBeCloseTo(15.5048, 4);
  });

  it('the digits split has the JSON sizes, covers every row once and is stratified', () => {
    const json = JSON.parse(readFileSync(packagePath('data/digits_split.json'), 'utf8')) as { train: number[]; test: number[] };
    const s = loadDigitsSplit();
    expect([s.train.rows, s.test.rows]).toEqual([json.train.length, json.test.length]);
    expect([s.train.rows, s.test.rows]).toEqual([1437, 360]);
    expect([...s.indices.test]).toEqual(json.test);
    expect(new Set([...s.indices.train, ...s.indices.test]).size).toBe(1797);
    const all = counts(loadDigits());
    counts(s.test).forEach((c, k) => expect(Math.abs(c - all[k]! * 0.2)).toBeLessThan(1));
    expect(Math.max(...loadDigitsSplit({ scale: 1 / 16 }).train.x)).toBe(1);
  });

  it('each load hands out arrays of its own: writing into one leaves the next load as the file has it', () => {
    for (const load of [loadIris, loadWine, loadFriedman1, () => loadDigits(), () => loadDigits({ scale: 1 / 16 })]) {
      const first = load();
      const x0 = first.x[0]!;
      const y0 = first.y[0]!;
      first.x.fill(-7);
      first.y.fill(2);
      const second = load();
      expect(second.x).not.toBe(first.x);
      expect([second.x[0], second.y[0]]).toEqual([x0, y0]);
      expect(second.x.includes(-7)).toBe(false);
    }
    // The scaled digits are the raw ones times the scale, in float32, as they were before any load.
    const raw = loadDigits().x;
    const scaled = loadDigits({ scale: 1 / 16 }).x;
    expect(sameBits(scaled, raw.map((v) => v / 16))).toBe(true);
  });

  it('the files are the ones data/README.md lists', () => {
    const readme = readFileSync(packagePath('data/README.md'), 'utf8');
    for (const name of ['digits.csv', 'friedman1.csv', 'iris.csv', 'wine.csv']) {
      const sha = createHash('sha256').update(readFileSync(packagePath(`data/${name}`))).digest('hex');
      expect(readme).toContain(`| ${name} |`);
      expect(readme).toContain(sha);
    }
  });
});
