import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/interop needs Python with Optuna: `npm run test:interop` (vitest.interop.config.ts).
    exclude: [...configDefaults.exclude, 'test/interop/**'],
    // Two cores, three test files at a time: many files wait on child processes, servers or
    // timers, and a third file fills those waits (median of 5 runs 71 s, against 76 s with two).
    maxWorkers: 3,
    // Test files share each worker's module registry instead of reloading every module per file
    // (that reload was half the suite's CPU). So a test restores any global state it changes
    // (the backend choice, process.env, timers) before it ends.
    isolate: false,
    testTimeout: 30_000,
    // Transformed modules persist under node_modules/.experimental-vitest-cache (keyed by content),
    // so a rerun skips esbuild for the ~600 unchanged TypeScript files (~2-4 s of CPU; a fresh
    // clone's first run builds the cache).
    experimental: { fsModuleCache: true },
    // A PostgreSQL server for the storage tests (or PG_TEST_URL's).
    globalSetup: ['test/setup/postgres.ts'],
  },
});
