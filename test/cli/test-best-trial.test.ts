// tune refits the best trial on training + validation rows (its scaler refit on them) and
// scores that model once on the test split; the summary's test score is the refit model's.
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
  it('tune scores the best trial refit on training + validation rows on the test split', async () => {
    const config = validateConfig({
      data: { builtin: 'wine', split: { test: 0.2, validation: 0.2, seed: 5 } },
      tune: { epochs: 6, trials: 4, seed: 2, space: { lr: { type: 'float', low: 0.003, high: 0.1, log: true }, units: { type: 'categorical', choices: [8, 16] } } },
    });
    const result = await runTuning({ config, baseDir: process.cwd() }, {}, new Output({ quiet: true }, sink(), sink()));
    await result.storage.close();
    const [study] = result.studies;
    const best = bestTrial(study!)!;
    const raw = loadData({ ...config.data, scaling: 'none' });
    const again = testBestTrial(best, { train: raw.train, validation: raw.validation! }, raw.test!, 'standard');
    expect(again.refit.rows).toBe(raw.train.rows + raw.validation!.rows);
    expect(again.refit.epochs).toBe(6);
    expect(study!.test!.trial).toBe(best.number);
    expect(result.outcomes[0]!.test!.accuracy).toBeGreaterThan(0.5);
    expect(result.outcomes[0]!.test).toEqual(again.test!.metrics);
    expect(result.refit!.trial).toBe(best.number);
    expect(Array.from(result.refit!.model.parameters)).toEqual(Array.from(again.refit.model.parameters));
  });
});
