import { configDefaults, defineConfig } from 'vitest/config';

// Mutation runs take one source folder at a time and only its mirrored tests (MUTATION_TESTS,
// comma-separated globs, set by scripts/test-mutation.mjs): the whole suite per mutant is hours.
const include = (process.env.MUTATION_TESTS ?? 'test/**/*.test.ts').split(',');
const needsPostgres = include.some((glob) => glob.startsWith('test/tune') || glob.startsWith('test/**'));

export default defineConfig({
  test: {
    include,
    exclude: [...configDefaults.exclude, 'test/interop/**'],
    testTimeout: 30_000,
    globalSetup: needsPostgres ? ['test/setup/postgres.ts'] : [],
  },
});
