// No kernel call allocates. Each kernel runs 100,000 times on each backend under V8's
// sampling heap profiler; everything sampled, profiler bookkeeping included, must stay under
// 1 byte per call (one boxed double would be 16). The child compiles on its main thread, so the
// measured calls run optimised code however busy the cores are (with the background compiler
// starved, unoptimised code boxed numbers: ~17 B/call).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LOADED } from './backends.ts';

const PROBE = new URL('../fixtures/allocation-probe.ts', import.meta.url).pathname;

describe('kernels allocate nothing per call', () => {
  it.each(LOADED)('%s: under 1 byte allocated per call for every kernel', (name) => {
    const run = spawnSync(process.execPath, ['--no-concurrent-recompilation', '--import', 'tsx', PROBE, name], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const bytesPerCall = JSON.parse(run.stdout) as Record<string, number>;
    expect(Object.keys(bytesPerCall)).toEqual(['gemm', 'activation', 'loss', 'adam', 'sgd', 'clip', 'dropout']);
    for (const [kernel, bytes] of Object.entries(bytesPerCall)) expect(bytes, kernel).toBeLessThan(1);
  }, 120_000);
});
