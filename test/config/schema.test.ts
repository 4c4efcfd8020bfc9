// Config validation: every rule names its path, the rule and the value; defaults fill in; the
// shipped example configs are valid.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNE_CONFIG } from '../../src/config/defaults.ts';
import { loadConfig, validateConfig } from '../../src/config/load-config.ts';
import { configProblems as problems } from '../fixtures/config-problems.ts';

const tune = (space: object, extra: object = {}) => ({ data: { builtin: 'digits' }, tune: { trials: 2, space, ...extra } });

describe('config schema', () => {
  it('fills in the defaults of every section', () => {
    const config = validateConfig({ data: { builtin: 'iris' } });
    expect(config.data.scaling).toBe('standard');
    expect(config.model.hidden).toEqual([{ units: 64, activation: 'relu' }]);
    expect(config.training).toMatchObject({ epochs: 20, batchSize: 32, optimizer: { type: 'adam' }, traceRows: 4 });
    expect(config.tune).toBeUndefined();
    expect(validateConfig(tune({})).tune).toMatchObject({ study: 'hyperprop', epochs: 27, parallelism: 1, sampler: { type: 'random' }, pruner: { type: 'none' } });
    // Left out, the metric follows the task (accuracy or r2) once the data is loaded.
    expect(validateConfig(tune({})).tune!.metric).toBeUndefined();
  });

  it('names the path, the rule and the value of search-space mistakes', () => {
    expect(problems(tune({ lr: { type: 'float', low: 0, high: 0.1, log: true } }))).toEqual(['tune.space.lr.low must be > 0 for a log scale, got 0']);
    expect(problems(tune({ units: { type: 'int', low: 0, high: 8, log: true } }))).toEqual(['tune.space.units.low must be >= 1 for a log scale, got 0']);
    expect(problems(tune({ l2: { type: 'float', low: 0.1, high: 0.01 } }))).toEqual(['tune.space.l2.high must be >= low (0.1), got 0.01']);
    expect(problems(tune({ dropout: { type: 'float', low: 0, high: 1 } }))).toEqual(['tune.space.dropout.high must be a number >= 0 and < 1, got 1']);
    expect(problems(tune({ units: { type: 'float', low: 1, high: 3 } }))).toEqual(['tune.space.units.type must be "int" or "categorical" (the values are integers), got "float"']);
    expect(problems(tune({ batchSize: { type: 'categorical', choices: [16, 16] } }))).toEqual(['tune.space.batchSize.choices[1] must be distinct from the earlier choices, got 16']);
    expect(problems(tune({ lr: { type: 'float', low: 0.1, high: 0.4, step: 0.25 } }))).toEqual(['tune.space.lr.step must be a divisor of high - low (0.30000000000000004), got 0.25']);
    expect(problems(tune({ activation: 'gelu' }))).toEqual(['tune.space.activation must be one of "relu", "tanh", "sigmoid", got "gelu"']);
    expect(problems(tune({ optimizer: { type: 'float', low: 1, high: 2 } }))).toEqual(['tune.space.optimizer.type must be "categorical", got "float"']);
    expect(problems(tune({ momentum: 0.9 }))).toEqual(['tune.space.momentum is not a known setting (check its spelling and level)']);
  });

  it('takes tune.heartbeat (ms and retries, as the library names them) and names its mistakes', () => {
    const beat = (heartbeat: unknown) => ({ data: { builtin: 'iris' }, tune: { trials: 2, heartbeat } });
    expect(validateConfig(beat({ intervalMs: 1000, graceMs: 5000, maxRetries: 0 })).tune!.heartbeat).toEqual({ intervalMs: 1000, graceMs: 5000, maxRetries: 0 });
    expect(validateConfig(beat({ intervalMs: 1000 })).tune!.heartbeat).toEqual({ intervalMs: 1000 });
    expect(validateConfig(tune({})).tune!.heartbeat).toBeUndefined();
    expect(problems(beat({ intervalMs: 0 }))).toEqual(['tune.heartbeat.intervalMs must be an integer >= 1, got 0']);
    expect(problems(beat({ maxRetries: -1 }))).toEqual(['tune.heartbeat.maxRetries must be an integer >= 0, got -1']);
    expect(problems(beat({ intervalMs: 2000, graceMs: 2000 }))).toEqual(['tune.heartbeat.graceMs must be > tune.heartbeat.intervalMs (2000), got 2000']);
    expect(problems(beat({ graceMs: 3000 }))).toEqual(['tune.heartbeat.graceMs must be > tune.heartbeat.intervalMs (5000, the default), got 3000']);
    expect(problems(beat({ graceMS: 3000 }))[0]).toMatch(/^tune\.heartbeat\.graceMS is not a known setting/);
  });

  it('names the path of data, model, training and tune mistakes', () => {
    expect(problems({ data: { builtin: 'iris', csv: 'x.csv' } })).toEqual([
      'data must be given exactly one of builtin, csv or train (with test), got {"builtin":"iris","csv":"x.csv"}',
      'data.label must be given with csv (the label column), got nothing',
    ]);
    expect(problems({ data: { csv: 'x.csv' } })).toEqual(['data.label must be given with csv (the label column), got nothing']);
    expect(problems({ data: { builtin: 'iris', split: { test: 0.6, validation: 0.5 } } })).toEqual(['data.split must be test + validation < 1, got 1.1']);
    expect(problems({ data: { builtin: 'iris' }, model: { hidden: [{ units: 8, activation: 'softmax' }] } })[0]).toMatch(/^model\.hidden\[0\]\.activation must be one of "linear", /);
    expect(problems({ data: { builtin: 'iris' }, training: { schedule: { type: 'step' } } })).toEqual(['training.schedule.stepSize must be an integer >= 1, got nothing']);
    expect(problems({ data: { builtin: 'iris' }, training: { batchSize: 2.5 } })).toEqual(['training.batchSize must be an integer, got 2.5']);
    expect(problems({ data: { builtin: 'iris' }, tune: {} })).toEqual(['tune.trials must be given (or budgetEpochs or timeout) so the study ends, got nothing']);
    expect(problems({ data: { builtin: 'iris' }, tune: { trials: 3, epochs: 9, pruner: { type: 'hyperband', minResource: 10 } } })).toEqual(['tune.pruner.minResource must be <= tune.epochs (9), got 10']);
    expect(problems({ data: { builtin: 'iris' }, tune: { trials: 3, compare: { 'a b': {} } } })).toEqual(['tune.compare keys must be a string matching /^[A-Za-z0-9_+-]+$/, got "a b"']);
    expect(problems({ data: { builtin: 'iris', split: { test: 0.2 } }, training: { earlyStopping: { monitor: 'valAccuracy' } } })).toEqual([
      'training.earlyStopping.monitor must be a training metric (loss, accuracy ...) without data.split.validation, got "valAccuracy"',
    ]);
    expect(problems(null)).toEqual(['config must be an object, got null']);
    expect(problems({ data: { builtin: 'iris' }, training: { augment: { noise: -0.1 } } })[0]).toMatch(/^training\.augment\.noise must be .*>= 0.*, got -0\.1$/);
    expect(problems(tune({ mixup: { type: 'float', low: -1, high: 0.4 } }))[0]).toMatch(/^tune\.space\.mixup\.low must be .*>= 0.*, got -1$/);
  });

  it('augmentation: training.augment reaches fit, and noise / mixup can be tuned', async () => {
    const { buildSpace } = await import('../../src/config/build-space.ts');
    const { fitOptions } = await import('../../src/config/build-model.ts');
    const { createStudy } = await import('../../src/tune/study.ts');
    const config = validateConfig({ data: { builtin: 'iris' }, training: { augment: { noise: 0.1 } }, tune: { trials: 1, space: { mixup: { type: 'float', low: 0.1, high: 0.4 } } } });
    expect(fitOptions(config.training, undefined).augment).toEqual({ noise: 0.1 });
    const study = await createStudy({ seed: 1 });
    const trial = await study.ask();
    const hyper = await buildSpace(config.tune!.space, config.model, config.training)(trial);
    // mixup is searched; noise falls back to training.augment.noise.
    expect(hyper.mixup).toBeGreaterThanOrEqual(0.1);
    expect(hyper.mixup).toBeLessThanOrEqual(0.4);
    expect(hyper.noise).toBe(0.1);
    expect(Object.keys(trial.params)).toContain('mixup');
  });

  it('accepts the embedded default and every example config', () => {
    expect(validateConfig(DEFAULT_TUNE_CONFIG).tune?.compare).toBeDefined();
    const examples = readdirSync('examples').filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const file of examples) expect(() => loadConfig(`examples/${file}`), file).not.toThrow();
  });
});
