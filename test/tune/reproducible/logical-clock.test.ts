// The logical clock: list scheduling in trial-number order on virtual workers, a trial costing
// one tick per report plus one; an answer only once it cannot change.
import { describe, expect, it } from 'vitest';
import { clockFor } from '../../../src/tune/reproducible/logical-clock.ts';
import { checkReproducibleOptions } from '../../../src/tune/reproducible/options.ts';
import { makeTrial, curve } from '../pruners/study-view.ts';

describe('clockFor', () => {
  it('starts trial n when a virtual worker comes free and shows it only the trials that ended by then', () => {
    // Costs: trial 0 = 3 reports + 1 = 4 ticks, trial 1 = 0 + 1 = 1 tick.
    const trials = [makeTrial(0, curve(() => 1, 3), 'complete'), makeTrial(1, {}, 'failed')];
    expect(clockFor(2, trials, 2)).toEqual({ known: true, start: 1, seen: [1], pending: [0] });
    // On one virtual worker everything lower has ended: sequential history.
    expect(clockFor(2, trials, 1)).toEqual({ known: true, start: 5, seen: [0, 1], pending: [] });
    // With more virtual workers than trials, trial 2 starts at once and sees nothing.
    expect(clockFor(2, trials, 4)).toEqual({ known: true, start: 0, seen: [], pending: [0, 1] });
  });

  it('waits while a running trial could still end before the start, and not once it cannot', () => {
    const finished = makeTrial(1, curve(() => 1, 4), 'pruned'); // ends at tick 5
    // Trial 0 is running with 1 report: it ends at tick 2 or later, so trial 2's start is open.
    expect(clockFor(2, [makeTrial(0, curve(() => 1, 1)), finished], 2)).toEqual({ known: false, blockers: [0] });
    // With 5 reports it ends after tick 5: trial 2 starts at 5 with trial 1 seen and 0 pending.
    expect(clockFor(2, [makeTrial(0, curve(() => 1, 5)), finished], 2)).toEqual({ known: true, start: 5, seen: [1], pending: [0] });
  });

  it('refuses a history with a hole below n', () => {
    expect(() => clockFor(2, [makeTrial(1, {}, 'complete')], 2)).toThrow(/every trial below 2, got none numbered 0/);
  });
});

describe('reproducible options', () => {
  it('defaults to 4 logical workers and names a bad value', () => {
    expect(checkReproducibleOptions(true)).toEqual({ logicalWorkers: 4, waitTimeoutMs: 600_000, pollMs: 20 });
    expect(checkReproducibleOptions(false)).toBeUndefined();
    expect(() => checkReproducibleOptions({ logicalWorkers: 0 })).toThrow('reproducible.logicalWorkers must be a positive integer, got 0');
    expect(() => checkReproducibleOptions({ waitTimeoutMs: -1 })).toThrow('reproducible.waitTimeoutMs must be a positive number of ms, got -1');
  });
});
