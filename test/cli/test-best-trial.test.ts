// Retraining the best trial reproduces its model exactly: scored on the validation split it
// gives the trial's own value; and tune reports it on the test split.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load-config.ts';
import { loadData } from '../../src/config/load-data.ts';
import { Output } from '../../src/cli/output.ts';
import { testBestTrial } from '../../src/cli/test-best-trial.ts';
import { runTuning } from '../../src/cli/tune-run.ts';
import { bestTrial } from '../../src/report/study-data.ts';

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

describe('testBestTrial', () => {
  it('retrains the best trial to the same validation value, and tune scores it on the test split', async () => {
    const config = validateConfig({
      data: { builtin: 'wine', split: { test: 0.2, validation: 0.2, seed: 5 } },
      tune: { epochs: 6, trials: 4, seed: 2, space: { lr: { type: 'float', low: 0.003, high: 0.1, log: true }, units: { type: 'categorical', choices: [8, 16] } } },
    });
    const result = await runTuning({ config, baseDir: process.cwd() }, {}, new Output({ quiet: true }, sink(), sink()));
    await result.storage.close();
    const [study] = result.studies;
    const best = bestTrial(study!)!;
    const data = loadData(config.data);
    expect(testBestTrial(best, data.train, data.validation!)!.metrics.accuracy).toBe(best.value);
    expect(study!.test!.trial).toBe(best.number);
    expect(result.outcomes[0]!.test!.accuracy).toBeGreaterThan(0.5);
    expect(result.outcomes[0]!.test).toEqual(testBestTrial(best, data.train, data.test!)!.metrics);
  });
});
