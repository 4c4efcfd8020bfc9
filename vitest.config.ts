import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores: two test files at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    // A PostgreSQL server for the storage tests (or PG_TEST_URL's).
    globalSetup: ['test/setup/postgres.ts'],
  },
});
