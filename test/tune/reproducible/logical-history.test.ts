// What a reproducible study's trials wait for, and that the wait is bounded.
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tune/study.ts';
import { ReproducibleWaitError } from '../../../src/tune/trial-errors.ts';

describe('LogicalHistory waits', () => {
  it('a proposal waits for a lower trial to report, then goes on', async () => {
    const study = await createStudy({ seed: 1, reproducible: { logicalWorkers: 1 } });
    const first = await study.ask();
    // On one virtual worker, trial 1 starts when trial 0 ends: its ask waits for that.
    let asked = false;
    const second = study.ask().then((t) => ((asked = true), t));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toBe(false);
    await study.tell(first, 1);
    expect((await second).number).toBe(1);
  });

  it('fails a trial whose lower trials make no progress for waitTimeoutMs, naming them', async () => {
    const study = await createStudy({ seed: 1, reproducible: { logicalWorkers: 2, waitTimeoutMs: 100 } });
    await study.ask();
    await study.ask();
    const error = await study.ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReproducibleWaitError);
    expect((error as Error).message).toMatch(/^trial 2 waited 100 ms \(reproducible\.waitTimeoutMs\) for trials 0, 1, which made no progress/);
    // Failed, not left running: a later trial does not wait on it.
    expect((await study.trials()).map((t) => t.state)).toEqual(['running', 'running', 'failed']);
  });
});
