import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';
import { createStudy } from '../../src/tune/study.ts';

describe('Study.stop', () => {
  it('keeps the read-and-clear of its request out of the public API', async () => {
    const study = await createStudy();
    expect('consumeStop' in study).toBe(false);
    expect(Object.keys(api)).not.toContain('consumeStopRequest');
    expect(Object.keys(api)).not.toContain('requestStop');
  });

  it('stops a running optimize after the trial that asked, and a later optimize runs again', async () => {
    const study = await createStudy({ seed: 1 });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), {
      nTrials: 10,
      callbacks: [(s, trial) => (trial.number === 2 ? s.stop() : undefined)],
    });
    expect((await study.trials()).length).toBe(3);
    study.stop();
    // A request left from before optimize started is dropped, not applied to the next run.
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 2 });
    expect((await study.trials()).length).toBe(5);
  });
});
