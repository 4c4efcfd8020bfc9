// No allocation per training step: with the garbage collector kept out of the way, six epochs
// of 4,000 single-row steps grow the heap by only the per-epoch history (well under a byte per
// step); predictInto allocates nothing per call.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LOADED } from '../backend/backends.ts';

const PROBE = new URL('../fixtures/training-allocation-probe.ts', import.meta.url).pathname;

describe('training allocates nothing per step', () => {
  it.each(LOADED)('%s', (name) => {
    const run = spawnSync(process.execPath, ['--min-semi-space-size=256', '--max-semi-space-size=256', '--import', 'tsx', PROBE, name], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { fitPerStep: number; fitPerEpoch: number; predictPerCall: number; collections: number };
    expect(result.collections, 'no garbage collection may run while measuring').toBe(0);
    expect(result.fitPerStep).toBeLessThan(1);
    expect(result.fitPerEpoch).toBeLessThan(8192);
    expect(result.predictPerCall).toBeLessThan(0.5);
  }, 120_000);
});
