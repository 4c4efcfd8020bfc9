// Hostile JavaScript against every kernel (getters that detach or shrink buffers, tampered
// dense stacks, proxies, typed-array subclasses, shared and detached buffers, sizes that are
// not sizes): the child process must never die from a signal, and js, wasm and native must
// answer each call alike. The cases run in a child because an out-of-bounds access in native
// code ends the process rather than failing an assertion.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledEntry } from '../fixtures/compiled-entry.ts';
import { LOADED, REQUIRE_ALL } from './backends.ts';

// Compiled once to plain JavaScript (compiled-entry.ts): the same code tsx would run, without
// tsx's loader in the child (~0.25 s of CPU).
const CHILD = 'test/fixtures/hostile-calls.ts';

describe('hostile calls', () => {
  it('never crash the process, and every backend answers each one with the same error class', async () => {
    const names = LOADED.map(([name]) => name);
    if (REQUIRE_ALL) expect(names).toEqual(['js', 'wasm', 'native']);
    expect(names.length, 'at least one compiled backend must load to compare against js').toBeGreaterThan(1);
    const run = spawnSync(process.execPath, [await compiledEntry(CHILD), ...names], { encoding: 'utf8', timeout: 120_000 });
    expect(run.signal, `the child died: ${run.stderr.slice(-2000)}`).toBeNull();
    expect(run.stderr.slice(-4000)).toBe('');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { backends: string[]; kernels: number; swept: number; cases: number; outcomes: Record<string, number> };
    expect(summary.backends).toEqual(names);
    expect(summary.kernels).toBe(27);
    expect(summary.swept).toBeGreaterThan(1500);
    expect(summary.cases - summary.swept).toBeGreaterThanOrEqual(1000);
    // Each kind of answer occurred: the attacks were neither all rejected nor all harmless.
    for (const answer of ['ok', 'TypeError', 'RangeError', 'HostileError']) expect(summary.outcomes[answer], answer).toBeGreaterThan(0);
  }, 150_000);
});
