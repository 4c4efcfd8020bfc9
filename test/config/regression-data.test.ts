// The regression side of the data section: the bundled friedman1 set is reachable from a config.
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/config/load-data.ts';
import { validateConfig } from '../../src/config/load-config.ts';

describe('data: builtin friedman1', () => {
  it('loads as a 1000-row regression set and splits unstratified', () => {
    const config = validateConfig({ data: { builtin: 'friedman1', split: { test: 0.2, seed: 1 } } });
    const prepared = loadData(config.data);
    expect(prepared.description).toBe('friedman1 (1000 rows, 10 features, 1 target)');
    expect([prepared.train.rows, prepared.test?.rows, prepared.train.task]).toEqual([800, 200, 'regression']);
  });
});
