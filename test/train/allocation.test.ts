// No allocation per training step: with the garbage collector kept out of the way, six epochs
// of 4,000 single-row steps grow the heap by only the per-epoch history (one boxed number per
// step would already be 16 bytes); predictInto allocates nothing per call, with an input scaler too. Both for plain dense
// layers, with dropout, batch norm, a residual sum and L1/L2 penalties, and with input noise
// and mixup on the batches. The child compiles on its main thread and has no memory reducer:
// with V8's background compiler starved of CPU (two test files on two cores), the measured steps
// ran in unoptimised code that boxes numbers (17 B/step), and an idle-time GC could land inside
// the measurement; neither depends on the code under test.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LOADED } from '../backend/backends.ts';

const STEADY_JIT = ['--no-concurrent-recompilation', '--no-memory-reducer'];
const PROBE = new URL('../fixtures/training-allocation-probe.ts', import.meta.url).pathname;

describe('training allocates nothing per step', () => {
  it.each(LOADED.flatMap(([name]) => [[name, 'plain'], [name, 'regularized'], [name, 'augmented']]))('%s, %s layers', (name, variant) => {
    const run = spawnSync(process.execPath, [...STEADY_JIT, '--min-semi-space-size=256', '--max-semi-space-size=256', '--import', 'tsx', PROBE, name, variant], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { fitPerStep: number; fitPerEpoch: number; predictPerCall: number; predictScaledPerCall: number; collections: number };
    expect(result.collections, 'no garbage collection may run while measuring').toBe(0);
    expect(result.fitPerStep).toBeLessThan(2);
    expect(result.fitPerEpoch).toBeLessThan(8192);
    expect(result.predictPerCall).toBeLessThan(0.5);
    expect(result.predictScaledPerCall, 'predictInto with an inputScaler').toBeLessThan(0.5);
  }, 120_000);

  // trainInWorker's callback reads the abort flag after every step; the backend does not matter.
  it('js, plain layers under trainInWorker\'s abort watch', () => {
    const run = spawnSync(process.execPath, [...STEADY_JIT, '--min-semi-space-size=256', '--max-semi-space-size=256', '--import', 'tsx', PROBE, 'js', 'watched'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { fitPerStep: number; collections: number };
    expect(result.collections, 'no garbage collection may run while measuring').toBe(0);
    expect(result.fitPerStep).toBeLessThan(2);
  }, 120_000);
});
