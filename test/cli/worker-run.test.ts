// joinStudy on a new study without tune.direction: the direction comes from the metric as
// `hyperprop tune` sets it (accuracy and r2 maximized, losses and errors minimized).
import { describe, expect, it } from 'vitest';
import { joinStudy } from '../../src/cli/worker-run.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';

const loadedWith = (metric?: string) => {
  const config = validateConfig({ data: { builtin: 'friedman1' }, tune: { trials: 2, ...(metric ? { metric } : {}) } });
  return { config, baseDir: '.' };
};

describe('joinStudy', () => {
  it.each([
    ['r2', 'maximize'],
    ['accuracy', 'maximize'],
    ['rmse', 'minimize'],
    ['loss', 'minimize'],
  ] as const)('creates a study tuning %s with direction %s', async (metric, direction) => {
    const storage = new MemoryStorage();
    const loaded = loadedWith(metric);
    await joinStudy(storage, loaded, loaded.config.tune!, { study: `s-${metric}` });
    expect((await storage.getStudy(`s-${metric}`))?.direction).toBe(direction);
  });

  it('creates a study of tune.metrics with one direction per metric', async () => {
    const storage = new MemoryStorage();
    const config = validateConfig({ data: { builtin: 'iris' }, tune: { trials: 2, metrics: ['accuracy', 'params'] } });
    await joinStudy(storage, { config, baseDir: '.' }, config.tune!, { study: 'mo' });
    expect((await storage.getStudy('mo'))?.directions).toEqual(['maximize', 'minimize']);
  });
});
