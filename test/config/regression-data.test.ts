// The regression side of the data section: the bundled friedman1 set is reachable from a config.
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/config/load-data.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';

describe('data: builtin friedman1', () => {
  it('loads as a 1000-row regression set and splits unstratified', () => {
    const config = validateConfig({ data: { builtin: 'friedman1', split: { test: 0.2, seed: 1 } } });
    const prepared = loadData(config.data);
    expect(prepared.description).toBe('friedman1 (1000 rows, 10 features, 1 target)');
    expect([prepared.train.rows, prepared.test?.rows, prepared.train.task]).toEqual([800, 200, 'regression']);
  });
});

describe('data.targetScaling', () => {
  const mean = (y: ArrayLike<number>) => Array.from(y).reduce((a, b) => a + b, 0) / y.length;

  it('standardises regression targets by default with the training rows, leaving test targets in their units', () => {
    const prepared = loadData(validateConfig({ data: { builtin: 'friedman1', split: { test: 0.2, validation: 0.2, seed: 0 } } }).data);
    expect(prepared.targetScaler?.mean?.[0]).toBeCloseTo(mean(loadData(validateConfig({ data: { builtin: 'friedman1', targetScaling: 'none', split: { test: 0.2, validation: 0.2, seed: 0 } } }).data).train.y), 4);
    expect(Math.abs(mean(prepared.train.y))).toBeLessThan(1e-5);
    expect(Math.abs(mean(prepared.validation!.y))).toBeLessThan(0.3);
    expect(mean(prepared.test!.y)).toBeGreaterThan(10);
  });

  it('none keeps the raw targets; standard on a classifier is a ConfigError naming the field', () => {
    expect(loadData(validateConfig({ data: { builtin: 'friedman1', targetScaling: 'none' } }).data).targetScaler).toBeUndefined();
    expect(loadData(validateConfig({ data: { builtin: 'iris' } }).data).targetScaler).toBeUndefined();
    expect(() => loadData(validateConfig({ data: { builtin: 'iris', targetScaling: 'standard' } }).data)).toThrow(ConfigError);
    expect(() => loadData(validateConfig({ data: { builtin: 'iris', targetScaling: 'standard' } }).data)).toThrow('data.targetScaling must be left out (or none) for a classification task, got "standard"');
  });
});
