// For the test file that calls it: one export of a module wrapped in vi.fn (the real function
// still runs), installed on a fresh module registry, so that the modules the file then imports
// (the sampler under test) call the wrapper. The suite shares one registry per worker
// (isolate: false), so the wrapper is removed again after the file, and its calls are cleared
// after each test. `path` is relative to this folder, as the calling files sit beside it.
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

export function spyOnExport(path: string, name: string): void {
  beforeAll(() => {
    vi.resetModules();
    vi.doMock(path, async (importOriginal) => {
      const original = await importOriginal<Record<string, (...args: never[]) => unknown>>();
      return { ...original, [name]: vi.fn(original[name]) };
    });
  });
  afterEach(async () => {
    const module = (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
    vi.mocked(module[name] as () => unknown).mockClear();
  });
  afterAll(() => {
    vi.doUnmock(path);
    vi.resetModules();
  });
}
