// hyperprop tune with tune.metrics: a study with two objectives (validation accuracy, the model's
// parameter count), Hyperband pruning on the first, the Pareto front printed and in --json, and
// the config rules exiting 2 with the field path.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlpParameterCount } from '../../src/tune/objectives/parameter-count.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { dominates } from '../../src/tune/multi-objective/pareto.ts';
import { hyperpropInProcess } from './run-in-process.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

const { dir, write: config } = tempFolder('hyperprop-tune-metrics-');


describe('hyperprop tune with several metrics', () => {
  it('tunes accuracy against parameter count, prunes on accuracy and prints the Pareto front', async () => {
    const db = join(dir, 'mo.db');
    const path = config('iris-mo.yaml', `
data: { builtin: iris, split: { validation: 0.2, seed: 1 } }
tune:
  metrics: [accuracy, params]
  epochs: 3
  trials: 8
  seed: 2
  pruner: { type: hyperband, minResource: 1, reductionFactor: 3 }
  space:
    lr: { type: float, low: 0.01, high: 0.3, log: true }
    units: { type: categorical, choices: [2, 4, 16, 32] }
`);
    const { code, stdout, stderr } = await hyperpropInProcess(['tune', path, '--json', '--storage', db]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('accuracy (maximize), params (minimize)');
    expect(stderr).toMatch(/a Pareto front of \d+ trials? \(\d+: accuracy [0-9.]+, params \d+/);

    const [outcome] = JSON.parse(stdout).studies;
    expect(outcome.trials).toBe(8);
    const front: { trial: number; values: number[]; params: { units: number } }[] = outcome.paretoFront;
    expect(front.length).toBeGreaterThan(0);
    const storage = new SqliteStorage(db);
    const record = (await storage.getStudy('hyperprop'))!;
    expect(record.directions).toEqual(['maximize', 'minimize']);
    const complete = await storage.getTrials(record.id, ['complete']);
    await storage.close();
    // The second value is the size of the network the trial trained: 4 features, 3 classes.
    for (const t of complete) expect(t.values![1]).toBe(mlpParameterCount({ units: [t.params['units'] as number] }, 4, 3));
    const expected = complete.filter((t) => !complete.some((o) => dominates(['maximize', 'minimize'], o.values!, t.values!)));
    expect(front.map((f) => f.trial)).toEqual(expected.map((t) => t.number));
    // Run again on the full study (no trial left to run): the result lines list the front, not one best trial.
    const again = await hyperpropInProcess(['tune', path, '--storage', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`hyperprop: Pareto front of ${front.length} trial`);
    for (const f of front) expect(again.stdout).toContain(`  trial ${f.trial}: `);
    expect(again.stdout).not.toContain('hyperprop: best');
  });

  it('exits 2 naming tune.metrics when the first is not a validation metric, one repeats, or metric is given too', async () => {
    const first = await hyperpropInProcess(['tune', config('m1.yaml', 'data: { builtin: iris }\ntune: { trials: 1, metrics: [params, accuracy] }\n')]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('tune.metrics[0] must be a validation metric, one of accuracy, loss for a classification task (trials report it to the pruners), got "params"');
    const second = await hyperpropInProcess(['tune', config('m2.yaml', 'data: { builtin: iris }\ntune: { trials: 1, metrics: [accuracy, loss] }\n')]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('tune.metrics[1] must be one of params (a validation metric may only come first), got "loss"');
    const both = await hyperpropInProcess(['tune', config('m3.yaml', 'data: { builtin: iris }\ntune: { trials: 1, metric: accuracy, metrics: [accuracy, params] }\n')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('tune.metrics must not be given with tune.metric or tune.direction');
  });

  it('counts weights and biases of every layer', () => {
    // 4 → 8 → 5 → 3: (4·8 + 8) + (8·5 + 5) + (5·3 + 3)
    expect(mlpParameterCount({ units: [8, 5] }, 4, 3)).toBe(40 + 45 + 18);
  });
});
