import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/interop needs Python with Optuna: `npm run test:interop` (vitest.interop.config.ts).
    exclude: [...configDefaults.exclude, 'test/interop/**'],
    // Two cores: two test files at a time.
    maxWorkers: 2,
    // Test files share each worker's module registry instead of reloading every module per file
    // (that reload was half the suite's CPU). So a test restores any global state it changes
    // (the backend choice, process.env, timers) before it ends.
    isolate: false,
    testTimeout: 30_000,
    // A PostgreSQL server for the storage tests (or PG_TEST_URL's).
    globalSetup: ['test/setup/postgres.ts'],
  },
});
