// The native addon's own argument checks, past TypeScript: raw calls with arrays shorter than
// the kernel touches, detached buffers, non-arrays, negative sizes and corrupted dense-stack
// plans throw instead of reading or writing out of bounds. In a child process, because a
// stray access would end the process with a signal.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledEntry } from '../fixtures/compiled-entry.ts';
import { LOADED, REQUIRE_ALL } from './backends.ts';
import { KERNEL_ROWS } from './kernel-rows.ts';

// Compiled once to plain JavaScript (compiled-entry.ts): the same code tsx would run, without
// tsx's loader in the child (~0.25 s of CPU).
const CHILD = 'test/fixtures/hostile-addon-calls.ts';
const native = LOADED.some(([name]) => name === 'native');

describe.skipIf(!native && !REQUIRE_ALL)('native binding', () => {
  it('throws for every raw call whose arrays cannot hold what the kernel touches, and never crashes', async () => {
    const run = spawnSync(process.execPath, [await compiledEntry(CHILD)], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal, `the child died: ${run.stderr.slice(-2000)}`).toBeNull();
    expect(run.stderr.slice(-4000)).toBe('');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { kernels: number; outcomes: Record<string, number>; planRuns: number; outOfRangeLabelLoss: number | null };
    expect(summary.kernels).toBe(Object.keys(KERNEL_ROWS).length);
    for (const answer of ['ok', 'RangeError', 'TypeError', 'planOk', 'planRangeError']) expect(summary.outcomes[answer], answer).toBeGreaterThan(0);
    expect(summary.planRuns).toBe(600);
    // NaN (JSON null): a label outside [0, classes) poisons the loss instead of indexing past the row.
    expect(summary.outOfRangeLabelLoss).toBeNull();
  }, 90_000);
});
