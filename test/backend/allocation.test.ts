// No kernel call allocates. Each kernel runs 50,000 times on each backend under V8's
// sampling heap profiler; everything sampled, profiler bookkeeping included, must stay under
// 1 byte per call (one boxed double would be 16). The child compiles on its main thread, so the
// measured calls run optimised code however busy the cores are (with the background compiler
// starved, unoptimised code boxed numbers: ~17 B/call; `--concurrent-recompilation-delay=5000`
// in place of the flag shows it at once, 7-20 B/call on js).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOADED } from './backends.ts';

const PROBE = new URL('../fixtures/allocation-probe.mjs', import.meta.url).pathname;

// The backends' children run side by side (each compiles on its own main thread).
const runs = new Map<string, Promise<Record<string, number>>>();
beforeAll(() => {
  for (const [name] of LOADED) {
    const run = promisify(execFile)(process.execPath, ['--no-concurrent-recompilation', PROBE, name], { encoding: 'utf8' }).then(({ stdout, stderr }) => {
      expect(stderr).toBe('');
      return JSON.parse(stdout) as Record<string, number>;
    });
    run.catch(() => {}); // reported by the test that awaits it
    runs.set(name, run);
  }
});

describe('kernels allocate nothing per call', () => {
  it.each(LOADED)('%s: under 1 byte allocated per call for every kernel', async (name) => {
    const bytesPerCall = await runs.get(name)!;
    expect(Object.keys(bytesPerCall)).toEqual(['gemm', 'activation', 'loss', 'adam', 'sgd', 'clip', 'dropout']);
    for (const [kernel, bytes] of Object.entries(bytesPerCall)) expect(bytes, kernel).toBeLessThan(1);
  }, 120_000);
});
