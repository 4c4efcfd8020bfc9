import { defineConfig } from 'vitest/config';

// `npm run test:interop` (scripts/test-interop.sh): files our code writes, read by Python's
// Optuna. Not part of `npm test`, which excludes test/interop.
export default defineConfig({
  test: {
    include: ['test/interop/**/*.test.ts'],
    maxWorkers: 2,
    // A Python start with Optuna's imports takes about a second; the digits study about a minute on two busy cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
