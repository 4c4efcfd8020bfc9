// No kernel call allocates: 200,000 calls of each kernel on each backend run without a single
// garbage collection (V8's young generation would fill with any per-call garbage).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LOADED } from './backends.ts';

const PROBE = new URL('../fixtures/allocation-probe.ts', import.meta.url).pathname;

describe('kernels allocate nothing per call', () => {
  it.each(LOADED)('%s: zero garbage collections over 200,000 calls of each kernel', (name) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', PROBE, name], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const collections = JSON.parse(run.stdout) as Record<string, number>;
    expect(collections).toEqual({ gemm: 0, activation: 0, loss: 0, adam: 0, clip: 0, dropout: 0 });
  }, 120_000);
});
